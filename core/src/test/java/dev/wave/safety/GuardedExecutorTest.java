package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.testing.ScratchRepository;
import dev.wave.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class GuardedExecutorTest {
    @TempDir
    Path directory;

    @TempDir
    Path runDirectory;

    @Test
    void execute_backupBeforeCriticalTaskFails_taskDoesNotRunUntilABackupSucceeds() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.write(".git/wave/backups", "a file where wave keeps its backups\n");
        ScriptedExecutor delegate = new ScriptedExecutor();
        GuardedExecutor guarded = guarded(repository, delegate);
        Task task = Task.shell("migrate", "true", List.of()).withCritical(true);

        ExecutionResult first = guarded.execute(task, repository.root(), runDirectory.resolve("migrate.log"));
        repository.delete(".git/wave/backups");
        ExecutionResult second = guarded.execute(task, repository.root(), runDirectory.resolve("migrate.log"));

        assertThat(first.succeeded()).isFalse();
        assertThat(first.summary()).startsWith("not run: the backup before this critical task failed: cannot write the backup to ");
        assertThat(second.succeeded()).isTrue();
        assertThat(delegate.calls()).containsExactly("migrate");
        assertThat(guarded.steps()).singleElement().satisfies(step -> assertThat(step.backupId()).isPresent());
    }

    @Test
    void execute_criticalTaskRetried_isBackedUpOnceBeforeItsFirstAttempt() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScriptedExecutor delegate = new ScriptedExecutor().failing("migrate", 1);
        GuardedExecutor guarded = guarded(repository, delegate);
        Task task = Task.shell("migrate", "true", List.of()).withCritical(true);

        guarded.execute(task, repository.root(), runDirectory.resolve("migrate.log"));
        guarded.execute(task, repository.root(), runDirectory.resolve("migrate.log"));

        assertThat(repository.git("for-each-ref", "--format=%(refname)", "refs/wave/backups/"))
                .isEqualTo("refs/wave/backups/run-before-migrate\n");
        assertThat(runDirectory.resolve("rollback/migrate.sh")).exists();
    }

    @Test
    void execute_criticalTaskWithoutVerify_isVerifiedByTheRunsCheckNotThePlainTestCommand() throws Exception {
        Git git = Git.open(ScratchRepository.messy(directory).root()).orElseThrow();
        List<String> checked = new java.util.ArrayList<>();
        TaskExecutor check = (task, work, log) -> {
            checked.add(task.id() + ": " + task.action().describe());
            return task.id().equals("migrate") ? new ExecutionResult(Optional.of(1), true, "no new failures", List.of())
                    : new ExecutionResult(Optional.of(1), false, "1 new failure: tests.test_db.test_schema", List.of());
        };
        GuardedExecutor guarded = new GuardedExecutor(new ScriptedExecutor(), TaskExecutor.shell(), CriticalTasks.none(),
                Optional.empty(), "run", runDirectory, git.root(), Optional.of("exit 1"), Optional.empty(), Optional.of(check));

        ExecutionResult passed = guarded.execute(Task.shell("migrate", "true", List.of()).withCritical(true), git.root(),
                runDirectory.resolve("migrate.log"));
        ExecutionResult blamed = guarded.execute(Task.shell("seed", "true", List.of()).withCritical(true), git.root(),
                runDirectory.resolve("seed.log"));
        ExecutionResult own = guarded.execute(Task.shell("load", "true", List.of()).withVerify("true"), git.root(),
                runDirectory.resolve("load.log"));

        assertThat(checked).containsExactly("migrate: exit 1", "seed: exit 1");
        assertThat(passed.succeeded()).isTrue();
        assertThat(blamed.succeeded()).isFalse();
        assertThat(blamed.summary()).isEqualTo("verify failed (exit 1): 1 new failure: tests.test_db.test_schema");
        assertThat(own.succeeded()).isTrue();
        assertThat(guarded.steps()).extracting(CriticalStep::verifyOutcome)
                .containsExactlyInAnyOrder("passed: no new failures", "failed (exit 1): 1 new failure: tests.test_db.test_schema",
                        "passed");
    }

    private GuardedExecutor guarded(ScratchRepository repository, TaskExecutor delegate) {
        Git git = Git.open(repository.root()).orElseThrow();
        return new GuardedExecutor(delegate, TaskExecutor.shell(), CriticalTasks.none(),
                Optional.of(new Backups(git, Clock.systemUTC())), "run", runDirectory, git.root(), Optional.empty(),
                Optional.of(List.of("wave")));
    }
}
