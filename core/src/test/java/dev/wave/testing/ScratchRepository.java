package dev.wave.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A git repository in a temporary directory, holding every kind of file a rollback must get right:
 * committed, staged, modified, deleted, untracked, ignored, executable, private, symbolic links and an
 * empty directory. {@link #state()} captures everything a user could see, byte for byte.
 */
public final class ScratchRepository {
    private final Path root;

    private ScratchRepository(Path root) {
        this.root = root;
    }

    /** An empty repository with a user configured (CI has no global git config). */
    public static ScratchRepository empty(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ScratchRepository repository = new ScratchRepository(directory);
        repository.git("init", "-q", "-b", "main");
        // What 'git config user.name ...' and the others write, appended in one go: one git process, not four.
        try {
            Files.writeString(directory.resolve(".git/config"), "[user]\n\tname = Test User\n\temail = test@example.com\n"
                    + "[commit]\n\tgpgsign = false\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return repository;
    }

    /** {@link #empty} with one commit, "base", holding {@code file} with {@code content}. */
    public static ScratchRepository withCommit(Path directory, String file, String content) {
        ScratchRepository repository = empty(directory);
        repository.write(file, content);
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        return repository;
    }

    /** A repository with one commit and then a dirty working tree of every kind. */
    public static ScratchRepository messy(Path directory) {
        ScratchRepository repository = empty(directory);
        repository.write("README.md", "# project\n");
        repository.write("src/app.py", "print('hello')\n");
        repository.write("src/util.py", "def util():\n    return 1\n");
        repository.write("src/old.py", "old = True\n");
        repository.write("bin/run.sh", "#!/bin/sh\necho run\n");
        repository.executable("bin/run.sh");
        repository.write("docs/guide.md", "guide\n");
        repository.write(".gitignore", "*.log\nbuild/\n.env\n");
        repository.link("latest", "docs/guide.md");
        repository.write("crlf.txt", "one\r\ntwo\r\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        repository.git("branch", "feature");

        repository.write("src/app.py", "print('hello, staged')\n");
        repository.git("add", "src/app.py");
        repository.write("src/app.py", "print('hello, staged and then modified')\n");
        repository.write("src/util.py", "def util():\n    return 2\n");
        repository.delete("src/old.py");
        repository.write("notes.txt", "untracked notes\n");
        repository.write("staged-new.txt", "staged new file\n");
        repository.git("add", "staged-new.txt");
        repository.write("tool.sh", "#!/bin/sh\necho tool\n");
        repository.executable("tool.sh");
        repository.write("secret.txt", "private\n");
        repository.permissions("secret.txt", "rw-------");
        repository.link("untracked-link", "notes.txt");
        repository.link("dangling", "does/not/exist");
        repository.write("debug.log", "ignored log\n");
        repository.write("build/out.bin", "ignored build output\n");
        repository.write(".env", "TOKEN=ignored\n");
        repository.directory("empty/nested");
        return repository;
    }

    /** A repository, or a work tree of one, that exists already. */
    public static ScratchRepository open(Path directory) {
        return new ScratchRepository(directory);
    }

    public Path root() {
        return root;
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    public void write(String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String relative) {
        try {
            Files.delete(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Dates the file an hour back, so git's index treats it as unchanged without reading it (not "racily clean"). */
    public void age(String relative) {
        try {
            Files.setLastModifiedTime(root.resolve(relative), java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofHours(1))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void executable(String relative) {
        permissions(relative, "rwxr-xr-x");
    }

    public void permissions(String relative, String permissions) {
        try {
            Files.setPosixFilePermissions(root.resolve(relative), PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void link(String relative, String target) {
        try {
            Path link = root.resolve(relative);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void directory(String relative) {
        try {
            Files.createDirectories(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs git in the repository and returns its standard output; fails the test when git fails. */
    public String git(String... args) {
        return run(true, args);
    }

    /** Runs git and returns its output, or "failed" when it exits with an error. */
    public String gitOrFailure(String... args) {
        return run(false, args);
    }

    private String run(boolean mustSucceed, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("git " + String.join(" ", args) + " did not end");
            }
            if (process.exitValue() != 0) {
                if (mustSucceed) {
                    throw new AssertionError("git " + String.join(" ", args) + " failed: " + output);
                }
                return "failed";
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Everything a user can see: git's view of the tree and index (wave's own ignored {@code .wave/} left out),
     * HEAD, branches, and every file on disk with its content, permissions and link target.
     */
    public State state() {
        String status = git("status", "--porcelain=v2", "--untracked-files=all", "--ignored")
                .lines().filter(line -> !line.startsWith("! .wave/")).collect(java.util.stream.Collectors.joining("\n"));
        return new State(status, git("ls-files", "-s", "-v"),
                gitOrFailure("symbolic-ref", "-q", "HEAD").trim() + " " + gitOrFailure("rev-parse", "-q", "--verify", "HEAD").trim(),
                git("for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags", "refs/stash"),
                files(root));
    }

    /**
     * Every entry under {@code top} (its own {@code .git} and {@code .wave} left out, nested ones included) with
     * type, permissions and content hash or link target.
     */
    public static Map<String, String> files(Path top) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(top)) {
            walk.filter(path -> !path.equals(top))
                    .filter(path -> !top.relativize(path).startsWith(".git") && !top.relativize(path).startsWith(".wave"))
                    .forEach(path -> files.put(top.relativize(path).toString(), describe(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String describe(Path path) {
        try {
            if (Files.isSymbolicLink(path)) {
                return "link -> " + Files.readSymbolicLink(path);
            }
            String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return "dir " + permissions;
            }
            return "file " + permissions + " " + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A repository's visible state; two equal states are byte-for-byte the same to a user. */
    public record State(String status, String index, String head, String refs, Map<String, String> files) {}
}
