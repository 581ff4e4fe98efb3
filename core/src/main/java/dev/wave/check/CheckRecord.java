package dev.wave.check;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.check.TestResults.TestId;
import dev.wave.journal.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code check/check.json} in the run directory: the command, the baseline and the outcome after
 * the tasks, each run with its exit code, counts, failing tests, duration and log. Utility class.
 */
final class CheckRecord {
    private CheckRecord() {}

    static void write(Path file, CheckCommand command, Baseline baseline, Optional<CheckOutcome> after) {
        ObjectNode root = Json.object();
        root.put("command", command.command());
        root.put("origin", command.origin());
        root.set("baseline", run(baseline.run()));
        if (after.isPresent()) {
            CheckOutcome outcome = after.get();
            ObjectNode node = root.putObject("after");
            node.put("outcome", label(outcome));
            node.put("blames_run", outcome.blamesRun());
            node.put("description", outcome.describe());
            if (outcome instanceof CheckOutcome.NewFailures fresh) {
                names(node, "new_failures", fresh.tests());
                node.set("run", run(fresh.run()));
            } else if (outcome instanceof CheckOutcome.NoNewFailures none) {
                names(node, "still_failing", none.stillFailing());
                node.set("run", run(none.run()));
            } else if (outcome instanceof CheckOutcome.Passed passed) {
                names(node, "fixed", passed.fixed());
                node.set("run", run(passed.run()));
            }
        } else {
            root.putNull("after");
        }
        Json.write(file, root);
    }

    private static String label(CheckOutcome outcome) {
        if (outcome instanceof CheckOutcome.Passed) {
            return "passed";
        }
        if (outcome instanceof CheckOutcome.NoNewFailures) {
            return "no_new_failures";
        }
        if (outcome instanceof CheckOutcome.NewFailures) {
            return "new_failures";
        }
        if (outcome instanceof CheckOutcome.CouldNotRun) {
            return "could_not_run";
        }
        throw new AssertionError(outcome);
    }

    private static ObjectNode run(TestRun run) {
        ObjectNode node = Json.object();
        run.exitCode().ifPresentOrElse(code -> node.put("exit_code", code), () -> node.putNull("exit_code"));
        node.put("last_line", run.lastLine());
        node.put("seconds", Json.seconds(run.millis()));
        node.put("log", run.log().getFileName().toString());
        if (run.results().isPresent()) {
            TestResults results = run.results().get();
            node.put("source", results.source());
            node.put("passed", results.passed());
            node.put("failed", results.failed());
            node.put("skipped", results.skipped());
            names(node, "failures", results.failures());
        } else {
            node.putNull("source");
        }
        run.notes().forEach(node.withArray("unreadable_reports")::add);
        return node;
    }

    private static void names(ObjectNode node, String key, List<TestId> ids) {
        ids.forEach(id -> node.withArray(key).add(id.toString()));
        if (ids.isEmpty()) {
            node.putArray(key);
        }
    }
}
