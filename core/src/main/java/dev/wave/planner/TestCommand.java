package dev.wave.planner;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The project's own test command, found from its build files in the order Maven, Gradle, npm,
 * pytest, go, cargo, make; then, for Python test files ({@code test_*.py}, {@code *_test.py}) that no
 * configuration names, pytest when it is importable, else unittest.
 *
 * @param tool the build tool's name, for titles and messages
 * @param command the shell command that runs the tests from the repository root
 * @param why how it was chosen, when no build file names it: the test files found and the runner's reason
 */
public record TestCommand(String tool, String command, Optional<String> why) {
    private static final Pattern MAKE_TEST_TARGET = Pattern.compile("(?m)^test\\s*:");
    private static final String NPM_DEFAULT_TEST = "no test specified";

    public TestCommand {
        requireNonNull(tool, "tool is null");
        requireNonNull(command, "command is null");
        requireNonNull(why, "why is null");
    }

    /** A command a build file names. */
    public TestCommand(String tool, String command) {
        this(tool, command, Optional.empty());
    }

    /** The test command of the project at {@code root}, when its build files name one. Reads files; changes nothing. */
    public static Optional<TestCommand> detect(Path root) {
        return detect(root, PythonTests::importable);
    }

    /**
     * As {@link #detect(Path)}, asking {@code importable} whether a Python module can be imported (it starts
     * {@code python3} only when Python test files are found and no configuration names pytest).
     */
    static Optional<TestCommand> detect(Path root, java.util.function.Predicate<String> importable) {
        if (Files.isRegularFile(root.resolve("pom.xml"))) {
            return Optional.of(new TestCommand("Maven", Files.isExecutable(root.resolve("mvnw")) ? "./mvnw -q test" : "mvn -q test"));
        }
        if (Files.isRegularFile(root.resolve("build.gradle")) || Files.isRegularFile(root.resolve("build.gradle.kts"))) {
            return Optional.of(new TestCommand("Gradle", Files.isExecutable(root.resolve("gradlew")) ? "./gradlew test" : "gradle test"));
        }
        if (npmTest(root.resolve("package.json"))) {
            return Optional.of(new TestCommand("npm", "npm test"));
        }
        if (pytestConfigured(root)) {
            return Optional.of(new TestCommand("pytest", "python3 -m pytest -q"));
        }
        if (Files.isRegularFile(root.resolve("go.mod"))) {
            return Optional.of(new TestCommand("go", "go test ./..."));
        }
        if (Files.isRegularFile(root.resolve("Cargo.toml"))) {
            return Optional.of(new TestCommand("cargo", "cargo test"));
        }
        for (String makefile : new String[] {"Makefile", "makefile", "GNUmakefile"}) {
            if (MAKE_TEST_TARGET.matcher(read(root.resolve(makefile))).find()) {
                return Optional.of(new TestCommand("make", "make test"));
            }
        }
        return PythonTests.find(root).map(found -> found.command(importable.test("pytest")));
    }

    private static boolean npmTest(Path packageJson) {
        if (!Files.isRegularFile(packageJson)) {
            return false;
        }
        try {
            JsonNode test = JsonMapper.builder().build().readTree(read(packageJson)).path("scripts").path("test");
            return test.isTextual() && !test.asText().isBlank() && !test.asText().contains(NPM_DEFAULT_TEST);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean pytestConfigured(Path root) {
        return Files.isRegularFile(root.resolve("pytest.ini")) || Files.isRegularFile(root.resolve("conftest.py"))
                || read(root.resolve("pyproject.toml")).contains("[tool.pytest")
                || read(root.resolve("setup.cfg")).contains("[tool:pytest]")
                || read(root.resolve("tox.ini")).contains("[pytest]");
    }

    static String read(Path file) {
        try {
            return Files.isRegularFile(file) && !Files.isSymbolicLink(file) ? Files.readString(file) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
