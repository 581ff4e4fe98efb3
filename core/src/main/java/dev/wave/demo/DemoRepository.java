package dev.wave.demo;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Makes the sample repository of wave's first example: a small Python project in git, messy on
 * purpose, for {@code wave run "Clean up the repository"} to clean. The entry point of the
 * {@code demo} package. Stateless; {@link #create} blocks while it writes files and runs git.
 *
 * <p>The mess is what a clean-up looks for: {@code __pycache__} directories (some committed by
 * mistake), stray {@code *.pyc} files, {@code .DS_Store} files, {@code *.log} files,
 * {@code .coverage} data, {@code WAVE_*.txt} checkpoint files, and directories that are empty or
 * hold nothing else. Beside it sit files that must survive: the sources, an ignored {@code .env},
 * a symbolic link into the sources, a binary image, and files whose names only look like targets.
 */
public final class DemoRepository {
    /** The directory {@code wave demo} makes when given none. */
    public static final String DEFAULT_DIRECTORY = "wave-demo";
    static final String BRANCH = "main";
    static final List<String> PACKAGES = List.of("cart", "catalog", "checkout", "orders", "payments", "search",
            "shipping", "users");
    static final List<String> LAYERS = List.of("api", "models", "services", "tasks", "utils");
    static final int DAILY_LOGS = 30;
    static final int OLD_LOGS = 5;

    private DemoRepository() {}

    /**
     * Makes the sample repository in {@code directory}, which must not exist or be empty: writes the
     * sources, commits them (with a few junk files committed by mistake), then adds the rest of the mess.
     *
     * @throws WaveException of kind INVALID_INPUT when {@code directory} holds anything; of kind
     *     UNSAFE_STATE when it cannot be written or git fails
     */
    public static Demo create(Path directory) {
        requireNonNull(directory, "directory is null");
        Path root = directory.toAbsolutePath().normalize();
        refuseNonEmpty(directory, root);
        Writer writer = new Writer(root);
        try {
            Files.createDirectories(root);
            writeSources(writer);
            Git git = Git.init(root, BRANCH);
            git.text("config", "user.name", "wave demo");
            git.text("config", "user.email", "demo@wave.invalid");
            writeCommittedJunk(writer);
            git.run(Command.of("add", "-A"));
            git.run(Command.of("commit", "-q", "-m", "A small shop in Python (with some junk committed by mistake)"));
            String commit = git.text("rev-parse", "--short", "HEAD");
            writeUntrackedJunk(writer);
            return new Demo(root, BRANCH, commit, writer.sources, writer.junk, writer.survivors);
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot write the demo repository in %s (%s). Check that the directory is "
                    + "writable.", root, e.getMessage());
        }
    }

    private static void refuseNonEmpty(Path directory, Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(root)) {
            empty = Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) && entries.findAny().isEmpty();
        } catch (IOException e) {
            empty = false;
        }
        if (!empty) {
            throw WaveException.invalidInput("%s already exists and is not an empty directory. Remove it, or give "
                    + "another directory: wave demo DIR.", directory);
        }
    }

    private static void writeSources(Writer writer) throws IOException {
        writer.source("README.md", "# shop\n\nA small shop, the sample repository of wave's first example.\n");
        writer.source(".gitignore", ".env\n.venv/\n");
        writer.source("src/shop/__init__.py", "\"\"\"The shop.\"\"\"\n");
        writer.source("src/shop/logging_setup.py", "import logging\n\nlogging.basicConfig(level=logging.INFO)\n");
        for (String name : PACKAGES) {
            writer.source("src/shop/" + name + "/__init__.py", "\"\"\"" + capitalise(name) + ".\"\"\"\n");
            for (String layer : LAYERS) {
                writer.source("src/shop/" + name + "/" + layer + "/__init__.py", "");
                writer.source("src/shop/" + name + "/" + layer + "/core.py", "def " + layer + "_" + name
                        + "():\n    return \"" + name + " " + layer + "\"\n");
            }
        }
        writer.source("docs/logging.md", "# Logging\n\nLogs go to logs/, which is not kept in git.\n");
        writer.source("legacy/README.md", "Old helpers, kept for reference.\n");
        writer.binary("assets/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d,
            'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1});
        writer.link("current", "src/shop");
    }

    /** Junk in the first commit, as happens: deleting it shows in the final commit. */
    private static void writeCommittedJunk(Writer writer) throws IOException {
        for (String name : PACKAGES) {
            writer.junk("src/shop/" + name + "/__pycache__/__init__.cpython-311.pyc", "compiled");
        }
        writer.junk(".DS_Store", "finder");
    }

    private static void writeUntrackedJunk(Writer writer) throws IOException {
        for (String name : PACKAGES) {
            for (String layer : LAYERS) {
                String base = "src/shop/" + name + "/" + layer + "/__pycache__/";
                writer.junk(base + "__init__.cpython-311.pyc", "compiled");
                writer.junk(base + "core.cpython-311.pyc", "compiled");
            }
            writer.junk("src/shop/" + name + "/.DS_Store", "finder");
        }
        writer.junk("docs/.DS_Store", "finder");
        writer.junk("legacy/helpers.pyc", "compiled");
        writer.junk("legacy/old_utils.pyc", "compiled");
        for (int day = 1; day <= DAILY_LOGS; day++) {
            writer.junk(String.format(Locale.ROOT, "logs/app-2024-01-%02d.log", day), "INFO started\n");
        }
        for (int i = 1; i <= OLD_LOGS; i++) {
            writer.junk("logs/old/debug-" + i + ".log", "DEBUG\n");
        }
        writer.junk(".coverage", "coverage data");
        writer.junk(".coverage.ci.4242", "coverage data");
        writer.junk("WAVE_checkpoint_wave1.txt", "wave 1 done\n");
        writer.junk("WAVE_checkpoint_wave2.txt", "wave 2 done\n");
        writer.junk("WAVE_I3_progress.txt", "I3: 40%\n");
        writer.emptyDirectory("tmp/cache");
        writer.emptyDirectory("data/exports/2023/q4");
        writer.emptyDirectory("build");
        writer.survivor(".env", "DEBUG=1\nSECRET_KEY=change-me\n");
    }

    private static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Writes the files and remembers which kind each is. */
    private static final class Writer {
        private final Path root;
        private final List<String> sources = new ArrayList<>();
        private final List<String> junk = new ArrayList<>();
        private final List<String> survivors = new ArrayList<>();

        Writer(Path root) {
            this.root = root;
        }

        void source(String path, String content) throws IOException {
            write(path, content);
            sources.add(path);
        }

        void junk(String path, String content) throws IOException {
            write(path, content);
            junk.add(path);
        }

        void survivor(String path, String content) throws IOException {
            write(path, content);
            survivors.add(path);
        }

        void binary(String path, byte[] content) throws IOException {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            survivors.add(path);
        }

        void link(String path, String target) throws IOException {
            Files.createSymbolicLink(root.resolve(path), Path.of(target));
            survivors.add(path);
        }

        void emptyDirectory(String path) throws IOException {
            Files.createDirectories(root.resolve(path));
            junk.add(path + "/");
        }

        private void write(String path, String content) throws IOException {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        }
    }
}
