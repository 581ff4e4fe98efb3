package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random messy repositories (tracked, staged, unstaged, untracked, ignored, executable and private files,
 * symbolic links in and out, empty directories with odd modes, odd names, a nested repository, tags, a
 * stash, assume-unchanged and skip-worktree flags), a Wave 0 backup, random changes stopped at a random
 * point, then either the automatic rollback of a failed run or, for a run that succeeded, the final commit
 * and a later {@code wave rollback}. Every rollback must come back byte-exact, and say "verified" only
 * then; nothing outside the repository may change.
 *
 * <p>Seeded: {@code -Dwave.messy.seed=N} sets the first seed, {@code -Dwave.messy.iterations=N} how many
 * (default {@value #DEFAULT_ITERATIONS}, about 20 s here). A failure names its seed and the changes made.
 */
final class MessyRepositoryTest {
    static final int DEFAULT_ITERATIONS = 7;
    private static final String[] ODD_NAMES = {"with space.txt", "ünïcödé.md", "-leading-dash", "quote'\"s.txt",
        "[brackets].py", "star*.txt", "semi;colon", "new\nline.txt", "tab\there", "#hash", "percent%20.txt", "ends-with-dot."};

    @TempDir
    Path directory;

    @Test
    @Timeout(600)
    void rollback_ofRandomChangesToMessyRepositories_isByteExactOrNotVerified() throws Exception {
        long first = Long.getLong("wave.messy.seed", 8_2026L);
        int iterations = Integer.getInteger("wave.messy.iterations", DEFAULT_ITERATIONS);
        for (int i = 0; i < iterations; i++) {
            long seed = first + i;
            Scenario scenario = new Scenario(seed, directory.resolve("s" + i));
            try {
                scenario.run();
            } catch (Throwable e) {
                throw new AssertionError("messy repository seed " + seed + " failed (rerun with -Dwave.messy.seed=" + seed
                        + " -Dwave.messy.iterations=1); changes: " + scenario.log, e);
            }
        }
    }

    /** One seeded repository, its changes and the rollback. */
    private static final class Scenario {
        private final Random random;
        private final Path root;
        private final Path outside;
        private final List<String> log = new ArrayList<>();
        private final long seed;
        private ScratchRepository repository;

        Scenario(long seed, Path base) {
            this.seed = seed;
            this.random = new Random(seed);
            this.root = base.resolve("repo");
            this.outside = base.resolve("outside");
        }

        void run() throws Exception {
            Files.createDirectories(root);
            Files.createDirectories(outside);
            Files.writeString(outside.resolve("secret.key"), "private key\n");
            Files.setPosixFilePermissions(outside.resolve("secret.key"), PosixFilePermissions.fromString("rw-------"));
            repository = ScratchRepository.empty(root);
            build();
            Map<String, String> before = state();
            Map<String, String> outsideBefore = ScratchRepository.files(outside);
            String runId = "run-" + seed;
            SafetyNet safety = SafetyNet.open(root, SafetyOptions.defaults(), Clock.systemUTC());
            safety.backupBeforeRun(runId, root.resolveSibling("run-directory"));
            BackupCoverage coverage = safety.coverage().orElseThrow();
            assertThat(coverage.gaps()).as("announced as not backed up").extracting(BackupCoverage.Gap::describe)
                    .containsExactly("node_modules/ (ignored dependency tree)");

            boolean succeeds = random.nextBoolean();
            change(random.nextInt(12) + 1);
            log.add(succeeds ? "then: final commit, and wave rollback later" : "then: the run failed, automatic rollback");
            if (succeeds) {
                Git git = Git.open(root).orElseThrow();
                new FinalCommit(git).commit(new Backups(git, Clock.systemUTC()).manifest(runId), coverage, "wave: random",
                        files -> files + " files", Optional.empty());
                safety = SafetyNet.open(root, SafetyOptions.defaults(), Clock.systemUTC()); // a later 'wave rollback'
            }
            RollbackResult result = safety.rollback(runId);

            Map<String, String> after = state();
            List<String> differences = differences(before, after);
            differences.removeIf(difference -> difference.startsWith("node_modules/")); // announced: not backed up
            assertThat(ScratchRepository.files(outside)).as("outside the repository").isEqualTo(outsideBefore);
            if (result.verified()) {
                assertThat(differences).as("said verified, so the state must be exact").isEmpty();
            }
            assertThat(result.verified()).as("rollback outcome " + result.outcome() + "; differences: " + differences).isTrue();
            assertThat(differences).isEmpty();
        }

        /** A repository with one or two commits, tags, a stash, index flags and a dirty tree of every kind. */
        private void build() throws IOException {
            repository.write(".gitignore", "*.log\nbuild/\n.env\nnode_modules/\n");
            if (random.nextInt(3) == 0) {
                repository.write(".gitattributes", "* text=auto\n");
            }
            int files = 4 + random.nextInt(6);
            List<String> tracked = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                String path = randomPath(i);
                repository.write(path, content());
                tracked.add(path);
                if (random.nextInt(4) == 0) {
                    repository.executable(path);
                }
            }
            repository.write("config.ini", "user=me\n");
            repository.write("crlf.txt", "one\r\ntwo\r\n");
            repository.link("link-in", tracked.get(0));
            repository.git("add", "-A");
            repository.git("commit", "-q", "-m", "first");
            repository.git("tag", "v1");
            repository.git("tag", "-a", "-m", "annotated", "v1-annotated");
            repository.git("branch", "feature");
            if (random.nextBoolean()) {
                repository.write(tracked.get(1), content());
                repository.gitOrFailure("commit", "-q", "-am", "second");
            }
            repository.write(tracked.get(0), content());
            repository.git("stash", "push", "-q", "-m", "first stash");
            if (random.nextBoolean()) {
                repository.write(tracked.get(1), content());
                repository.git("stash", "push", "-q", "-m", "second stash");
            }
            // The index's flags, and local edits they hide.
            repository.git("update-index", "--assume-unchanged", "config.ini");
            repository.write("config.ini", "user=me\npassword=local only\n");
            if (random.nextBoolean()) {
                String hidden = tracked.get(tracked.size() - 1);
                repository.git("update-index", "--skip-worktree", "--", hidden);
                repository.write(hidden, "local edit under skip-worktree\n");
            }
            // Staged, unstaged, deleted, untracked, ignored, private, links out, empty directories.
            repository.write(tracked.get(2), content());
            repository.git("add", "--", tracked.get(2));
            if (random.nextBoolean()) {
                repository.write(tracked.get(2), content());
            }
            if (random.nextBoolean()) {
                repository.delete(tracked.get(3));
            }
            repository.write("untracked/" + oddName(), content());
            repository.write("debug.log", "ignored\n");
            repository.write(".env", "TOKEN=secret\n");
            repository.write("build/out/app.bin", content());
            repository.write("node_modules/dep/index.js", "module.exports = 1;\n");
            repository.write("private.pem", "key\n");
            repository.permissions("private.pem", "rw-------");
            repository.link("link-out", outside.resolve("secret.key").toString());
            repository.link("link-dangling", "../nowhere");
            repository.directory("empty/nested");
            if (random.nextBoolean()) {
                repository.permissions("empty", "rwx------");
            }
            // A nested repository with history of its own.
            repository.write("vendor/lib/lib.py", "lib = 1\n");
            run(root.resolve("vendor/lib"), "git", "init", "-q", "-b", "main");
            run(root.resolve("vendor/lib"), "git", "-c", "user.name=n", "-c", "user.email=e@x", "add", "-A");
            run(root.resolve("vendor/lib"), "git", "-c", "user.name=n", "-c", "user.email=e@x", "commit", "-q", "-m", "lib");
        }

        /** Random changes, as a run's tasks might make them, up to a random failure point. */
        private void change(int count) throws IOException {
            for (int i = 0; i < count; i++) {
                List<String> files = files();
                String any = files.isEmpty() ? "fresh.txt" : files.get(random.nextInt(files.size()));
                switch (random.nextInt(27)) {
                    case 0 -> act("modify " + any, () -> write(any, content()));
                    case 1 -> act("delete " + any, () -> Files.deleteIfExists(root.resolve(any)));
                    case 2 -> act("create new file", () -> write("made/" + oddName(), content()));
                    case 3 -> act("chmod 755 " + any, () -> chmod(any, "rwxr-xr-x"));
                    case 4 -> act("chmod 600 " + any, () -> chmod(any, "rw-------"));
                    case 5 -> act("replace " + any + " with a link to the outside secret", () -> {
                        Files.deleteIfExists(root.resolve(any));
                        Files.createSymbolicLink(root.resolve(any), outside.resolve("secret.key"));
                    });
                    case 6 -> act("replace " + any + " with a directory", () -> {
                        Files.deleteIfExists(root.resolve(any));
                        write(any + "/inside.txt", content());
                    });
                    case 7 -> act("rm -rf vendor", () -> deleteTree(root.resolve("vendor")));
                    case 8 -> act("commit everything", () -> {
                        git("add", "-A");
                        git("commit", "-q", "-m", "run commit");
                    });
                    case 9 -> act("git tag -d v1 v1-annotated", () -> git("tag", "-d", "v1", "v1-annotated"));
                    case 10 -> act("git stash pop", () -> git("stash", "pop", "-q"));
                    case 11 -> act("git stash drop", () -> git("stash", "drop", "-q"));
                    case 12 -> act("checkout -b run-branch", () -> git("checkout", "-q", "-b", "run-branch-" + random.nextInt(3)));
                    case 13 -> act("rm -rf empty, build", () -> {
                        deleteTree(root.resolve("empty"));
                        deleteTree(root.resolve("build"));
                    });
                    case 14 -> act("chmod 500 a directory", () -> {
                        Files.createDirectories(root.resolve("made"));
                        chmod("made", "r-x------");
                    });
                    case 15 -> act("new ignore rule hiding new files", () -> {
                        write(".gitignore", "*.log\nbuild/\n.env\nnode_modules/\n*.tmp\n");
                        write("hidden.tmp", "hidden\n");
                    });
                    case 16 -> act("git update-index --no-assume-unchanged; git checkout config.ini", () -> {
                        git("update-index", "--no-assume-unchanged", "config.ini");
                        git("checkout", "--", "config.ini");
                    });
                    case 17 -> act("vendor/lib commits", () -> {
                        write("vendor/lib/more.py", "more\n");
                        run(root.resolve("vendor/lib"), "git", "-c", "user.name=n", "-c", "user.email=e@x", "add", "-A");
                        run(root.resolve("vendor/lib"), "git", "-c", "user.name=n", "-c", "user.email=e@x", "commit", "-q",
                                "-m", "more");
                    });
                    case 18 -> act("git reset --hard", () -> git("reset", "-q", "--hard"));
                    case 20 -> act("replace src with a link to the outside directory", () -> {
                        deleteTree(root.resolve("src"));
                        Files.createSymbolicLink(root.resolve("src"), outside);
                    });
                    case 21 -> act("hard-link the outside secret over " + any, () -> {
                        Files.deleteIfExists(root.resolve(any));
                        Files.createLink(root.resolve(any), outside.resolve("secret.key"));
                    });
                    case 22 -> act("git add -A", () -> git("add", "-A"));
                    case 23 -> act("git update-index --skip-worktree " + any, () -> git("update-index", "--skip-worktree", "--", any));
                    case 24 -> act("git checkout -f feature", () -> git("checkout", "-q", "-f", "feature"));
                    case 25 -> act("git branch -D feature", () -> git("branch", "-D", "feature"));
                    case 26 -> act("git init a new nested repository", () -> {
                        write("new-nested/file.txt", content());
                        run(root.resolve("new-nested"), "git", "init", "-q");
                    });
                    default -> act("edit .env and debug.log", () -> {
                        write(".env", "TOKEN=changed\n");
                        Files.deleteIfExists(root.resolve("debug.log"));
                    });
                }
            }
        }

        private interface Action {
            void apply() throws IOException;
        }

        private void act(String description, Action action) {
            log.add(description);
            try {
                action.apply();
            } catch (IOException | UncheckedIOException e) {
                log.add("  (failed: " + e.getMessage() + ")");
            }
        }

        private boolean git(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            return run(root, command.toArray(String[]::new));
        }

        private boolean run(Path where, String... command) throws IOException {
            try {
                Process process = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true).start();
                process.getOutputStream().close();
                process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                return process.waitFor() == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        private void write(String relative, String content) throws IOException {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.writeString(file, content);
        }

        private void chmod(String relative, String permissions) throws IOException {
            Path path = root.resolve(relative);
            if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(path)) {
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
            }
        }

        /** Regular files of the work tree, outside .git, .wave and the nested repository's .git. */
        private List<String> files() throws IOException {
            List<String> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                        .map(path -> root.relativize(path).toString())
                        .filter(path -> !path.startsWith(".git/") && !path.contains("/.git/") && !path.startsWith(".wave/"))
                        .sorted()
                        .forEach(files::add);
            }
            return files;
        }

        private String randomPath(int i) {
            String[] directories = {"", "src/", "src/deep/er/", "docs/", "a b/"};
            String name = random.nextInt(3) == 0 ? oddName() : "file" + i + ".txt";
            return directories[random.nextInt(directories.length)] + i + "-" + name;
        }

        private String oddName() {
            return ODD_NAMES[random.nextInt(ODD_NAMES.length)];
        }

        private String content() {
            StringBuilder text = new StringBuilder();
            int lines = random.nextInt(6);
            for (int i = 0; i < lines; i++) {
                text.append("line ").append(random.nextInt(1000)).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
            }
            if (random.nextInt(8) == 0) {
                text.append('\0').append("binary");
            }
            return text.toString();
        }

        /** Everything a user can see: files with content and modes, directories with modes, index, HEAD, every ref, the stash. */
        private Map<String, String> state() {
            Map<String, String> state = new TreeMap<>(ScratchRepository.files(root));
            state.put("@index", repository.git("ls-files", "-s", "-v"));
            state.put("@HEAD", repository.gitOrFailure("symbolic-ref", "-q", "HEAD") + " "
                    + repository.gitOrFailure("rev-parse", "-q", "--verify", "HEAD"));
            state.put("@refs", repository.git("for-each-ref", "--format=%(objectname) %(refname)").lines()
                    .filter(line -> !line.contains(" refs/wave/")).reduce("", (a, b) -> a + b + "\n"));
            state.put("@stash", repository.gitOrFailure("log", "-g", "--format=%H %gs", "refs/stash"));
            return state;
        }
    }

    /** The keys whose values differ, with both values. */
    static List<String> differences(Map<String, String> before, Map<String, String> after) {
        java.util.Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        List<String> differences = new ArrayList<>();
        for (String key : keys) {
            if (!java.util.Objects.equals(before.get(key), after.get(key))) {
                differences.add(key + ": before " + before.get(key) + ", after " + after.get(key));
            }
        }
        return differences;
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path entry : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
