package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.schedule.TaskState;
import dev.wave.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real wave process killed with SIGKILL at random moments, then resumed until done, and a run
 * watched and cancelled from a second process.
 */
final class ResumeAfterKillTest {
    private static final long SEED = Long.getLong("wave.test.seed", System.nanoTime());

    @TempDir
    Path repo;

    private static ProcessBuilder wave(Path repo, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(repo.resolve("../wave-" + repo.getFileName() + ".out")
                        .normalize().toFile()));
    }

    @Test
    @Timeout(180)
    void killedAtRandomMoments_thenResumed_everyTaskFinishesExactlyOnce() throws Exception {
        Random random = new Random(SEED);
        int size = 30;
        StringBuilder plan = new StringBuilder("name: killed and resumed\ntasks:\n");
        for (int task = 0; task < size; task++) {
            plan.append("  - {id: t").append(task).append(", run: \"sleep 0.0").append(1 + random.nextInt(8))
                    .append("; echo ok > out-").append(task).append(".txt\"");
            List<String> dependencies = new ArrayList<>();
            for (int earlier = Math.max(0, task - 6); earlier < task; earlier++) {
                if (random.nextInt(4) == 0) {
                    dependencies.add("t" + earlier);
                }
            }
            if (!dependencies.isEmpty()) {
                plan.append(", depends_on: [").append(String.join(", ", dependencies)).append("]");
            }
            plan.append("}\n");
        }
        Path planFile = Files.writeString(repo.resolveSibling("plan-" + repo.getFileName() + ".yaml"), plan);
        String seed = "seed " + SEED + " (rerun with -Dwave.test.seed=" + SEED + ")";

        int kills = 0;
        int exit = -1;
        for (int session = 0; session < 10 && exit != 0; session++) {
            Process wave = resumable(repo)
                    ? wave(repo, "resume", "--repo", repo.toString(), "--progress", "quiet").start()
                    : wave(repo, "run", "--plan", planFile.toString(), "--repo", repo.toString(), "--yes", "--no-backup",
                            "--agents", "2", "--progress", "quiet").start();
            if (kills < 3) {
                kills++;
                killLater(wave, random, repo);
            } else {
                assertThat(wave.waitFor(120, TimeUnit.SECONDS)).as(seed).isTrue();
            }
            exit = wave.exitValue();
        }

        assertThat(exit).as(seed + "\n" + Files.readString(repo.resolve("../wave-" + repo.getFileName() + ".out").normalize()))
                .isZero();
        try (RunStore store = RunStore.open(repo)) {
            RunRow row = store.runs().get(0);
            assertThat(row.status()).as(seed).isEqualTo("succeeded");
            Map<String, Integer> startsAfterFinish = new HashMap<>();
            Map<String, Integer> succeeded = new HashMap<>();
            for (RunStore.EventRow event : store.events(row.runId())) {
                String task = event.task().orElse("");
                if (event.kind().equals("task_ended")
                        && Checkpoint.parse(event.detail().orElseThrow()).state() == TaskState.SUCCEEDED) {
                    succeeded.merge(task, 1, Integer::sum);
                } else if (event.kind().equals("attempt_started") && succeeded.containsKey(task)) {
                    startsAfterFinish.merge(task, 1, Integer::sum);
                }
            }
            assertThat(startsAfterFinish).as(seed + ": tasks started again after they finished").isEmpty();
            assertThat(succeeded).as(seed).hasSize(size).allSatisfy((task, count) -> assertThat(count).isOne());
            RunState state = RunState.read(store, row.runId()).orElseThrow();
            Path runDirectory = repo.resolve(".wave/runs/" + row.runId());
            JsonNode summary = Json.MAPPER.readTree(runDirectory.resolve("execution_summary.json").toFile());
            assertThat(summary.get("tasks").findValuesAsText("status")).as(seed).hasSize(size).containsOnly("succeeded");
            for (int task = 0; task < size; task++) {
                Checkpoint checkpoint = Checkpoint.read(runDirectory.resolve("checkpoints/t" + task + ".json"));
                assertThat(checkpoint).as(seed).isEqualTo(state.ended().get("t" + task));
                assertThat(repo.resolve("out-" + task + ".txt")).as(seed).exists();
            }
            assertSessionFigures(summary, state.sessions(), seed);
        }
    }

    /**
     * The summary lists every process that ran the run with its active time, and measures the efficiency over their
     * sum, as {@code wave history} does from the journal.
     */
    private void assertSessionFigures(JsonNode summary, int sessions, String seed) throws Exception {
        assertThat(summary.get("sessions").asInt()).as(seed).isEqualTo(sessions);
        assertThat(summary.get("efficiency").isNull()).as(seed + ": a resumed run has an efficiency too; the summary: "
                + summary.path("efficiency_not_given").asText() + ", session_times " + summary.path("session_times")).isFalse();
        JsonNode history = Json.MAPPER.readTree(Cli.run("history", "--repo", repo.toString(), "--json").out()).get(0);
        assertThat(history.get("efficiency").asDouble()).as(seed + ": history says what the summary says")
                .isCloseTo(summary.get("efficiency").asDouble(), org.assertj.core.data.Offset.offset(0.0002));
        if (sessions == 1) {
            assertThat(summary.has("session_times")).as(seed).isFalse();
            return;
        }
        JsonNode times = summary.get("session_times");
        assertThat(times).as(seed).hasSize(sessions);
        double active = 0;
        for (JsonNode session : times) {
            active += session.get("active_seconds").asDouble();
        }
        assertThat(times.get(sessions - 1).get("ended").asBoolean()).as(seed + ": the last process ended the run").isTrue();
        assertThat(active).as(seed).isCloseTo(summary.get("active_seconds").asDouble(), org.assertj.core.data.Offset.offset(0.001))
                .isLessThanOrEqualTo(summary.get("wall_seconds").asDouble());
        double sequential = summary.get("sequential_seconds").asDouble();
        assertThat(summary.get("efficiency").asDouble()).as(seed + ": measured over the sessions' active time")
                .isCloseTo((sequential - active) / sequential, org.assertj.core.data.Offset.offset(0.001));
        assertThat(history.get("efficiency_over").asText()).as(seed).isEqualTo("active_seconds");
        JsonNode status = Json.MAPPER.readTree(Cli.run("status", "--repo", repo.toString(), "--json").out());
        assertThat(status.get("session_times")).as(seed + ": wave status lists the sessions too").hasSize(sessions);
        for (int session = 0; session < sessions; session++) {
            assertThat(status.get("session_times").get(session).get("active_seconds").asDouble()).as(seed)
                    .isEqualTo(times.get(session).get("active_seconds").asDouble());
        }
    }

    private static boolean resumable(Path repo) {
        if (!RunStore.exists(repo)) {
            return false;
        }
        try (RunStore store = RunStore.open(repo)) {
            return store.runs().stream().anyMatch(RunRow::canResume);
        }
    }

    /**
     * Kills the process with SIGKILL at a random moment: once its run has begun (or it has had 5 s), after
     * 0-600 ms more; it may end first.
     */
    private static void killLater(Process process, Random random, Path repo) throws InterruptedException {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (process.isAlive() && !Files.exists(repo.resolve(".wave/runs/latest")) && System.nanoTime() < deadline) {
                process.waitFor(10, TimeUnit.MILLISECONDS);
            }
            process.waitFor(random.nextInt(600), TimeUnit.MILLISECONDS);
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(120)
    void statusAndCancel_fromASecondProcess_seeAndStopTheRun() throws Exception {
        Path plan = Files.writeString(repo.resolveSibling("plan-" + repo.getFileName() + ".yaml"), """
                tasks:
                  - {id: quick, run: "true"}
                  - {id: slow, run: "sleep 300", depends_on: [quick]}
                  - {id: after, run: "true", depends_on: [slow]}
                """);
        Process run = wave(repo, "run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--no-backup",
                "--progress", "quiet").start();
        try {
            Await.until("wave status to show task \"slow\" running", Duration.ofSeconds(60), () -> {
                Cli.Result status = Cli.run("status", "--repo", repo.toString(), "--json");
                return status.exitCode() == 0 && status.out().contains("\"slow\"")
                        && Json.MAPPER.readTree(status.out()).get("tasks").get(1).get("status").asText().equals("running");
            });
            JsonNode live = Json.MAPPER.readTree(Cli.run("status", "--repo", repo.toString(), "--json").out());
            assertThat(live.get("live").asBoolean()).isTrue();
            assertThat(live.get("tasks").findValuesAsText("status")).containsExactly("succeeded", "running", "pending");
            assertThat(live.get("current_wave").asInt()).isEqualTo(2);
            assertThat(live.get("estimate").get("remaining_seconds").asDouble()).isPositive();

            Cli.Result cancel = Cli.run("cancel", "--repo", repo.toString());

            assertThat(cancel.exitCode()).as(cancel.err()).isZero();
            assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).isEqualTo(130);
            JsonNode after = Json.MAPPER.readTree(Cli.run("status", "--repo", repo.toString(), "--json").out());
            assertThat(after.get("status").asText()).isEqualTo("interrupted");
            assertThat(after.get("resumable").asBoolean()).isTrue();
            Cli.Result refused = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes",
                    "--no-backup");
            assertThat(refused.exitCode()).isEqualTo(3);
            assertThat(refused.err()).contains("wave resume", "wave abandon");
            Cli.Result abandoned = Cli.run("abandon", after.get("run_id").asText(), "--repo", repo.toString());
            assertThat(abandoned.exitCode()).as(abandoned.err()).isZero();
            assertThat(Cli.run("history", "--repo", repo.toString()).out()).contains("abandoned");
        } finally {
            run.destroyForcibly();
            run.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
