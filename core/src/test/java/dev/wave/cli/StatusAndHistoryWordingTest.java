package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.engine.Runs;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunStore;
import dev.wave.journal.SessionTime;
import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What 'wave status' and 'wave history' say about runs whose process died, and about runs that saved no time. */
@Timeout(120)
final class StatusAndHistoryWordingTest {
    @TempDir
    Path directory;

    @Test
    void historyEfficiency_ofARunNoFasterThanItsTaskTime_isNone_asTheRunsSummarySaysIt() {
        assertThat(HistoryCommand.percent(-0.96)).isEqualTo("none");
        assertThat(HistoryCommand.percent(-0.0001)).as("not -0%").isEqualTo("none");
        assertThat(HistoryCommand.percent(0)).isEqualTo("none");
        assertThat(HistoryCommand.percent(0.44)).isEqualTo("44%");
    }

    @Test
    void historyNotApplicable_isForAResumedRunWhoseWallTimeSpansItsProcesses_notForAResumedRunThatWasInterrupted() {
        assertThat(HistoryCommand.notApplicable(new Runs.HistoryEntry(ended("succeeded"), 1))).isTrue();
        assertThat(HistoryCommand.notApplicable(new Runs.HistoryEntry(ended("interrupted"), 1)))
                .as("interrupted: no efficiency, like a run that was never resumed, not for the n/a line's reason")
                .isFalse();
        assertThat(HistoryCommand.notApplicable(new Runs.HistoryEntry(ended("succeeded"), 0))).isFalse();
    }

    @Test
    void statusSessions_ofAResumedRun_sayWhichDied_andWhichIsStillGoing_asTheReadmeShowsThem() {
        SessionTime died = new SessionTime(1, 0, Optional.of(1_000L), Optional.of(4_000L), false);
        SessionTime noTask = new SessionTime(2, 5_000, Optional.empty(), Optional.empty(), false);
        SessionTime going = new SessionTime(3, 6_000, Optional.of(7_000L), Optional.of(8_200L), false);
        SessionTime ended = new SessionTime(3, 6_000, Optional.of(7_000L), Optional.of(8_200L), true);

        assertThat(StatusCommand.sessions(view(true, List.of(died, noTask, going))))
                .isEqualTo("1: 3.0s (died: at least), 2: no task ran, 3: 1.2s so far");
        assertThat(StatusCommand.sessions(view(false, List.of(died, noTask, going))))
                .as("the last process died too").isEqualTo("1: 3.0s (died: at least), 2: no task ran, 3: 1.2s (died: at least)");
        assertThat(StatusCommand.sessions(view(false, List.of(died, noTask, ended))))
                .isEqualTo("1: 3.0s (died: at least), 2: no task ran, 3: 1.2s");
    }

    @Test
    void statusOfALargeRun_listsTheTasksWorthALook_andEveryTaskWithAll() {
        List<Runs.TaskView> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(new Runs.TaskView("t" + i, 1, i == 3 ? "running" : i == 7 ? "failed" : i == 9 ? "cancelled"
                    : i < 20 ? "succeeded" : "pending", 1, Optional.empty()));
        }

        assertThat(StatusCommand.listed(tasks, false)).extracting(Runs.TaskView::id).containsExactly("t3", "t7", "t9");
        assertThat(StatusCommand.listed(tasks, true)).hasSize(40);
        assertThat(StatusCommand.listed(tasks.subList(0, StatusCommand.LISTED), false)).as("a small run: every task")
                .hasSize(StatusCommand.LISTED);
    }

    @Test
    void status_ofARunOfMoreTasksThanItLists_saysHowManyMore_andAllListsThem() throws IOException {
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "a.txt", "a\n");
        StringBuilder yaml = new StringBuilder("tasks:\n");
        int size = StatusCommand.LISTED + 1;
        for (int i = 1; i <= size; i++) {
            yaml.append("  - id: t").append(i).append("\n    run: \"true\"\n");
        }
        Path plan = Files.writeString(directory.resolve("plan.yaml"), yaml);
        String root = repository.root().toString();
        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", root, "--yes", "--verify", "none", "--progress",
                "quiet");
        assertThat(run.exitCode()).as(run.err()).isZero();

        Cli.Result condensed = Cli.run("status", "--repo", root);
        Cli.Result all = Cli.run("status", "--repo", root, "--all");

        assertThat(condensed.exitCode()).as(condensed.err()).isZero();
        assertThat(condensed.out()).endsWith("  (" + size + " more tasks, succeeded, skipped or not started: --all lists every "
                + "task)\n").doesNotContain("  succeeded  t1 ");
        assertThat(all.out().lines().filter(line -> line.startsWith("  succeeded  t"))).hasSize(size);
        assertThat(all.out()).doesNotContain("more tasks");
    }

    private static Runs.StatusView view(boolean live, List<SessionTime> sessions) {
        return new Runs.StatusView(ended("running"), live, List.of(), 1, 1, Map.of(), Optional.empty(), sessions.size(),
                sessions);
    }

    private static RunRow ended(String status) {
        return new RunRow("20261201-101500-3f2a", "goal", "plan", status, false, 0, Optional.of(9_000L), 2, 2, "local",
                Optional.empty(), 1, 1, "{}", Optional.of(9_000L), Optional.of(12_000L), false);
    }

    @Test
    void status_ofARunWhoseProcessDied_saysItDied_notRunning_likeHistory() throws IOException {
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "a.txt", "a\n");
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "tasks:\n  - id: touch\n    run: echo x >> a.txt\n");
        String root = repository.root().toString();
        assertThat(Cli.run("run", "--plan", plan.toString(), "--repo", root, "--yes", "--verify", "none", "--progress",
                "quiet").exitCode()).isZero();
        String runId;
        try (RunStore store = RunStore.open(repository.root())) {
            runId = store.runs().get(0).runId();
            // what the journal holds after kill -9: still "running", resumable, owned by a process that is gone
            store.finished(runId, "interrupted", true, 0, 0, 0);
            store.owner(runId, ProcessHandle.current().pid(), 1);
        }

        Cli.Result text = Cli.run("status", "--repo", root);
        Cli.Result json = Cli.run("status", "--repo", root, "--json");
        Cli.Result history = Cli.run("history", "--repo", root);

        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out().lines().findFirst()).hasValue("Run " + runId + ": died (its process "
                + ProcessHandle.current().pid() + " is gone), can be resumed: wave resume " + runId);
        assertThat(Json.MAPPER.readTree(json.out()).get("status").asText()).isEqualTo("died");
        assertThat(Json.MAPPER.readTree(json.out()).get("live").asBoolean()).isFalse();
        assertThat(history.out()).contains(runId + "     died");
    }
}
