package dev.wave.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A small repository with traps for file actions, and a directory outside it:
 *
 * <pre>
 * outside/target.py            "recieve"            (outside the repository)
 * outside/sub/x.log
 * repo/.git/config.py          "recieve"            (looks like a target, inside .git)
 * repo/.git/hooks/old.log, repo/.git/__pycache__/a.pyc, repo/.git/empty/
 * repo/.wave/runs/keep.log
 * repo/src/a.py                "def recieve(): ..."  (mode 755)
 * repo/src/b.txt               "recieve"
 * repo/src/nested/c.py         "recieve recieve"
 * repo/src/__pycache__/a.cpython.pyc
 * repo/top.py                  "recieve"
 * repo/image.py                binary, holds "recieve"
 * repo/latin1.py               "café recieve" in ISO-8859-1 (not UTF-8)
 * repo/link-out                symbolic link to ../outside (a directory outside)
 * repo/link-file.py            symbolic link to ../outside/target.py
 * repo/logs/app.log, repo/logs/old/debug.log
 * repo/__pycache__/m.pyc
 * repo/empty/a/b/              empty directories
 * repo/vendor/lib/.git         a file, as in a submodule checkout
 * </pre>
 */
public final class SampleRepo {
    public final Path base;
    public final Path repo;
    public final Path outside;

    private SampleRepo(Path base) {
        this.base = base;
        this.repo = base.resolve("repo");
        this.outside = base.resolve("outside");
    }

    public static SampleRepo create(Path base) {
        SampleRepo sample = new SampleRepo(base);
        try {
            sample.write("outside/target.py", "recieve\n");
            sample.write("outside/sub/x.log", "log\n");
            sample.write("repo/.git/config.py", "recieve\n");
            sample.write("repo/.git/hooks/old.log", "log\n");
            sample.write("repo/.git/__pycache__/a.pyc", "pyc\n");
            Files.createDirectories(sample.repo.resolve(".git/empty"));
            sample.write("repo/.wave/runs/keep.log", "log\n");
            sample.write("repo/src/a.py", "def recieve():\n    return 'recieve'\n");
            Files.setPosixFilePermissions(sample.repo.resolve("src/a.py"), PosixFilePermissions.fromString("rwxr-xr-x"));
            sample.write("repo/src/b.txt", "recieve\n");
            sample.write("repo/src/nested/c.py", "recieve recieve\n");
            sample.write("repo/src/__pycache__/a.cpython.pyc", "pyc\n");
            sample.write("repo/top.py", "recieve\n");
            Files.write(sample.repo.resolve("image.py"), new byte[] {'P', 'N', 'G', 0, 'r', 'e', 'c', 'i', 'e', 'v', 'e', 0});
            Files.write(sample.repo.resolve("latin1.py"), "café recieve\n".getBytes(ISO_8859_1));
            Files.createSymbolicLink(sample.repo.resolve("link-out"), Path.of("../outside"));
            Files.createSymbolicLink(sample.repo.resolve("link-file.py"), Path.of("../outside/target.py"));
            sample.write("repo/logs/app.log", "log\n");
            sample.write("repo/logs/old/debug.log", "log\n");
            sample.write("repo/__pycache__/m.pyc", "pyc\n");
            Files.createDirectories(sample.repo.resolve("empty/a/b"));
            sample.write("repo/vendor/lib/.git", "gitdir: ../../.git/modules/lib\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sample;
    }

    /** Writes a file under the base directory, creating its parents. */
    public void write(String relative, String content) {
        Path path = base.resolve(relative);
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String repoRelative) {
        try {
            return Files.readString(repo.resolve(repoRelative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every entry under the base directory (repository and outside), never following links: its
     * base-relative path mapped to "dir", "link -> target" or "file <mode> <content>".
     */
    public Map<String, String> snapshot() {
        Map<String, String> snapshot = new TreeMap<>();
        try {
            for (Path top : new Path[] {repo, outside}) {
                Files.walkFileTree(top, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                        snapshot.put(base.relativize(directory) + "/", "dir");
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        String key = base.relativize(file).toString();
                        if (attributes.isSymbolicLink()) {
                            snapshot.put(key, "link -> " + Files.readSymbolicLink(file));
                        } else {
                            snapshot.put(key, "file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file))
                                    + " " + new String(Files.readAllBytes(file), UTF_8));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return snapshot;
    }

    /** The base-relative paths added, removed or changed between two snapshots. */
    public static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> changed = new TreeSet<>();
        Map<String, String> all = new HashMap<>(before);
        all.putAll(after);
        for (String path : all.keySet()) {
            if (!java.util.Objects.equals(before.get(path), after.get(path))) {
                changed.add(path);
            }
        }
        return changed;
    }
}
