package dev.wave.planner;

import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The templates that change what exists: a bug fix, a testing suite, a refactoring, and a goal no pattern matched. */
final class FixTemplates {
    private FixTemplates() {}

    static void bugFix(TemplateContext c) {
        List<String> source = c.relevant(false);
        List<String> tests = c.relevant(true);
        PlanBuilder b = c.builder;
        String reproduce = b.agent("reproduce", "Reproduce the bug with a failing test", Roles.TEST_ENGINEER,
                Duration.ofMinutes(8), List.of(),
                "Write a test that reproduces the bug described in the goal, and fails on the current code. Do not fix the bug.",
                tests, Prompts.Access.EDIT,
                List.of("a new or changed test fails on the current code for the reported reason",
                        "no product code changed"));
        String trace = b.agent("trace-root-cause", "Find the root cause", Roles.CODE_REVIEWER, Duration.ofMinutes(10), List.of(),
                "Find the root cause of the bug described in the goal by reading the code paths involved. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint names the file, function and line of the root cause and why it fails",
                        "the checkpoint proposes the smallest fix"));
        String history = b.agent("check-history", "Check recent changes and logs", Roles.CODE_ANALYZER, Duration.ofMinutes(6),
                List.of(), "Check the recent history of the code involved in the bug (git log, git blame) and any logs "
                        + "or error reports in the repository. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the recent commits that touched the code involved",
                        "it says whether one of them likely introduced the bug"));
        String fix = b.agent("implement-fix", "Implement the fix", Roles.engineerFor(c.text, source), Duration.ofMinutes(12),
                List.of(reproduce, trace, history),
                "Fix the bug described in the goal with the smallest change that makes the reproducing test pass; "
                        + "handle the failing case with a clear error instead of a crash.",
                source, Prompts.Access.EDIT,
                List.of("the reproducing test passes", "the other tests still pass", "no unrelated change"));
        c.verify(List.of(fix));
        if (!c.writesDocs()) {
            return;
        }
        b.agent("record-fix", "Record the fix in the changelog", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5), List.of(fix),
                "Record the fix where the project records changes (CHANGELOG, release notes); create nothing new if the project keeps none.",
                List.of(), Prompts.Access.EDIT_IF_NEEDED,
                List.of("the entry says what was broken and what changed", "only documentation files changed"));
    }

    static void testing(TemplateContext c) {
        PlanBuilder b = c.builder;
        List<String> source = c.relevant(false);
        String analyse = b.agent("analyse-code", "Map the code under test", Roles.TEST_ENGINEER, Duration.ofMinutes(5), List.of(),
                "Map the code the goal wants tested and the existing test setup (framework, fixtures, how tests run). Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the units to test and the test framework and conventions to use"));
        String fixtures = b.agent("test-fixtures", "Add fixtures and helpers", Roles.TEST_ENGINEER, Duration.ofMinutes(10),
                List.of(analyse), "Add the fixtures, factories and fakes the new tests need, where the project keeps them.",
                List.of(), Prompts.Access.EDIT_IF_NEEDED, List.of("the helpers exist and are used by no production code"));
        List<String> ready = new ArrayList<>(List.of(fixtures));
        if (b.tests().isEmpty()) {
            ready.add(b.agent("test-config", "Set up the test runner", Roles.DEVOPS_ENGINEER, Duration.ofMinutes(10),
                    List.of(analyse), "Set up a test runner for the project, in its language's usual way, with one command to run all tests.",
                    List.of(), Prompts.Access.EDIT, List.of("one documented command runs the tests")));
        }
        List<String> items = GoalFacts.listedItems(c.text);
        List<String> writes = new ArrayList<>();
        if (!items.isEmpty()) {
            c.findings.add(items.size() + " areas to test: " + String.join(", ", items));
            for (String item : items) {
                writes.add(b.agent("write-tests-" + CleanupPlanner.slug(item), "Write tests for " + item, Roles.TEST_ENGINEER,
                        Duration.ofMinutes(20), ready, "Write the tests the goal asks for, for " + item + " only.",
                        List.of(), Prompts.Access.EDIT,
                        List.of("the normal, edge and error cases of " + item + " are covered", "the tests pass")));
            }
        } else {
            writes.add(b.agent("write-unit-tests", "Write unit tests", Roles.TEST_ENGINEER, Duration.ofMinutes(20), ready,
                    "Write the unit tests the goal asks for.", List.of(), Prompts.Access.EDIT,
                    List.of("each unit in analyse-code's list has tests for its normal, edge and error cases", "the tests pass")));
            writes.add(b.agent("write-integration-tests", "Write integration tests", Roles.TEST_ENGINEER, Duration.ofMinutes(20),
                    ready, "Write the integration tests the goal asks for.", List.of(), Prompts.Access.EDIT,
                    List.of("the parts the goal names are tested together", "the tests pass")));
            if (BuildTemplates.E2E.matcher(c.text).find()) {
                writes.add(b.agent("write-e2e-tests", "Write end-to-end tests", Roles.INTEGRATION_VALIDATOR,
                        Duration.ofMinutes(20), ready, "Write the end-to-end tests the goal asks for.", List.of(),
                        Prompts.Access.EDIT, List.of("the main user paths are covered", "the tests pass")));
            }
        }
        c.verify(writes);
        if (!c.writesDocs()) {
            return;
        }
        b.agent("document-tests", "Document how to run the tests", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5), writes,
                "Document how to run the new tests and what they cover, where the project documents development.",
                List.of(), Prompts.Access.EDIT, List.of("a developer can run the tests from the documentation alone"));
    }

    static void refactoring(TemplateContext c) {
        PlanBuilder b = c.builder;
        List<String> source = c.relevant(false);
        String structure = b.agent("analyse-structure", "Analyse the current structure", Roles.CODE_REVIEWER,
                Duration.ofMinutes(8), List.of(), "Analyse the structure of the code the goal wants refactored. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint describes the current design and what the refactoring changes"));
        String usages = b.agent("map-usages", "Map every usage", Roles.CODE_ANALYZER, Duration.ofMinutes(8), List.of(),
                "List every place that uses the code the goal wants refactored. Change nothing.", source,
                Prompts.Access.READ_ONLY, List.of("the checkpoint lists every file and line that will need a change"));
        String plan = b.agent("plan-refactor", "Plan the refactoring", Roles.BACKEND_ENGINEER, Duration.ofMinutes(10),
                List.of(structure, usages), "Plan the refactoring in small steps that keep the code working, and split the "
                        + "files between the refactoring tasks by directory. Change nothing.",
                List.of(), Prompts.Access.READ_ONLY, List.of("the checkpoint holds the steps and the new names and signatures"));
        List<String> refactors = new ArrayList<>();
        if (source.size() >= 2) {
            Batching batches = Scaler.batch(source.size(), TemplatePlanner.AGENT_TIME_PER_FILE.toMillis() * source.size(), ExecutorKind.AGENT,
                    TaskType.CODE_ANALYSIS, c.goal.limits(), c.goal.machine());
            c.batching = Optional.of(batches);
            List<List<String>> parts = Partition.of(source, batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                refactors.add(b.agent("refactor-" + (i + 1), "Refactor " + part.size() + (part.size() == 1 ? " file in " : " files in ")
                        + Partition.describeDirectories(part), Roles.engineerFor(c.text, part),
                        TemplatePlanner.AGENT_TIME_PER_FILE.multipliedBy(part.size()).plus(Duration.ofMinutes(10)), List.of(plan),
                        "Refactor the files you own as plan-refactor's checkpoint says: " + c.text, part, Prompts.Access.EDIT,
                        List.of("the owned files follow the new design", "behaviour is unchanged")));
            }
        } else {
            refactors.add(b.agent("refactor", "Execute the refactoring", Roles.engineerFor(c.text, source), Duration.ofMinutes(20),
                    List.of(plan), "Execute the refactoring as plan-refactor's checkpoint says: " + c.text, source,
                    Prompts.Access.EDIT, List.of("the code follows the new design", "behaviour is unchanged")));
        }
        String references = b.agent("update-references", "Update remaining references", Roles.engineerFor(c.text, source),
                Duration.ofMinutes(12), refactors, "Update every remaining reference to the old design that map-usages listed.",
                List.of(), Prompts.Access.EDIT_IF_NEEDED, List.of("no reference to the old names or signatures remains"));
        if (c.writesTests()) {
            String tests = b.agent("update-tests", "Update the tests", Roles.TEST_ENGINEER, Duration.ofMinutes(15),
                    List.of(references), "Update the tests for the refactored code; add tests where behaviour was untested.",
                    List.of(), Prompts.Access.EDIT, List.of("the tests exercise the new design", "the tests pass"));
            c.verify(List.of(tests));
        } else {
            c.verify(List.of(references));
        }
        if (!c.writesDocs()) {
            return;
        }
        b.agent("document-refactor", "Update the documentation", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5),
                List.of(references), "Update documentation that describes the refactored code.", List.of(),
                Prompts.Access.EDIT_IF_NEEDED, List.of("no documentation describes the old design"));
    }

    private static final java.util.regex.Pattern IF_NEEDED = java.util.regex.Pattern.compile(
            "\\b(?:if|where|when|as) (?:it is |they are |one is |any are )?(?:needed|necessary|required)\\b|\\bif any\\b"
                    + "|\\bif (?:there (?:is|are) )?(?:anything|something|any)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern ANALYSIS = java.util.regex.Pattern.compile(
            "^(?:please\\s+)?(?:review|audit|inspect|analy[sz]e|assess|investigate|explain|summari[sz]e|describe|list|report on)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);
    private static final java.util.regex.Pattern CHANGE_WORD = java.util.regex.Pattern.compile(
            "\\b(?:fix|change|update|add|remove|delete|rewrite|refactor|improve|correct|replace|rename|write|create|apply|edit)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * What the goal lets its one agent task do: an analysis when it only asks to review, audit or
     * explain; a change only where needed when it says so ("fix it if needed"); else a change.
     */
    static Prompts.Access access(String goal) {
        if (IF_NEEDED.matcher(goal).find()) {
            return Prompts.Access.EDIT_IF_NEEDED;
        }
        if (ANALYSIS.matcher(goal.strip()).find() && !CHANGE_WORD.matcher(goal).find()) {
            return Prompts.Access.READ_ONLY;
        }
        return Prompts.Access.EDIT;
    }

    /**
     * Whether the goal is a review that changes files only if needed ("Review X and fix it if
     * needed") or not at all ("Review the error handling"): one agent task, not a bug fix's steps.
     */
    static boolean isReview(String goal) {
        return ANALYSIS.matcher(goal.strip()).find() && access(goal) != Prompts.Access.EDIT;
    }

    static void unrecognised(TemplateContext c) {
        if (!isReview(c.text)) {
            c.notes.add("No pattern recognised (cleanup, find-and-replace, import update, feature, bug fix, migration, testing, "
                + "refactoring, code generation): the plan is one agent task for the whole goal. Write a plan file for finer control.");
        }
        List<String> source = c.relevant(false);
        String role = isReview(c.text) ? Roles.CODE_REVIEWER
                : CompoundPlanner.isAboutDocumentation(c.text) ? Roles.TECHNICAL_WRITER : Roles.engineerFor(c.text, source);
        Prompts.Access access = access(c.text);
        if (access != Prompts.Access.EDIT) {
            c.notes.add(access == Prompts.Access.READ_ONLY ? "The goal only asks for an analysis: the task changes no file (type: analysis)."
                    : "The goal asks for changes only where needed: the task succeeds with or without a change, a change "
                            + "inside its scope (type: change-if-needed).");
        }
        String task = c.builder.agent("do-goal", CleanupPlanner.capitalise(ReplacePlanner.shorten(c.text)), role,
                Duration.ofMinutes(15), List.of(), c.text, source, access,
                List.of("the goal is done as stated", "nothing unrelated changed"));
        c.verify(List.of(task));
    }
}
