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
 * pytest, go, cargo, make.
 *
 * @param tool the build tool's name, for titles and messages
 * @param command the shell command that runs the tests from the repository root
 */
public record TestCommand(String tool, String command) {
    private static final Pattern MAKE_TEST_TARGET = Pattern.compile("(?m)^test\\s*:");
    private static final String NPM_DEFAULT_TEST = "no test specified";

    public TestCommand {
        requireNonNull(tool, "tool is null");
        requireNonNull(command, "command is null");
    }

    /** The test command of the project at {@code root}, when its build files name one. Reads files; changes nothing. */
    public static Optional<TestCommand> detect(Path root) {
        if (Files.isRegularFile(root.resolve("pom.xml"))) {
            return Optional.of(new TestCommand("Maven", Files.isExecutable(root.resolve("mvnw")) ? "./mvnw -q test" : "mvn -q test"));
        }
        if (Files.isRegularFile(root.resolve("build.gradle")) || Files.isRegularFile(root.resolve("build.gradle.kts"))) {
            return Optional.of(new TestCommand("Gradle", Files.isExecutable(root.resolve("gradlew")) ? "./gradlew test" : "gradle test"));
        }
        if (npmTest(root.resolve("package.json"))) {
            return Optional.of(new TestCommand("npm", "npm test"));
        }
        if (pytest(root)) {
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
        return Optional.empty();
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

    private static boolean pytest(Path root) {
        if (Files.isRegularFile(root.resolve("pytest.ini")) || Files.isRegularFile(root.resolve("conftest.py"))
                || read(root.resolve("pyproject.toml")).contains("[tool.pytest")
                || read(root.resolve("setup.cfg")).contains("[tool:pytest]")
                || read(root.resolve("tox.ini")).contains("[pytest]")) {
            return true;
        }
        for (String directory : new String[] {"tests", "test"}) {
            Path tests = root.resolve(directory);
            if (Files.isDirectory(tests)) {
                try (var files = Files.list(tests)) {
                    if (files.anyMatch(file -> file.getFileName().toString().matches("test_.*\\.py|.*_test\\.py"))) {
                        return true;
                    }
                } catch (IOException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) && !Files.isSymbolicLink(file) ? Files.readString(file) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
