package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.scale.TaskType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Plans a compound goal as one plan with a part per concern, when its parts are concerns of
 * different kinds (see {@link #accepts}): each part is planned as a goal of its
 * own (a built-in pattern where one matches, else agent tasks from the templates), its task ids
 * prefixed with the part's name ({@code add-authentication.implement}), and the parts ordered:
 * mechanical edits (cleanups, replacements, renames) first, then the code parts side by side, then
 * the test parts, then the documentation; a part the goal puts after another ("then") waits for
 * every part before it. Critical tasks of a part stay critical.
 */
final class CompoundPlanner {
    private static final java.util.regex.Pattern DOCS = compile(
            "\\b(?:docs?|documentation|readme|changelog|docstrings?|guides?|manual|release notes|wiki)\\b", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern TESTS = compile(
            "\\b(?:tests?|specs?|test suite|coverage|testing)\\b", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern CLEANUP_JUDGEMENT = compile("\\bunused imports?\\b|\\bdead code\\b",
            CASE_INSENSITIVE);
    private static final Set<String> NOT_A_NAME = Set.of("the", "a", "an", "all", "every", "each", "some", "our", "any",
            "new", "missing", "up", "also", "please", "to", "for", "of", "in", "on", "with", "and", "its", "their", "this",
            "that", "these", "those");

    private CompoundPlanner() {}

    /** The order a part's concern runs in: earlier classes first. */
    enum Concern {
        MECHANICAL,
        CODE,
        TESTS,
        DOCS
    }

    /**
     * Whether {@code parts} are concerns of different kinds (code and tests, code and docs, a cleanup
     * and code, a cleanup and a replacement...): parts that are all code ("add a column and update the
     * endpoint") are one feature, which the feature and migration templates plan as a whole. Built-in
     * edits run one part after the other, as they may touch the same files.
     */
    static boolean accepts(List<GoalParts.Part> parts) {
        Set<Object> kinds = new HashSet<>();
        for (GoalParts.Part part : parts) {
            Pattern pattern = PatternMatcher.match(part.text()).pattern();
            Concern concern = concern(part.text(), pattern);
            if (concern != Concern.MECHANICAL) {
                kinds.add(concern);
            } else if (pattern != Pattern.IMPORT_UPDATE || PatternMatcher.Replacement.find(part.text()).isPresent()
                    || ModulePlanner.namedMove(part.text()).isPresent()) {
                kinds.add(pattern); // a cleanup and a replacement are two edits; "... and update imports" follows the other part
            }
        }
        return kinds.size() >= 2;
    }

    static GeneratedPlan plan(Goal goal, List<GoalParts.Part> parts) {
        List<Task> tasks = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<List<String>> sinks = new ArrayList<>();
        List<Concern> concerns = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<TaskType> types = new LinkedHashSet<>();
        StringBuilder summary = new StringBuilder();
        Set<Concern> present = EnumSet.noneOf(Concern.class);
        parts.forEach(part -> present.add(concern(part.text(), PatternMatcher.match(part.text()).pattern())));
        for (int index = 0; index < parts.size(); index++) {
            GoalParts.Part part = parts.get(index);
            PatternMatcher.Match match = PatternMatcher.match(part.text());
            Concern concern = concern(part.text(), match.pattern());
            GeneratedPlan planned = HeuristicPlanner.plan(new Goal(part.text(), goal.repository(), goal.limits(),
                    goal.machine()), asConcern(match, concern), leftOut(concern, present));
            String name = unique(name(part.text()), names);
            types.add(planned.taskType());
            List<String> before = new ArrayList<>();
            for (int earlier = 0; earlier < index; earlier++) {
                if (part.afterPrevious() || concerns.get(earlier).ordinal() < concern.ordinal()
                        || concern == Concern.MECHANICAL && concerns.get(earlier) == Concern.MECHANICAL) {
                    before.addAll(sinks.get(earlier));
                }
            }
            List<Task> renamed = renamed(planned.plan(), name, before, goal.text(), part.text());
            tasks.addAll(renamed);
            sinks.add(sinks(renamed));
            concerns.add(concern);
            findings.add("part " + name + " (" + planned.pattern().label() + "): " + part.text());
            planned.notes().forEach(note -> notes.add(name + ": " + note));
            summary.append(index == 0 ? "" : "; ").append(name).append(" (").append(concern.name().toLowerCase(Locale.ROOT))
                    .append(before.isEmpty() ? ")" : ", after " + describe(before, name) + ")");
        }
        notes.add(0, "A compound goal, planned as " + parts.size() + " parts, one per concern: built-in edits first, code "
                + "parts side by side, tests after the code, documentation last: " + summary + "."
                + (present.contains(Concern.TESTS) || present.contains(Concern.DOCS) ? " The other parts leave "
                        + (present.contains(Concern.TESTS) ? present.contains(Concern.DOCS) ? "tests and documentation" : "tests"
                                : "documentation") + " to " + (present.contains(Concern.TESTS) && present.contains(Concern.DOCS)
                                        ? "their own parts." : "its own part.") : ""));
        Plan plan = Plan.of("generated plan", tasks).withCriticalInPrompts(false);
        return new GeneratedPlan(plan, Pattern.COMPOUND, types.size() == 1 ? types.iterator().next() : TaskType.GENERAL,
                findings, notes, Optional.empty());
    }

    /**
     * The concerns a part of concern {@code concern} leaves to the goal's other parts: tests when a
     * part writes tests, documentation when a part writes it, so that neither is done twice.
     */
    static Set<Concern> leftOut(Concern concern, Set<Concern> present) {
        Set<Concern> leftOut = EnumSet.noneOf(Concern.class);
        for (Concern dedicated : List.of(Concern.TESTS, Concern.DOCS)) {
            if (present.contains(dedicated) && concern != dedicated) {
                leftOut.add(dedicated);
            }
        }
        return leftOut;
    }

    /**
     * The pattern a part is planned with: its own, except that a test part that reads as judgement of
     * another kind ("add a regression test" reads as a bug fix) is a testing suite, and a documentation
     * part that is not a built-in edit is one writer's task.
     */
    private static PatternMatcher.Match asConcern(PatternMatcher.Match match, Concern concern) {
        Pattern pattern = match.pattern();
        if (concern == Concern.TESTS && !pattern.mechanical() && pattern != Pattern.TESTING_SUITE) {
            return new PatternMatcher.Match(Pattern.TESTING_SUITE, match.score(), List.of("a test part"));
        }
        if (concern == Concern.DOCS && !pattern.mechanical() && pattern != Pattern.UNRECOGNISED) {
            return new PatternMatcher.Match(Pattern.UNRECOGNISED, match.score(), List.of());
        }
        return match;
    }

    /** Whether a goal is about documentation: docs, the README, a changelog, docstrings, guides. */
    static boolean isAboutDocumentation(String text) {
        return DOCS.matcher(text).find();
    }

    static Concern concern(String text, Pattern pattern) {
        if (CLEANUP_JUDGEMENT.matcher(text).find()) {
            return Concern.MECHANICAL; // a cleanup's own clause: the cleanup planner plans it with the rest
        }
        if (DOCS.matcher(text).find()) {
            return Concern.DOCS;
        }
        if (pattern == Pattern.TEST_RUN || pattern == Pattern.TESTING_SUITE || TESTS.matcher(text).find()) {
            return Concern.TESTS;
        }
        return pattern.mechanical() ? Concern.MECHANICAL : Concern.CODE;
    }

    /** The part's name: its verb and first word that names something ("fix-schema", "write-tests"). */
    static String name(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!word.isEmpty() && (words.isEmpty() || !NOT_A_NAME.contains(word))) {
                words.add(word);
                if (words.size() == 2) {
                    break;
                }
            }
        }
        return words.isEmpty() ? "part" : String.join("-", words);
    }

    private static String unique(String name, Set<String> names) {
        String candidate = name;
        for (int n = 2; !names.add(candidate); n++) {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    /**
     * The part's tasks with ids under {@code name}, its first tasks waiting for {@code before}, their
     * prompts naming the whole goal and the part they belong to.
     */
    private static List<Task> renamed(Plan plan, String name, List<String> before, String goal, String part) {
        List<Task> renamed = new ArrayList<>();
        for (Task task : plan.tasks()) {
            List<String> dependsOn = new ArrayList<>();
            task.dependsOn().forEach(id -> dependsOn.add(name + "." + id));
            if (task.dependsOn().isEmpty()) {
                dependsOn.addAll(before);
            }
            Action action = task.action() instanceof Action.Agent agent
                    ? new Action.Agent(inWholeGoal(renamedPrompt(agent.prompt(), plan, name), goal, part), agent.agent(),
                            agent.change()) : task.action();
            renamed.add(new Task(name + "." + task.id(), task.title(), action, dependsOn, task.estimate(), task.role(),
                    task.critical(), task.timeout(), task.retries(), task.env(), task.verify(), task.scope(), task.network()));
        }
        return renamed;
    }

    /** The prompt with the part's task ids renamed where it names them: its own id and its inputs' checkpoints. */
    private static String renamedPrompt(String prompt, Plan plan, String name) {
        String renamed = prompt;
        for (Task task : plan.tasks()) {
            String id = task.id();
            renamed = renamed.replace("task \"" + id + "\"", "task \"" + name + "." + id + "\"")
                    .replace("\"task_id\": \"" + id + "\"", "\"task_id\": \"" + name + "." + id + "\"")
                    .replace("/" + id + ".agent.json", "/" + name + "." + id + ".agent.json");
        }
        return renamed;
    }

    /** The prompt's context naming the whole goal, and the part of it the task belongs to. */
    private static String inWholeGoal(String prompt, String goal, String part) {
        String context = "made for the goal: " + part + (part.endsWith(".") ? "" : ".");
        String whole = "made for the goal: " + goal + (goal.endsWith(".") ? "" : ".") + " This task belongs to its part \""
                + part + "\"; the other parts do the rest.";
        return prompt.replace(context, whole);
    }

    /** The tasks no other task of the part waits for. */
    private static List<String> sinks(List<Task> tasks) {
        Set<String> waitedFor = new HashSet<>();
        tasks.forEach(task -> waitedFor.addAll(task.dependsOn()));
        List<String> sinks = new ArrayList<>();
        for (Task task : tasks) {
            if (!waitedFor.contains(task.id())) {
                sinks.add(task.id());
            }
        }
        return sinks;
    }

    private static String describe(List<String> before, String name) {
        Set<String> parts = new LinkedHashSet<>();
        for (String id : before) {
            parts.add(id.substring(0, id.indexOf('.')));
        }
        parts.remove(name);
        return String.join(", ", parts);
    }
}
