package dev.wave.check;

import com.fasterxml.jackson.databind.JsonNode;
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
            } else if (outcome instanceof CheckOutcome.NotVerified unverified) {
                node.set("run", run(unverified.run()));
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
        if (outcome instanceof CheckOutcome.NotVerified) {
            return "not_verified";
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
            if (results.perTest()) {
                var tests = node.putArray("tests");
                results.tests().forEach((id, status) -> tests.addObject().put("suite", id.suite()).put("name", id.name())
                        .put("status", status.name().toLowerCase(java.util.Locale.ROOT)));
            }
        } else {
            node.putNull("source");
        }
        run.notes().forEach(node.withArray("unreadable_reports")::add);
        run.collectionError().ifPresent(error -> node.put("collection_error", error));
        return node;
    }

    /** A baseline as {@link #write} recorded it. */
    record Recorded(CheckCommand command, Baseline baseline) {}

    /**
     * The command and baseline recorded in {@code file}, with logs in its directory; empty when there is no
     * file or it holds no baseline.
     *
     * @throws java.io.UncheckedIOException when the file cannot be read
     */
    static Optional<Recorded> read(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the check record " + file + ": " + e.getMessage(), e);
        }
        JsonNode node = root.path("baseline");
        if (!node.isObject() || !root.hasNonNull("command")) {
            return Optional.empty();
        }
        String command = root.get("command").asText();
        Optional<TestResults> results = Optional.empty();
        if (node.hasNonNull("source")) {
            java.util.Map<TestId, TestResults.Status> tests = new java.util.LinkedHashMap<>();
            for (JsonNode test : node.path("tests")) {
                tests.put(new TestId(test.path("suite").asText(), test.path("name").asText()),
                        TestResults.Status.valueOf(test.path("status").asText().toUpperCase(java.util.Locale.ROOT)));
            }
            results = Optional.of(new TestResults(tests, node.path("passed").asInt(), node.path("failed").asInt(),
                    node.path("skipped").asInt(), node.get("source").asText()));
        }
        List<String> notes = new java.util.ArrayList<>();
        node.path("unreadable_reports").forEach(note -> notes.add(note.asText()));
        TestRun run = new TestRun(command, node.hasNonNull("exit_code") ? Optional.of(node.get("exit_code").asInt())
                : Optional.empty(), node.path("last_line").asText(), results,
                Math.round(node.path("seconds").asDouble() * 1000), file.resolveSibling(node.path("log").asText("baseline.log")),
                notes, node.hasNonNull("collection_error") ? Optional.of(node.get("collection_error").asText())
                        : Optional.empty());
        return Optional.of(new Recorded(new CheckCommand(command, root.path("origin").asText("check/check.json")),
                new Baseline(run)));
    }

    private static void names(ObjectNode node, String key, List<TestId> ids) {
        ids.forEach(id -> node.withArray(key).add(id.toString()));
        if (ids.isEmpty()) {
            node.putArray(key);
        }
    }
}
