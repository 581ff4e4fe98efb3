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

    private GuardedExecutor guarded(ScratchRepository repository, TaskExecutor delegate) {
        Git git = Git.open(repository.root()).orElseThrow();
        return new GuardedExecutor(delegate, TaskExecutor.shell(), CriticalTasks.none(),
                Optional.of(new Backups(git, Clock.systemUTC())), "run", runDirectory, git.root(), Optional.empty(),
                Optional.of(List.of("wave")));
    }
}
