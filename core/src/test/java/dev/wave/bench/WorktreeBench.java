package dev.wave.bench;

import dev.wave.git.Git;
import dev.wave.worktree.Integration;
import dev.wave.worktree.Worktree;
import dev.wave.worktree.Worktrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What agent tasks cost beyond the agent: a worktree per task, a commit of its change and the
 * merge back, on a generated repository of 10,000 files, for 1, 10 and 100 tasks, through wave's
 * {@link Worktrees} against the bare git commands that do the same ({@code git worktree add},
 * {@code git commit}, {@code git merge}, {@code git worktree remove}); and a task whose scope is 1%
 * of the files (a sparse worktree) against a full worktree.
 */
final class WorktreeBench {
    private static final int DIRECTORIES = 100;
    private static final int FILES_PER_DIRECTORY = 100;

    private WorktreeBench() {}

    static void run(Report report, Path work, int repetitions) throws Exception {
        Path repository = work.resolve("worktrees").resolve("repo");
        String base = generate(repository);
        Path bareRepository = copy(repository, work.resolve("worktrees").resolve("repo-bare"));
        Git git = Git.open(repository).orElseThrow();
        // as wave run has it: .wave/ excluded, agents' worktrees under .wave/worktrees/<run>
        Path exclude = repository.resolve(".git/info/exclude");
        if (!Files.readString(exclude).contains(".wave/")) {
            Files.writeString(exclude, ".wave/\n", java.nio.file.StandardOpenOption.APPEND);
        }
        report.section("Agent worktrees: prepare, commit, merge back, remove (10,000-file repository)",
                "Each task changes one file of its own. wave: Worktrees.create, commit, integrate into the run's "
                        + "working tree (three-way, file by file), remove; worktrees under .wave/worktrees/<run> as "
                        + "wave run puts them. Bare: git worktree add -b, git commit -a, "
                        + "git merge --no-edit into HEAD, git worktree remove, git branch -D. Two identical repositories, "
                        + "wave's and bare git's tasks taking turns, so that both see the same load. Best of "
                        + repetitions + " for 1 task, one round of 10 and of 100 tasks.");
        sparse(report, git, repository, base, repetitions);
        report.line("");
        report.header("tasks", "wave", "bare git", "wave / bare", "per task (wave)");
        int run = 0;
        for (int tasks : new int[] {1, 10, 100}) {
            double wave = Double.MAX_VALUE;
            double bare = Double.MAX_VALUE;
            for (int repetition = 0; repetition < (tasks == 1 ? repetitions : 1); repetition++) {
                reset(repository, base);
                reset(bareRepository, base);
                delete(bareRepository.getParent().resolve("bare-" + run));
                Worktrees worktrees = Worktrees.of(git, "bench-" + run, repository.resolve(".wave/worktrees/bench-" + run));
                double waveTotal = 0;
                double bareTotal = 0;
                for (int task = 0; task < tasks; task++) {
                    if (task % 2 == 0) {
                        waveTotal += waveTask(worktrees, repository, base, task);
                        bareTotal += bareTask(bareRepository, base, task, run);
                    } else {
                        bareTotal += bareTask(bareRepository, base, task, run);
                        waveTotal += waveTask(worktrees, repository, base, task);
                    }
                }
                run++;
                wave = Math.min(wave, waveTotal);
                bare = Math.min(bare, bareTotal);
            }
            report.row(tasks, Report.millis(wave), Report.millis(bare), Report.ratio(wave / bare),
                    Report.millis(wave / tasks));
            if (tasks == 100) {
                report.target("agent worktree overhead at 100 tasks <= 1.2x bare git", wave / bare <= 1.2,
                        Report.ratio(wave / bare));
            }
        }
    }

