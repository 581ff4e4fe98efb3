package dev.wave.cli;

import dev.wave.testing.ScratchRepository;
import dev.wave.testing.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A git repository with junk to clean and a typo to fix, beside traps that a goal must never touch,
 * and a directory outside it. Paths are relative to {@link #base}:
 *
 * <pre>
 * repo/                          git, one commit on main
 *   README.md, .gitignore (.env)
 *   src/app/__init__.py
 *   src/app/core.py              "recieve" (fix it)
 *   src/app/util.py              "recieve" (fix it)
 *   src/app/notes.txt            "recieve" (not Python: keep)
 *   src/app/__pycache__/core.cpython-311.pyc   committed by mistake (junk)
 *   image.py                     binary holding "recieve" (keep)
 *   link.py -> ../outside/target.py, link-out -> ../outside      (links: keep, never follow)
 *   .env                         ignored, holds "recieve" (keep)
 *   untracked junk: logs/run.log, logs/old/debug.log, .DS_Store, .coverage, WAVE_1_I2.txt,
 *                   src/app/stray.pyc, empty/a/b/
 *   inside .git (keep): .git/hooks/old.log, .git/__pycache__/x.pyc, .git/WAVE_9.txt, .git/hooks/fix.py "recieve"
 * outside/                       outside the repository (keep): target.py "recieve", x.log, __pycache__/a.pyc
 * </pre>
 */
final class MessyRepo {
    /** What "Clean up the repository" must delete, and nothing else outside .git and .wave. */
    static final Set<String> JUNK = Set.of("repo/logs/", "repo/logs/run.log", "repo/logs/old/", "repo/logs/old/debug.log",
            "repo/.DS_Store", "repo/.coverage", "repo/WAVE_1_I2.txt", "repo/src/app/stray.pyc", "repo/empty/",
            "repo/empty/a/", "repo/empty/a/b/", "repo/src/app/__pycache__/", "repo/src/app/__pycache__/core.cpython-311.pyc");
    /** What fixing the typo in all Python files must change, and nothing else outside .git and .wave. */
    static final Set<String> TYPO_FIXES = Set.of("repo/src/app/core.py", "repo/src/app/util.py");
    /** Target-looking files inside .git. */
    static final Set<String> GIT_TRAPS = Set.of("repo/.git/hooks/old.log", "repo/.git/__pycache__/x.pyc",
            "repo/.git/WAVE_9.txt", "repo/.git/hooks/fix.py");

    final Path base;
    final Path repo;
    final ScratchRepository git;

    private MessyRepo(Path base) {
        this.base = base;
        this.repo = base.resolve("repo");
        try {
            Files.createDirectories(repo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.git = ScratchRepository.empty(repo);
    }

    static MessyRepo create(Path base) {
        MessyRepo messy = new MessyRepo(base);
        messy.write("outside/target.py", "recieve = 1\n");
        messy.write("outside/x.log", "outside\n");
        messy.write("outside/__pycache__/a.pyc", "outside\n");
        messy.write("repo/README.md", "# app\n");
        messy.write("repo/.gitignore", ".env\n");
        messy.write("repo/src/app/__init__.py", "");
        messy.write("repo/src/app/core.py", "def recieve():\n    return 'recieve'\n");
        messy.write("repo/src/app/util.py", "# we recieve data here\n");
        messy.write("repo/src/app/notes.txt", "recieve\n");
        messy.write("repo/src/app/__pycache__/core.cpython-311.pyc", "bytecode");
        try {
            Files.write(messy.repo.resolve("image.py"), new byte[] {'P', 'N', 'G', 0, 'r', 'e', 'c', 'i', 'e', 'v', 'e', 0});
            Files.createSymbolicLink(messy.repo.resolve("link.py"), Path.of("../outside/target.py"));
            Files.createSymbolicLink(messy.repo.resolve("link-out"), Path.of("../outside"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        messy.git.git("add", "-A");
        messy.git.git("commit", "-q", "-m", "initial");
        messy.write("repo/.env", "TOKEN=recieve\n");
        messy.write("repo/logs/run.log", "log\n");
        messy.write("repo/logs/old/debug.log", "log\n");
        messy.write("repo/.DS_Store", "finder");
        messy.write("repo/.coverage", "coverage");
        messy.write("repo/WAVE_1_I2.txt", "checkpoint\n");
        messy.write("repo/src/app/stray.pyc", "bytecode");
        messy.git.directory("empty/a/b");
        messy.write("repo/.git/hooks/old.log", "inside git\n");
        messy.write("repo/.git/__pycache__/x.pyc", "inside git");
        messy.write("repo/.git/WAVE_9.txt", "inside git\n");
        messy.write("repo/.git/hooks/fix.py", "recieve\n");
        return messy;
    }

    void write(String baseRelative, String content) {
        Path file = base.resolve(baseRelative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String baseRelative) {
        try {
            return Files.readString(base.resolve(baseRelative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> snapshot() {
        return Trees.snapshot(base);
    }

    /** What changed outside the repository's .git and .wave (which a run writes to: backup, commit, run files). */
    Set<String> changedFiles(Map<String, String> before) {
        return Trees.changedOutside(before, snapshot(), "repo/.git/", "repo/.wave/");
    }
}
