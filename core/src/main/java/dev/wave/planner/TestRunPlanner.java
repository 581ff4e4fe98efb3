package dev.wave.planner;

import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans a test run ("Run all tests across 40 test files"): the project's own test runner, in
 * parallel shards over its test files where the runner takes files (pytest, jest through npm, go
 * packages), else one run. Maven and Gradle share one build directory, so they run once.
 */
final class TestRunPlanner {
    /** Estimated time to run one test file (an estimate). */
    static final Duration TIME_PER_FILE = Duration.ofSeconds(2);

    private TestRunPlanner() {}

    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match) {
        Optional<TestCommand> command = TestCommand.detect(goal.repository());
        List<String> tests = new ArrayList<>();
        for (RepositoryFiles.FileEntry file : RepositoryFiles.list(goal.repository())) {
            if (Languages.isSource(file.path()) && GoalFacts.isTest(file.path()) && !file.path().endsWith("conftest.py")
                    && !file.path().endsWith("__init__.py")) {
                tests.add(file.path());
            }
        }
        List<String> findings = new ArrayList<>();
        findings.add(command.map(test -> "test command: " + test.command() + " (" + test.tool() + ")")
                .orElse("no test command (Maven, Gradle, npm, pytest, go, cargo, make)"));
        findings.add("scope: test files (" + tests.size() + (tests.size() == 1 ? " file)" : " files)"));
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: " + String.join(", ", match.triggers()));
        command.ifPresent(test -> notes.add("The run's check also runs " + test.command() + " before and after the tasks; "
                + "--verify none runs only the tasks below."));
        PlanBuilder builder = new PlanBuilder(goal.text(), command);
        Optional<Batching> batching = Optional.empty();
        Optional<String> shardable = command.flatMap(test -> shardCommand(test, goal));
        if (command.isEmpty()) {
            notes.add("No test command detected: an agent finds and runs the project's tests.");
            builder.verify(List.of(), true);
        } else if (shardable.isEmpty() || tests.size() < 2) {
            notes.add(command.get().tool() + " runs the whole suite at once here" + (shardable.isEmpty() ? " (its runs share one build "
                    + "directory, so they are not split)" : "") + ": one task.");
            builder.shell("run-tests", "Run the project's tests (" + command.get().tool() + ")", Roles.VALIDATOR, command.get().command(),
                    TIME_PER_FILE.multipliedBy(Math.max(1, tests.size())), PlanBuilder.TEST_TIMEOUT, List.of(), false);
        } else {
            long work = TIME_PER_FILE.toMillis() * tests.size();
            Batching batches = Scaler.batch(tests.size(), work, ExecutorKind.SHELL, TaskType.COMPUTATION, goal.limits(), goal.machine());
            batching = Optional.of(batches);
            List<List<String>> parts = Partition.of(tests, batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                builder.shell("test-shard-" + (i + 1), "Run " + part.size() + (part.size() == 1 ? " test file in " : " test files in ")
                        + Partition.describeDirectories(part), Roles.VALIDATOR, shardable.get() + " " + String.join(" ", quoted(part)),
                        TIME_PER_FILE.multipliedBy(part.size()), PlanBuilder.TEST_TIMEOUT, List.of(), false);
            }
            notes.add(tests.size() + " test files in " + parts.size() + (parts.size() == 1 ? " shard" : " shards") + " ("
                    + TIME_PER_FILE.toSeconds() + "s per file, estimate); a test that needs another file's side effects may fail alone.");
        }
        return new GeneratedPlan(builder.build(), Pattern.TEST_RUN, Pattern.TEST_RUN.taskType(), findings, notes, batching);
    }

    /** The runner's command that takes test files as arguments; empty when it cannot be split by file. */
    private static Optional<String> shardCommand(TestCommand command, Goal goal) {
        return switch (command.tool()) {
            case "pytest" -> Optional.of(command.command());
            case "npm" -> Optional.of("npm test --");
            default -> Optional.empty();
        };
    }

    private static List<String> quoted(List<String> files) {
        List<String> quoted = new ArrayList<>();
        for (String file : files) {
            quoted.add(file.matches("[\\w./-]+") ? file : "'" + file.replace("'", "'\\''") + "'");
        }
        return quoted;
    }
}
