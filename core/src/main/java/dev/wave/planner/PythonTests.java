package dev.wave.planner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Python test files that no configuration names: where the shallowest one is, and the command that runs
 * them, pytest when it is importable (it collects {@code test_*.py} and {@code *_test.py} anywhere), else
 * unittest's discovery from that file's directory; unittest's discovery too when a test file there
 * defines {@code load_tests}, unittest's protocol for tests made at run time (doctests of the docs, for
 * instance), which pytest does not call: pytest would run none of them.
 *
 * @param directory the directory of the shallowest test file, relative to the repository ({@code ""} for the root)
 * @param file that test file, relative to the repository
 * @param packaged whether {@code directory} is a package ({@code __init__.py}), so its tests import as such
 * @param loadTests the test file of {@code directory} that defines {@code load_tests}, if one does
 */
record PythonTests(String directory, String file, boolean packaged, Optional<String> loadTests) {
    private static final java.util.regex.Pattern LOAD_TESTS = java.util.regex.Pattern.compile("(?m)^def load_tests\\(");
    private static final int MAX_BYTES_READ = 64 * 1024;
    private static final int MAX_DEPTH = 4;
    private static final int MAX_ENTRIES = 20_000;
    private static final Set<String> SKIPPED = Set.of("node_modules", "__pycache__", "site-packages", "venv", "env",
            "build", "dist");

    /** The command that runs these tests, with why it was chosen. */
    TestCommand command(boolean pytestImportable) {
        String found = "test files such as " + file + " and no pytest configuration";
        String command = directory.isEmpty() ? "python3 -m unittest discover"
                : "python3 -m unittest discover -s " + directory + (packaged ? " -t ." : "");
        if (loadTests.isPresent()) {
            return new TestCommand("unittest", command, Optional.of(found + "; " + loadTests.get()
                    + " defines load_tests, which unittest calls and pytest does not"));
        }
        if (pytestImportable) {
            return new TestCommand("pytest", "python3 -m pytest -q", Optional.of(found + "; pytest is importable"));
        }
        return new TestCommand("unittest", command, Optional.of(found + "; pytest is not importable"));
    }

    /** The shallowest Python test file under {@code root}, breadth first, skipping hidden, build and dependency trees. */
    static Optional<PythonTests> find(Path root) {
        Deque<Path> directories = new ArrayDeque<>();
        directories.add(root);
        int seen = 0;
        while (!directories.isEmpty() && seen < MAX_ENTRIES) {
            Path directory = directories.poll();
            int depth = root.relativize(directory).getNameCount() - (directory.equals(root) ? 1 : 0);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                for (Path entry : entries) {
                    seen++;
                    String name = entry.getFileName().toString();
                    if (Files.isSymbolicLink(entry) || name.startsWith(".")) {
                        continue;
                    }
                    if (Files.isDirectory(entry)) {
                        if (depth + 1 < MAX_DEPTH && !SKIPPED.contains(name)) {
                            directories.add(entry);
                        }
                    } else if (name.endsWith(".py") && (name.startsWith("test_") || name.endsWith("_test.py"))) {
                        String relative = root.relativize(directory).toString().replace('\\', '/');
                        return Optional.of(new PythonTests(relative, root.relativize(entry).toString().replace('\\', '/'),
                                Files.isRegularFile(directory.resolve("__init__.py")), loadTests(root, directory)));
                    }
                }
            } catch (IOException e) {
                // an unreadable directory holds no test we can run
            }
        }
        return Optional.empty();
    }

    /** The test file of {@code directory} that defines {@code load_tests}, reading the first 64 KB of each. */
    private static Optional<String> loadTests(Path root, Path directory) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "{test_*.py,*_test.py}")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS) && LOAD_TESTS.matcher(head(entry)).find()) {
                    return Optional.of(root.relativize(entry).toString().replace('\\', '/'));
                }
            }
        } catch (IOException e) {
            // unreadable: nothing known about it
        }
        return Optional.empty();
    }

    private static String head(Path file) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_BYTES_READ), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Whether {@code python3} can import {@code module} here; false when Python is missing or does not answer in 10 s. */
    static boolean importable(String module) {
        Process process = null;
        try {
            process = new ProcessBuilder("python3", "-c", "import importlib.util, sys; sys.exit(0 if importlib.util."
                    + "find_spec('" + module + "') else 1)").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(
                            new java.io.File("/dev/null"))).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
