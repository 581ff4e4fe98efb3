package dev.wave.action;

import static dev.wave.action.Actions.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class BuiltinActionsTest {
    @TempDir
    Path base;

    private Path manyFiles(int count) throws IOException {
        Path repo = base.resolve("repo");
        for (int i = 0; i < count; i++) {
            Path file = repo.resolve("d" + (i % 10)).resolve("f" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, i % 3 == 0 ? "old old\n" : "nothing\n");
        }
        return repo;
    }

    @Test
    void parallel_replaceUsesHelpers_andGivesTheSameResultAsSequential() throws Exception {
        Path repo = manyFiles(600);
        AtomicInteger helpersStarted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            BuiltinActions parallel = BuiltinActions.parallel(task -> {
                helpersStarted.incrementAndGet();
                pool.execute(task);
            }, 4);

            ExecutionResult result = Actions.run(parallel, repo, base.resolve("log"),
                    parse("{name: replace, glob: '**/*.txt', find: old, with: new}"));

            assertThat(helpersStarted.get()).isEqualTo(3);
            assertThat(result.summary()).isEqualTo("replaced 400 occurrences in 200 files (searched 600 files)");
            assertThat(result.filesChanged()).hasSize(200).isSorted();
            assertThat(Files.readString(repo.resolve("d0/f0.txt"))).isEqualTo("new new\n");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failureOnOneFile_failsTheTask_keepingWhatChangedAndTheOriginal() throws Exception {
        Path repo = manyFiles(30);
        Path locked = repo.resolve("d0");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(locked), "running as root: permissions do not stop writes");
            ExecutionResult result = Actions.run(BuiltinActions.create(), repo, base.resolve("log"),
                    parse("{name: replace, glob: '**/*.txt', find: old, with: new}"));

            assertThat(result.succeeded()).isFalse();
            assertThat(result.summary()).startsWith("failed on d0/").contains("Permission denied");
            assertThat(Files.readString(repo.resolve("d0/f0.txt"))).isEqualTo("old old\n");
            try (var files = Files.list(locked)) {
                assertThat(files.map(Path::toString)).noneMatch(name -> name.contains(".wave-"));
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void fileSystemFailure_isOneLineNamingTheRelativeFile() throws Exception {
        Path repo = Files.createDirectories(base.resolve("repo")).toRealPath();

        assertThat(BuiltinActions.describe(new java.nio.file.AccessDeniedException(repo.resolve("src/a.py").toString()), repo))
                .isEqualTo("failed on src/a.py: permission denied. Fix it and run the task again; "
                        + "the changes made before it are listed in the checkpoint");
        assertThat(BuiltinActions.describe(new java.nio.file.FileSystemException("/elsewhere/x", null, "No space left on device"), repo))
                .isEqualTo("failed on /elsewhere/x: No space left on device. Fix it and run the task again; "
                        + "the changes made before it are listed in the checkpoint");
    }

    @Test
    void timeout_stopsBetweenFiles_andFailsWithTheChangesSoFar() throws Exception {
        Path repo = manyFiles(30);
        AtomicLong now = new AtomicLong();
        BuiltinActions actions = new BuiltinActions(FileWork.sequential(), () -> now.addAndGet(Duration.ofSeconds(1).toNanos()));
        Task task = Actions.task(parse("{name: replace, glob: '**/*.txt', find: old, with: new}"))
                .withTimeout(Duration.ofSeconds(60));

        ExecutionResult result = actions.execute(task, repo, base.resolve("log"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary())
                .isEqualTo("timed out after 1m00s; the changes made before that are listed in the checkpoint");
        assertThat(result.filesChanged()).isNotEmpty().hasSizeLessThan(10);
    }

    @Test
    void interrupt_throwsInterruptedException_beforeChangingAnything() {
        SampleRepo sample = SampleRepo.create(base);
        Map<String, String> before = sample.snapshot();
        Task task = Actions.task(parse("{name: delete, glob: '**'}"));

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> BuiltinActions.create().execute(task, sample.repo, base.resolve("log")))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void fileWork_runsEveryItemExactlyOnce_whateverTheSize() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            FileWork work = new FileWork(pool, 4);
            Workspace workspace = new Workspace(base, System::nanoTime, java.util.Optional.empty());
            for (int size : new int[] {0, 1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1000, 4099}) {
                List<Integer> items = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    items.add(i);
                }
                java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(size);

                work.forEach(items, workspace, runs::incrementAndGet);

                for (int i = 0; i < size; i++) {
                    assertThat(runs.get(i)).as("runs of item %d of %d", i, size).isEqualTo(1);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fileWork_successiveTakesComeFromDistantRegions_soThreadsRarelyShareADirectory() throws Exception {
        FileWork work = new FileWork(Runnable::run, 4); // each helper runs at once, on this thread, and takes all
        Workspace workspace = new Workspace(base, System::nanoTime, java.util.Optional.empty());
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 1024; i++) {
            items.add(i);
        }
        List<Integer> order = new ArrayList<>();

        work.forEach(items, workspace, order::add);

        assertThat(order).hasSize(1024).doesNotHaveDuplicates();
        int chunk = FileWork.CHUNK;
        assertThat(List.of(order.get(0), order.get(chunk), order.get(2 * chunk), order.get(3 * chunk), order.get(4 * chunk)))
                .containsExactly(0, 256, 512, 768, chunk);
        assertThat(order.subList(0, chunk)).isSorted();
    }

    @Test
    void fileWork_withOneThread_keepsTheListOrder() throws Exception {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            items.add(i);
        }
        List<Integer> order = new ArrayList<>();

        FileWork.sequential().forEach(items, new Workspace(base, System::nanoTime, java.util.Optional.empty()), order::add);

        assertThat(order).isEqualTo(items);
    }

    @Test
    void fileWork_doesNotWaitForHelpersThatNeverStarted() throws Exception {
        List<Runnable> queued = new ArrayList<>();
        FileWork work = new FileWork(queued::add, 4); // a busy pool: nothing it is given runs yet
        Workspace workspace = new Workspace(base, System::nanoTime, java.util.Optional.empty());
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(i);
        }
        AtomicInteger done = new AtomicInteger();

        work.forEach(items, workspace, item -> done.incrementAndGet());
        queued.forEach(Runnable::run); // the helpers start late and find nothing to do

        assertThat(queued).hasSize(3);
        assertThat(done.get()).isEqualTo(500);
    }

    @Test
    void fileWork_interrupt_stopsEveryThread_andEndsInInterruptedIOException() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            FileWork work = new FileWork(pool, 4);
            Workspace workspace = new Workspace(base, System::nanoTime, java.util.Optional.empty());
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                items.add(i);
            }
            AtomicInteger done = new AtomicInteger();

            assertThatThrownBy(() -> work.forEach(items, workspace, item -> {
                if (item == 100) {
                    Thread.currentThread().interrupt(); // as a cancel does, on whichever thread has this file
                }
                done.incrementAndGet();
            })).isInstanceOf(java.io.InterruptedIOException.class);
            assertThat(done.get()).isLessThan(2000);
        } finally {
            Thread.interrupted();
            pool.shutdownNow();
        }
    }

    @Test
    void fileWork_firstFailureStopsTheOthers_andIsRethrown() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            FileWork work = new FileWork(pool, 4);
            Workspace workspace = new Workspace(base, System::nanoTime, java.util.Optional.empty());
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                items.add(i);
            }
            AtomicInteger done = new AtomicInteger();

            assertThatThrownBy(() -> work.forEach(items, workspace, item -> {
                if (item == 10) {
                    throw new IOException("disk full");
                }
                done.incrementAndGet();
            })).isInstanceOf(IOException.class).hasMessage("disk full");
            assertThat(done.get()).isLessThan(999);
        } finally {
            pool.shutdownNow();
        }
    }
}
