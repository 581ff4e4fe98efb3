package dev.wave.planner;

import dev.wave.plan.Durations;
import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What every template works from (the goal, the repository's files, the plan so far), and what it collects. */
final class TemplateContext {
    final Goal goal;
    final String text;
    final List<String> files;
    final PlanBuilder builder;
    final List<String> findings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    Optional<Batching> batching = Optional.empty();
    private final Set<CompoundPlanner.Concern> leftOut;

    TemplateContext(Goal goal, PatternMatcher.Match match, Set<CompoundPlanner.Concern> leftOut) {
        this.goal = goal;
        this.leftOut = Set.copyOf(leftOut);
        this.text = goal.text();
        this.files = new ArrayList<>();
        RepositoryFiles.list(goal.repository()).forEach(file -> files.add(file.path()));
        Optional<TestCommand> tests = TestCommand.detect(goal.repository());
        this.builder = new PlanBuilder(text, tests);
        if (!match.triggers().isEmpty()) {
            notes.add("Recognised by: " + String.join(", ", match.triggers()));
        }
        findings.add(tests.map(test -> "test command: " + test.command() + " (" + test.tool() + ")")
                .orElse("no test command (Maven, Gradle, npm, pytest, go, cargo, make)"));
    }

    /** Whether the template writes its own tests: not when a test part of a compound goal does. */
    boolean writesTests() {
        return !leftOut.contains(CompoundPlanner.Concern.TESTS);
    }

    /** Whether the template writes its own documentation: not when a documentation part of a compound goal does. */
    boolean writesDocs() {
        return !leftOut.contains(CompoundPlanner.Concern.DOCS);
    }

    List<String> relevant(boolean tests) {
        List<String> relevant = GoalFacts.pointedAt(text, files, goal.repository(), tests);
        if (!relevant.isEmpty()) {
            findings.add((tests ? "test files" : "files") + " the goal points at (names and contents): " + String.join(", ", relevant));
        } else if (!tests) {
            findings.add("no file named like the goal's words or holding them: the agents find their files");
        }
        return relevant;
    }

    /**
     * Fans a step out over the files of the kind the goal wants changed everywhere ("all
     * components"): one agent task per batch. Empty when the goal names no such kind or the
     * repository has fewer than two such files.
     */
    List<String> fanOut(String prefix, String role, List<String> dependsOn, String objective, List<String> criteria) {
        Optional<String> kind = GoalFacts.everyKind(text);
        if (kind.isEmpty()) {
            return List.of();
        }
        List<String> matching = GoalFacts.filesOfKind(kind.get(), files);
        if (matching.size() < 2) {
            return List.of();
        }
        Batching batches = Scaler.batch(matching.size(), TemplatePlanner.AGENT_TIME_PER_FILE.toMillis() * matching.size(),
                ExecutorKind.AGENT, TaskType.GENERAL, goal.limits(), goal.machine());
        batching = Optional.of(batches);
        findings.add(matching.size() + " " + kind.get() + " files");
        notes.add("Fanned out over " + matching.size() + " " + kind.get() + " files in " + batches.batches()
                + (batches.batches() == 1 ? " agent batch" : " agent batches") + " ("
                + Durations.format(TemplatePlanner.AGENT_TIME_PER_FILE) + " per file, estimate).");
        List<List<String>> parts = Partition.of(matching, batches.batches());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            List<String> part = parts.get(i);
            ids.add(builder.agent(prefix + "-" + (i + 1),
                    CleanupPlanner.capitalise(prefix.replace('-', ' ')) + ": " + part.size() + " " + kind.get()
                            + (part.size() == 1 ? " file in " : " files in ") + Partition.describeDirectories(part),
                    role, TemplatePlanner.AGENT_TIME_PER_FILE.multipliedBy(part.size()), dependsOn, objective, part,
                    Prompts.Access.EDIT, criteria));
        }
        return ids;
    }

    void verify(List<String> dependsOn) {
        builder.verify(dependsOn, true);
    }

    GeneratedPlan result(Pattern pattern) {
        return new GeneratedPlan(builder.build(), pattern, pattern.taskType(), findings, notes, batching);
    }
}
