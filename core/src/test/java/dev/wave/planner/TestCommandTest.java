package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TestCommandTest {
    @TempDir
    Path root;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pom.xml            | <project/>                                        | Maven  | mvn -q test
            build.gradle.kts   | plugins {}                                        | Gradle | gradle test
            package.json       | {"scripts": {"test": "jest"}}                     | npm    | npm test
            pyproject.toml     | [tool.pytest.ini_options]                         | pytest | python3 -m pytest -q
            tests/test_app.py  | def test_x(): pass                                | pytest | python3 -m pytest -q
            go.mod             | module example.com/x                              | go     | go test ./...
            Cargo.toml         | [package]                                         | cargo  | cargo test
            Makefile           | 'build:\n\ttrue\ntest: build\n\ttrue\n'           | make   | make test
            """)
    void detect_buildFile_givesTheProjectsTestCommand(String file, String content, String tool, String command)
            throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content.replace("\\n", "\n").replace("\\t", "\t"));

        assertThat(TestCommand.detect(root, module -> true)).hasValueSatisfying(detected -> {
            assertThat(detected.tool()).isEqualTo(tool);
            assertThat(detected.command()).isEqualTo(command);
        });
    }

    @Test
    void detect_wrappers_areUsedWhenExecutable() throws IOException {
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path wrapper = Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        wrapper.toFile().setExecutable(true);

        assertThat(TestCommand.detect(root)).contains(new TestCommand("Maven", "./mvnw -q test"));
    }

    @Test
    void detect_npmDefaultTestScriptOrMakefileWithoutTestTarget_isNoTestCommand() throws IOException {
        Files.writeString(root.resolve("package.json"),
                "{\"scripts\": {\"test\": \"echo \\\"Error: no test specified\\\" && exit 1\"}}");
        Files.writeString(root.resolve("Makefile"), "build:\n\ttrue\n");

        assertThat(TestCommand.detect(root)).isEqualTo(Optional.empty());
    }

    @Test
    void detect_mavenWinsOverMake() throws IOException {
        Files.writeString(root.resolve("Makefile"), "test:\n\ttrue\n");
        Files.writeString(root.resolve("pom.xml"), "<project/>");

        assertThat(TestCommand.detect(root).map(TestCommand::tool)).contains("Maven");
    }

    @Test
    void detect_pythonTestsInAPackageWithoutPytestConfig_choosesPytestWhenImportable_elseUnittest_andSaysWhy()
            throws IOException {
        for (String file : new String[] {"mypkg/__init__.py", "mypkg/tests/__init__.py", "mypkg/core.py"}) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "");
        }
        Files.writeString(root.resolve("mypkg/tests/test_core.py"), "def test_x(): pass\n");

        assertThat(TestCommand.detect(root, module -> true)).contains(new TestCommand("pytest", "python3 -m pytest -q",
                Optional.of("test files such as mypkg/tests/test_core.py and no pytest configuration; pytest is importable")));
        assertThat(TestCommand.detect(root, module -> false)).contains(new TestCommand("unittest",
                "python3 -m unittest discover -s mypkg/tests -t .",
                Optional.of("test files such as mypkg/tests/test_core.py and no pytest configuration; pytest is not "
                        + "importable")));
    }

    @Test
    void detect_pythonTestsThatDefineLoadTests_runWithUnittest_evenWhenPytestIsImportable() throws IOException {
        for (String file : new String[] {"mypkg/__init__.py", "mypkg/tests/__init__.py"}) {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), "");
        }
        Files.writeString(root.resolve("mypkg/tests/test_docs.py"), "import doctest\n\n\ndef load_tests(loader, tests, "
                + "pattern):\n    return doctest.DocFileSuite('../docs/index.rst')\n");

        assertThat(TestCommand.detect(root, module -> true)).contains(new TestCommand("unittest",
                "python3 -m unittest discover -s mypkg/tests -t .",
                Optional.of("test files such as mypkg/tests/test_docs.py and no pytest configuration; mypkg/tests/test_docs.py "
                        + "defines load_tests, which unittest calls and pytest does not")));
    }

    @Test
    void detect_testsDirectoryThatIsNoPackage_withoutPytest_discoversFromThatDirectory() throws IOException {
        Files.createDirectories(root.resolve("tests"));
        Files.writeString(root.resolve("tests/test_app.py"), "import unittest\n");
        Files.createDirectories(root.resolve("node_modules/x"));
        Files.writeString(root.resolve("node_modules/x/test_dep.py"), "");

        assertThat(TestCommand.detect(root, module -> false).map(TestCommand::command))
                .contains("python3 -m unittest discover -s tests");
    }

    @Test
    void detect_pythonTestsOnlyInDependencyTrees_isNoTestCommand() throws IOException {
        Files.createDirectories(root.resolve(".venv/lib"));
        Files.writeString(root.resolve(".venv/lib/test_dep.py"), "");

        assertThat(TestCommand.detect(root, module -> true)).isEmpty();
    }
}
