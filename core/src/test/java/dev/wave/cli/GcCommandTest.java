package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** wave gc: old run directories go, the journal's history and every backup stay. */
@Timeout(120)
final class GcCommandTest {
    @TempDir
    Path directory;

    @Test
    void gc_keepsTheNewestRuns_andLeavesHistoryAndBackupsAlone() throws IOException {
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "a.txt", "a\n");
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "tasks:\n  - id: touch\n    run: echo x >> a.txt\n");
        for (int run = 0; run < 3; run++) {
            assertThat(Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                    "--verify", "none", "--progress", "quiet").exitCode()).isZero();
        }
        Path newest = repository.root().resolve(".wave/runs/latest").toRealPath();
        String backups = repository.git("for-each-ref", "refs/wave/backups/");

        Cli.Result result = Cli.run("gc", "--keep", "1", "--repo", repository.root().toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Removed 2 run directories (").contains("; kept 1 finished run (--keep 1).\n")
                .endsWith("Dropped 8 events of their tasks from the journal (their history and measured durations stay).\n");
        assertThat(runDirectories(repository.root())).as("the newest run, even when all three started in one second")
                .containsExactly(newest);
        assertThat(repository.git("for-each-ref", "refs/wave/backups/")).isEqualTo(backups);
        assertThat(Cli.run("history", "--repo", repository.root().toString()).out().lines()
                .filter(line -> line.contains("succeeded"))).hasSize(3);
        try (dev.wave.journal.RunStore store = dev.wave.journal.RunStore.open(repository.root())) {
            String kept = newest.getFileName().toString();
            for (dev.wave.journal.RunRow run : store.runs()) {
                List<String> kinds = store.events(run.runId()).stream().map(dev.wave.journal.RunStore.EventRow::kind).toList();
                if (run.runId().equals(kept)) {
                    assertThat(kinds).contains("attempt_started", "attempt_ended", "task_ended");
                } else {
                    assertThat(kinds).as("a removed run keeps its history and its task's measured duration")
                            .containsOnly("run_started", "backup", "commit", "rollback", "run_ended", "duration")
                            .contains("run_started", "run_ended", "duration");
                }
            }
        }
    }

    @Test
    void gc_removesTheWorktreesBranchesAndSnapshotsOfTheAgentRunsItRemoves() throws IOException {
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "a.txt", "a\n");
        Path claude = dev.wave.testing.FakeAgents.install(directory.resolve("bin")).executable("claude");
        Path failing = Files.writeString(directory.resolve("agent.yaml"), "tasks:\n  - id: edit\n    prompt: Edit a.txt\n"
                + "    env: {WAVE_FAKE_AGENT_SCRIPT: no-result, WAVE_FAKE_AGENT_FILES: a.txt}\n");
        Path plain = Files.writeString(directory.resolve("plan.yaml"), "tasks:\n  - id: touch\n    run: echo x >> a.txt\n");
        Cli.Result agentRun = Cli.run("run", "--plan", failing.toString(), "--repo", repository.root().toString(), "--yes",
                "--verify", "none", "--progress", "quiet", "--agent", claude + " -p {prompt}");
        assertThat(agentRun.exitCode()).as(agentRun.out() + agentRun.err()).isEqualTo(1);
        assertThat(repository.git("branch", "--list", "wave/*")).as("the failed attempt's branch, kept").isNotBlank();
        assertThat(Cli.run("run", "--plan", plain.toString(), "--repo", repository.root().toString(), "--yes",
                "--verify", "none", "--progress", "quiet").exitCode()).isZero();

        Cli.Result result = Cli.run("gc", "--keep", "1", "--repo", repository.root().toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(repository.git("branch", "--list", "wave/*")).isBlank();
        assertThat(repository.git("worktree", "list").lines()).hasSize(1);
        assertThat(repository.git("for-each-ref", "refs/wave/agent-bases/")).isBlank();
        try (Stream<Path> left = Files.list(repository.root().resolve(".wave/worktrees"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void keepBelowOne_isRefusedInOneLine_andNothingIsRemoved() throws IOException {
        ScratchRepository repository = ScratchRepository.empty(directory.resolve("repo"));

        Cli.Result result = Cli.run("gc", "--keep", "0", "--repo", repository.root().toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: --keep must be at least 1, got 0. wave keeps the newest run always.\n");
    }

    private static List<Path> runDirectories(Path root) throws IOException {
        try (Stream<Path> entries = Files.list(root.resolve(".wave/runs"))) {
            return entries.filter(entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }
}