    /** A task whose scope is 1% of the files (a sparse worktree) against a full worktree. */
    private static void sparse(Report report, Git git, Path repository, String base, int repetitions)
            throws IOException, InterruptedException {
        reset(repository, base);
        double full = Double.MAX_VALUE;
        double sparse = Double.MAX_VALUE;
        for (int repetition = 0; repetition < repetitions; repetition++) {
            Worktrees worktrees = Worktrees.of(git, "scope-" + repetition,
                    repository.resolve(".wave/worktrees/scope-" + repetition));
            long start = System.nanoTime();
            Worktree whole = worktrees.create("full", base, List.of());
            full = Math.min(full, (System.nanoTime() - start) / 1e6);
            start = System.nanoTime();
            Worktree scoped = worktrees.create("scoped", base, List.of("d042/"));
            sparse = Math.min(sparse, (System.nanoTime() - start) / 1e6);
            if (!Files.exists(scoped.path().resolve("d042/f000.txt")) || Files.exists(scoped.path().resolve("d041"))) {
                throw new IllegalStateException("the sparse worktree does not hold exactly its scope");
            }
            worktrees.remove(whole, false);
            worktrees.remove(scoped, false);
        }
        report.header("worktree for one task", "time", "vs full");
        report.row("full (10,000 files)", Report.millis(full), "1.000x");
        report.row("scope of 1% (sparse, 100 files)", Report.millis(sparse), Report.ratio(sparse / full));
        report.target("sparse worktree for a 1% scope >= 5x cheaper than a full one", full / sparse >= 5,
                String.format(Locale.ROOT, "%.1fx cheaper", full / sparse));
    }

    /** One task through wave: its worktree, its change committed, integrated into the run's tree, removed. */
    private static double waveTask(Worktrees worktrees, Path repository, String base, int task) throws IOException {
        long start = System.nanoTime();
        Worktree worktree = worktrees.create("t" + task, base, List.of());
        Files.writeString(worktree.path().resolve(file(task)), "changed by task " + task + "\n");
        worktrees.commit(worktree, "task " + task);
        Integration integration = worktrees.integrate(worktree, repository);
        if (!(integration instanceof Integration.Applied)) {
            throw new IllegalStateException("task " + task + " did not integrate: " + integration);
        }
        worktrees.remove(worktree, false);
        return (System.nanoTime() - start) / 1e6;
    }

    /** The same task with the bare git commands, merged into the repository's HEAD. */
    private static double bareTask(Path repository, String base, int task, int run) throws IOException, InterruptedException {
        Path tree = repository.getParent().resolve("bare-" + run).resolve("t" + task);
        String branch = "bare-" + run + "-" + task;
        long start = System.nanoTime();
        git(repository, "worktree", "add", "-q", "-b", branch, tree.toString(), base);
        Files.writeString(tree.resolve(file(task)), "changed by task " + task + "\n");
        git(tree, "commit", "-q", "-a", "-m", "task " + task);
        git(repository, "merge", "-q", "--no-edit", branch);
        git(repository, "worktree", "remove", "--force", tree.toString());
        git(repository, "branch", "-q", "-D", branch);
        return (System.nanoTime() - start) / 1e6;
    }

    /** A second repository like the first, for bare git's tasks (made once). */
    private static Path copy(Path repository, Path copy) throws IOException, InterruptedException {
        if (!Files.exists(copy.resolve(".git"))) {
            git(repository.getParent(), "clone", "-q", "--no-hardlinks", repository.toString(), copy.toString());
        }
        return copy;
    }

    private static String file(int task) {
        return String.format(Locale.ROOT, "d%03d/f%03d.txt", task % DIRECTORIES, (task / DIRECTORIES) % FILES_PER_DIRECTORY);
    }

    /** The generated repository, made once: 100 directories of 100 files of about 1 KB, one commit. */
    private static String generate(Path repository) throws IOException, InterruptedException {
        if (Files.exists(repository.resolve(".git"))) {
            return git(repository, "rev-parse", "bench-base").strip();
        }
        Files.createDirectories(repository);
        git(repository, "init", "-q", "-b", "main");
        String line = "the quick brown fox jumps over the lazy dog, line of a generated file for the worktree bench\n";
        for (int directory = 0; directory < DIRECTORIES; directory++) {
            Path folder = Files.createDirectories(repository.resolve(String.format(Locale.ROOT, "d%03d", directory)));
            for (int file = 0; file < FILES_PER_DIRECTORY; file++) {
                Files.writeString(folder.resolve(String.format(Locale.ROOT, "f%03d.txt", file)), line.repeat(10));
            }
        }
        git(repository, "add", "-A");
        git(repository, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-q", "-m", "base");
        git(repository, "tag", "bench-base");
        return git(repository, "rev-parse", "HEAD").strip();
    }

    /** What a run before one that was stopped left behind. */
    private static void delete(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var paths = Files.walk(directory)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void reset(Path repository, String base) throws IOException, InterruptedException {
        git(repository, "reset", "-q", "--hard", base);
        git(repository, "worktree", "prune");
    }

    private static String git(Path directory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }
}
