package dev.wave.worktree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A merge into the run's working tree killed after any number of its writes: what the dead process leaves on disk (the
 * first writes done, the rest staged in the task's worktree) is finished into exactly what the whole merge writes; a
 * path changed since stops the finish before it writes anything. Seeded: a failure names its seed and trial.
 */
@Timeout(60)
final class MergeFinishTest {
    @TempDir
    Path directory;

    /** What a kill looks like to the merge: it stops where it is. */
    private static final class Killed extends RuntimeException {
        Killed() {
            super("killed during the merge");
        }
    }

    @Test
    void aMergeKilledAfterAnyWrite_isFinishedIntoWhatTheWholeMergeWrites() throws Exception {
        long seed = Long.getLong("wave.fuzz.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        ScratchRepository repository = ScratchRepository.empty(directory.resolve("repo"));
        for (int file = 0; file < 6; file++) {
            repository.write("src/f" + file + ".txt", "file " + file + "\n");
        }
        repository.write("bin/run.sh", "#!/bin/sh\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        Worktrees worktrees = Worktrees.of(Git.open(repository.root()).orElseThrow(), "run-1");
        for (int trial = 0; trial < 6; trial++) {
            String context = "seed " + seed + ", trial " + trial;
            String base = repository.git("rev-parse", "HEAD").strip();
            Worktree worktree = worktrees.create("t" + trial, base, List.of());
            changeAtRandom(worktree.path(), random, trial);
            worktrees.commit(worktree, "trial " + trial);
            List<MergeWrite> intent = new ArrayList<>();
            int kept = random.nextInt(8); // writes done before the kill; past the last, the merge was complete

            assertThatThrownBy(() -> worktrees.integrate(worktree, repository.root(), writes -> {
                intent.addAll(writes);
                assertThat(MergeFinish.finish(repository.root(), writes.subList(0, Math.min(kept, writes.size()))))
                        .as(context).isInstanceOf(MergeFinish.Finished.class);
                throw new Killed();
            })).as(context).isInstanceOf(Killed.class);
            if (kept < intent.size() && random.nextBoolean()) {
                MergeWrite changed = intent.get(kept + random.nextInt(intent.size() - kept));
                Path file = repository.path(changed.path());
                String original = Files.exists(file) ? Files.readString(file) : null;
                repository.write(changed.path(), "the user's edit\n");
                Map<String, String> files = ScratchRepository.files(repository.root());

                assertThat(MergeFinish.finish(repository.root(), intent)).as(context)
                        .isEqualTo(new MergeFinish.NotFinished(changed.path() + " changed since the merge began"));
                assertThat(ScratchRepository.files(repository.root())).as(context + ": nothing written").isEqualTo(files);
                if (original == null) {
                    repository.delete(changed.path());
                } else {
                    repository.write(changed.path(), original);
                }
            }

            MergeFinish.Outcome finished = MergeFinish.finish(repository.root(), intent);

            assertThat(finished).as(context).isEqualTo(new MergeFinish.Finished(Math.max(0, intent.size() - kept), intent.size()));
            repository.git("add", "-A");
            assertThat(repository.git("diff", "--cached", "--name-status", worktree.branch())).as(context + ": against the task's branch")
                    .isEmpty();
            repository.git("commit", "-q", "--allow-empty", "-m", "merged " + trial);
            worktrees.remove(worktree, false);
        }
    }

    @Test
    void aMergeStagedOnAnotherFileSystem_isRenamedIntoPlaceWithItsModesAndLinks_andLeavesNothingBehind() throws Exception {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(directory)), "no second file system at /dev/shm");
        Path staging = Files.createTempDirectory(shm, "wave-staging-");
        try {
            Path target = Files.createDirectories(directory.resolve("tree"));
            Files.writeString(target.resolve("run.sh"), "old\n");
            Files.writeString(target.resolve("gone.txt"), "gone\n");
            Files.writeString(target.resolve(".run.sh.wave-merging"), "#!/b"); // a copy a kill cut short: replaced, then renamed
            Path script = Files.writeString(staging.resolve("0.tmp"), "#!/bin/sh\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path link = Files.createSymbolicLink(staging.resolve("1.tmp"), Path.of("run.sh"));
            List<MergeWrite> writes = List.of(
                    new MergeWrite("gone.txt", MergeFinish.sha(target.resolve("gone.txt")), java.util.Optional.empty(),
                            java.util.Optional.empty()),
                    new MergeWrite("run.sh", MergeFinish.sha(target.resolve("run.sh")), MergeFinish.sha(script),
                            java.util.Optional.of(script)),
                    new MergeWrite("sub/link", java.util.Optional.empty(), MergeFinish.sha(link), java.util.Optional.of(link)));

            assertThat(MergeFinish.finish(target, writes)).isEqualTo(new MergeFinish.Finished(3, 3));

            assertThat(Files.readString(target.resolve("run.sh"))).isEqualTo("#!/bin/sh\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("run.sh")))).isEqualTo("rwxr-xr-x");
            assertThat(Files.readSymbolicLink(target.resolve("sub/link"))).isEqualTo(Path.of("run.sh"));
            try (var listed = Files.walk(target)) {
                assertThat(listed.map(path -> target.relativize(path).toString()).sorted().toList())
                        .containsExactly("", "run.sh", "sub", "sub/link");
            }
            try (var left = Files.list(staging)) {
                assertThat(left).isEmpty();
            }
        } finally {
            dev.wave.FileTrees.delete(staging);
        }
    }

    @Test
    void aStagedContentGone_stopsTheFinish_sayingWhetherThePathIsAsItWasOrChanged() throws Exception {
        Path target = Files.createDirectories(directory.resolve("tree"));
        Files.writeString(target.resolve("a.txt"), "old\n");
        Path staged = Files.writeString(Files.createDirectories(directory.resolve("staging")).resolve("0.tmp"), "new\n");
        MergeWrite write = new MergeWrite("a.txt", MergeFinish.sha(target.resolve("a.txt")), MergeFinish.sha(staged),
                java.util.Optional.of(staged));
        Files.delete(staged);

        assertThat(MergeFinish.finish(target, List.of(write))).isEqualTo(new MergeFinish.NotFinished(
                "the merge's new content of a.txt, staged at " + staged + ", is gone"));
        Files.writeString(target.resolve("a.txt"), "the user's edit\n");
        assertThat(MergeFinish.finish(target, List.of(write))).isEqualTo(new MergeFinish.NotFinished("a.txt holds neither "
                + "what it held before the merge nor what the merge wrote, and the merge's new content is gone"));
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("the user's edit\n");
    }

    /** Modifies, adds, deletes, makes executable and links some files: at least one change. */
    private static void changeAtRandom(Path tree, SplittableRandom random, int trial) throws Exception {
        for (int file = 0; file < 6; file++) {
            Path path = tree.resolve("src/f" + file + ".txt");
            switch (random.nextInt(5)) {
                case 0 -> Files.writeString(path, "changed in trial " + trial + "\n");
                case 1 -> Files.deleteIfExists(path);
                case 2 -> {
                    if (Files.exists(path)) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
                default -> { }
            }
        }
        Files.createDirectories(tree.resolve("new"));
        Files.writeString(tree.resolve("new/t" + trial + ".txt"), "added in trial " + trial + "\n");
        if (random.nextBoolean()) {
            Files.createSymbolicLink(tree.resolve("new/link" + trial), Path.of("t" + trial + ".txt"));
        }
        if (random.nextBoolean()) {
            Files.writeString(tree.resolve("src/f0.txt"), "re-added or changed in trial " + trial + "\n");
        }
    }
}
