package dev.wave.action;

import static dev.wave.action.Actions.parse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.FileAction;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Built-in actions under attack: while delete, replace, move and rename run, another thread keeps
 * swapping a directory of the tree for a symbolic link to a directory outside the repository that
 * holds files of the same names. Nothing outside may change, whatever the timing. Seeded: a failure
 * names its seed ({@code -Dwave.race.seed=N} replays it).
 */
final class ActionRaceTest {
    private static final int ROUNDS = 10;
    private static final int FILES = 80;
    private static final List<String> ACTIONS = List.of(
            "{name: delete, paths: [tree]}",
            "{name: replace, glob: 'tree/**', find: needle, with: thread}",
            "{name: move, paths: [tree/sub/d1, tree/sub/d2], to: moved}",
            "{name: rename, glob: 'tree/**', pattern: 'f(\\d+)', to: 'g$1'}",
            "{name: remove-empty-dirs, under: tree}");

    @TempDir
    Path base;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void swappingADirectoryForALinkToTheOutside_changesNothingOutside() throws Exception {
        long seed = Long.getLong("wave.race.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        AtomicInteger swaps = new AtomicInteger();
        for (int round = 0; round < ROUNDS; round++) {
            Path dir = Files.createDirectory(base.resolve("round" + round));
            Path outside = Files.createDirectory(dir.resolve("outside"));
            Path repo = Files.createDirectory(dir.resolve("repo"));
            fill(outside, FILES);
            fill(repo.resolve("tree/sub"), FILES);
            Map<String, String> before = snapshot(outside);
            String action = ACTIONS.get(round % ACTIONS.size());
            String swapped = random.nextBoolean() ? "tree/sub" : "tree/sub/d1";
            Path target = outside;
            if (swapped.endsWith("d1")) {
                target = outside.resolve("d1");
            }

            AtomicBoolean stop = new AtomicBoolean();
            Swapper swapper = new Swapper(repo.resolve(swapped), target, stop, random.split(), swaps);
            Thread thread = new Thread(swapper, "swapper");
            thread.start();
            ExecutionResult result;
            try {
                swapper.started.await();
                result = Actions.run(BuiltinActions.create(), repo, dir.resolve("log"), parse(action));
            } finally {
                stop.set(true);
                thread.join();
            }

            assertThat(snapshot(outside)).as("seed %d, round %d, %s while swapping %s; the action said: %s", seed, round,
                    action, swapped, result.summary()).isEqualTo(before);
            assertThat(Files.isSymbolicLink(outside)).isFalse();
        }
        assertThat(swaps.get()).as("seed %d: swaps made", seed).isPositive();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void catastrophicRegex_stopsAtTheTaskTimeout() throws Exception {
        Path repo = Files.createDirectory(base.resolve("repo"));
        Files.writeString(repo.resolve("a.txt"), "a".repeat(5_000) + "!\n");
        FileAction action = parse("{name: replace, glob: '*.txt', find: '(.*a){12}x', with: x, regex: true}");
        Task task = Actions.task(action).withTimeout(Duration.ofSeconds(1));

        long start = System.nanoTime();
        ExecutionResult result = BuiltinActions.create().execute(task, repo, base.resolve("log"));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("timed out after 1.0s; the changes made before that are listed in the checkpoint");
        assertThat(millis).as("milliseconds to stop a 1s timeout").isLessThan(10_000);
        assertThat(Files.readString(repo.resolve("a.txt"))).startsWith("aaaa");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void catastrophicRegex_stopsWhenInterrupted() throws Exception {
        Path repo = Files.createDirectory(base.resolve("repo"));
        Files.writeString(repo.resolve("a.txt"), "a".repeat(5_000) + "!\n");
        Task task = Actions.task(parse("{name: find, glob: '*.txt', contains: '(.*a){12}x', regex: true}"))
                .withTimeout(Duration.ofHours(1));
        AtomicInteger checks = new AtomicInteger();
        // the clock is read at each check for a stop: interrupt once the matcher has checked a few times
        BuiltinActions actions = new BuiltinActions(FileWork.sequential(), () -> {
            if (checks.incrementAndGet() == 20) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });

        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> actions.execute(task, repo, base.resolve("log")))
                    .isInstanceOf(InterruptedException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(checks.get()).isEqualTo(20);
    }

    private static void fill(Path directory, int files) throws IOException {
        for (int i = 0; i < files; i++) {
            Path file = directory.resolve("d" + (i % 4)).resolve("f" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "needle " + i + "\n");
        }
    }

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String relative = root.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    files.put(relative, "link -> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path)) {
                    files.put(relative + "/", "");
                } else {
                    files.put(relative, Files.readString(path));
                }
            }
        }
        return files;
    }

    /** Swaps a directory for a link to {@code target} and back, again and again, until told to stop. */
    private static final class Swapper implements Runnable {
        final java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        private final Path directory;
        private final Path target;
        private final AtomicBoolean stop;
        private final SplittableRandom random;
        private final AtomicInteger swaps;

        Swapper(Path directory, Path target, AtomicBoolean stop, SplittableRandom random, AtomicInteger swaps) {
            this.directory = directory;
            this.target = target;
            this.stop = stop;
            this.random = random;
            this.swaps = swaps;
        }

        @Override
        public void run() {
            Path aside = directory.resolveSibling(directory.getFileName() + ".aside");
            started.countDown();
            while (!stop.get()) {
                try {
                    Files.move(directory, aside, StandardCopyOption.ATOMIC_MOVE);
                    Files.createSymbolicLink(directory, target);
                    swaps.incrementAndGet();
                    spin();
                    Files.delete(directory);
                    Files.move(aside, directory, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    // the action moved or removed it meanwhile: try again
                }
                spin();
            }
            try {
                if (Files.isSymbolicLink(directory)) {
                    Files.delete(directory);
                }
            } catch (IOException e) {
                // left for the temporary directory's clean-up
            }
        }

        private void spin() {
            for (int i = random.nextInt(2_000); i > 0 && !stop.get(); i--) {
                Thread.onSpinWait();
            }
        }
    }
}
