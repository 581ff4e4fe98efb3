package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.agent.WorkingTreeSnapshot;
import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import dev.wave.worktree.Integration;
import dev.wave.worktree.Worktree;
import dev.wave.worktree.WorktreePrep;
import dev.wave.worktree.Worktrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose agent tasks made worktrees and branches (some integrated and removed, some kept after a
 * failure or a conflict, some left as they were) is rolled back: the worktrees, their directory, the
 * task branches and the agent base ref are gone, and the rollback still verifies against the Wave 0
 * backup. Seeded (-Dwave.fuzz.seed=N repeats a failure); two scenarios of up to six tasks.
 */
@Timeout(120)
final class RollbackWorktreesTest {
    private static final String RUN = "run-7";
    private static final List<String> FILES = List.of("README.md", "src/app.py", "src/util.py", "docs/guide.md",
            "notes.txt", "src/new.py");
    private static final List<List<String>> SCOPES = List.of(List.of(), List.of("src/"), List.of("docs/"), List.of("README.md"));

    @TempDir
    Path directory;

    @Test
    void rollback_ofARunWithWorktreesAndBranches_removesThem_andStillVerifies() throws Exception {
        long seed = Long.getLong("wave.fuzz.seed", System.nanoTime());
        for (int round = 0; round < 2; round++) {
            scenario(seed + round, Files.createDirectories(directory.resolve("round-" + round)));
        }
    }

    private void scenario(long seed, Path root) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        ScratchRepository repository = ScratchRepository.messy(root.resolve("repo"));
        Files.writeString(repository.path(".git/info/exclude"), ".wave/\n", StandardOpenOption.APPEND); // as wave run does
        ScratchRepository.State before = repository.state();
        Git git = Git.open(repository.root()).orElseThrow();
        Backups backups = new Backups(git, Clock.systemUTC());
        BackupState state = backups.create(RUN, Backup.Kind.RUN, Optional.empty());

        Worktrees worktrees = Worktrees.of(git, RUN, repository.root().resolve(".wave/worktrees/" + RUN))
                .withPreparation(WorktreePrep.of(repository.root(), List.of(".env"), List.of("build")));
        int tasks = 2 + random.nextInt(5);
        List<String> fates = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            String base = WorkingTreeSnapshot.commit(git, RUN);
            List<String> scope = SCOPES.get(random.nextInt(SCOPES.size()));
            Worktree worktree = worktrees.prepare(worktrees.create("t" + task, base, scope), ignored -> {});
            for (int edit = 0; edit < 1 + random.nextInt(3); edit++) {
                String file = FILES.get(random.nextInt(FILES.size()));
                Path path = worktree.path().resolve(file);
                if (Files.isDirectory(path.getParent())) {
                    Files.writeString(path, "task " + task + " edit " + edit + "\n");
                }
            }
            worktrees.commit(worktree, "task " + task);
            boolean noneKept = fates.stream().allMatch(fate -> fate.endsWith("integrated"));
            int fate = task == tasks - 1 && noneKept ? 1 + random.nextInt(2) : random.nextInt(3); // one branch at least
            if (fate == 0 && worktrees.integrate(worktree, repository.root()) instanceof Integration.Applied) {
                worktrees.remove(worktree, false);
                fates.add("t" + task + " integrated");
            } else if (fate == 1) {
                worktrees.remove(worktree, true);
                fates.add("t" + task + " branch kept");
            } else {
                fates.add("t" + task + " worktree kept");
            }
        }
        repository.git("checkout", "-q", "-b", "made-by-the-run");
        String description = "seed " + seed + ": " + fates;
        assertThat(repository.git("for-each-ref", "refs/heads/wave/")).as(description).isNotEmpty();

        RollbackResult result = new Rollback(git, backups).restore(state, "undo-7");

        assertThat(result.checks()).as(description).allSatisfy(check ->
                assertThat(check.passed()).as(description + "; " + check.name() + ": " + check.detail()).isTrue());
        assertThat(result.verified()).as(description).isTrue();
        assertThat(repository.state()).as(description).isEqualTo(before);
        assertThat(repository.git("for-each-ref", "refs/heads/wave/", WorkingTreeSnapshot.REF_PREFIX)).as(description)
                .isEmpty();
        assertThat(repository.git("worktree", "list", "--porcelain").lines().filter(line -> line.startsWith("worktree ")))
                .as(description).hasSize(1);
        assertThat(repository.path(".wave/worktrees/" + RUN)).as(description).doesNotExist();
        assertThat(repository.read(".env")).as(description).isEqualTo("TOKEN=ignored\n");
        assertThat(repository.read("build/out.bin")).as(description + ": what was linked in survives")
                .isEqualTo("ignored build output\n");
        assertThat(result.branchesRestored()).as(description).anySatisfy(line -> assertThat(line)
                .startsWith("wave/" + RUN + "/t").endsWith("-> deleted (an agent task's branch, its worktree removed)"));
    }
}
