package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Goals as people write them: each phrasing plans without an internal error, is recognised as the
 * expected pattern, and its first task is the expected kind of work (a built-in action's name,
 * {@code prompt} for an agent, {@code run} for a shell command).
 */
final class GoalPhrasingsTest {
    @TempDir
    static Path directory;

    static SampleRepository repo;

    @BeforeAll
    static void repository() {
        repo = new SampleRepository(directory)
                .file("pytest.ini", "[pytest]\n")
                .file("README.md", "# app\nTeh app logs with old_logger.\n")
                .file("docs/guide.rst", "Use old_logger.\n")
                .file("docs/intro.md", "Call getUser.\n")
                .file("pkg/__init__.py", "")
                .file("pkg/mod.py", "from . import helpers\nold_logger = None\n")
                .file("pkg/helpers.py", "def getUser(): pass\n")
                .file("pkg/use.py", "from pkg.mod import old_logger\nfrom .mod import old_logger as log\n")
                .file("tests/test_mod.py", "import pkg.mod\n")
                .file("tests/test_helpers.py", "from pkg import helpers\n")
                .file("tests/test_use.py", "from pkg import use\n")
                .file("photos/a.jpeg", "jpeg")
                .file("photos/b.JPEG", "jpeg")
                .file("temp_1.py", "x = 1\n")
                .file("src/temp_2.py", "x = 2\n")
                .file("web/src/utils/old.ts", "export const x = 1;\n")
                .file("web/src/app.ts", "import { x } from './utils/old';\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Rename old_logger to new_logger in all Python files       | FIND_AND_REPLACE | replace
            Change every getUser into fetchUser                        | FIND_AND_REPLACE | replace
            Replace old_logger with new_logger                         | FIND_AND_REPLACE | replace
            Replace old_logger with new_logger in docs/                | FIND_AND_REPLACE | replace
            Replace old_logger with new_logger in *.rst                | FIND_AND_REPLACE | replace
            Replace getUser with fetchUser in all Markdown files       | FIND_AND_REPLACE | replace
            Replace old_logger with new_logger in pkg/ and tests/      | FIND_AND_REPLACE | replace
            Replace old_logger with new_logger everywhere              | FIND_AND_REPLACE | replace
            Swap getUser for fetchUser in every file                   | FIND_AND_REPLACE | replace
            Fix the typo 'Teh' -> 'The' in README                      | FIND_AND_REPLACE | replace
            Fix typo in README                                         | FIND_AND_REPLACE | prompt
            Find and replace deprecated calls                          | FIND_AND_REPLACE | prompt
            Replace the old logger in all files                        | FIND_AND_REPLACE | prompt
            Rename all .jpeg files to .jpg                             | FILE_RENAME      | rename
            Rename *.jpeg to *.jpg in photos/                          | FILE_RENAME      | rename
            Remove all temp_*.py files                                 | CLEANUP          | delete
            Delete all .jpeg files                                     | CLEANUP          | delete
            Clean up the repository                                    | CLEANUP          | find
            Run all tests across 3 test files                          | TEST_RUN         | run
            Run the test suite                                         | TEST_RUN         | run
            Run the tests and fix what fails                           | BUG_FIX          | prompt
            Update imports from pkg.mod to pkg.core                    | IMPORT_UPDATE    | rename-module
            Rename the module pkg.mod to pkg.core                      | IMPORT_UPDATE    | rename
            Move the module pkg.mod to pkg.sub.core                    | IMPORT_UPDATE    | move
            Move pkg/mod.py to pkg/core.py                             | IMPORT_UPDATE    | rename
            Update imports from web/src/utils/old to web/src/lib/new   | IMPORT_UPDATE    | rename-module
            Update all import statements to use the new module path   | IMPORT_UPDATE    | prompt
            Fix the login bug                                          | BUG_FIX          | prompt
            Add unit tests for the parser                              | TESTING_SUITE    | prompt
            Refactor the helpers module                                | REFACTORING      | prompt
            Make the coffee                                            | UNRECOGNISED     | prompt
            Rename X to Y                                              | FIND_AND_REPLACE | replace
            replace                                                    | FIND_AND_REPLACE | prompt
            Move                                                       | UNRECOGNISED     | prompt
            Rename the module to something better                      | IMPORT_UPDATE    | prompt
            """)
    void phrasing_plansWithoutInternalError_asTheExpectedPatternAndWork(String goal, Pattern pattern, String work) {
        assertThatCode(() -> repo.plan(goal)).doesNotThrowAnyException();
        GeneratedPlan generated = repo.plan(goal);

        assertThat(generated.pattern()).isEqualTo(pattern);
        assertThat(kind(generated.plan().task(0))).isEqualTo(work);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Remove all temp_*.py files
            Delete all .jpeg files
            Remove all __pycache__ directories and .pyc files
            """)
    void cleanupNamingWhatToDelete_isBuiltInActionsOnly_withNoAgentTask(String goal) {
        GeneratedPlan generated = repo.plan(goal);

        assertThat(generated.plan().tasks()).isNotEmpty()
                .allSatisfy(task -> assertThat(task.action()).as(task.id()).isInstanceOf(Action.Builtin.class));
    }

    @org.junit.jupiter.api.Test
    void moduleWithATypeStub_movesWithIt() {
        SampleRepository stubbed = new SampleRepository(directory.resolve("stubbed"))
                .file("lib/__init__.py", "")
                .file("lib/_core.py", "X = 1\n")
                .file("lib/_core.pyi", "X: int\n")
                .file("lib/api.py", "from ._core import X\n");

        GeneratedPlan generated = stubbed.plan("Rename the module lib._core to lib._engine");

        Task rename = SampleRepository.task(generated.plan(), "rename-module-file");
        assertThat(rename.action().describe()).contains("lib/_core.py, lib/_core.pyi");
        assertThat(((Action.Builtin) SampleRepository.task(generated.plan(), "rewrite-imports-1").action()).fileAction())
                .isEqualTo(new dev.wave.plan.FileAction.RenameModule(dev.wave.plan.FileAction.Scope.ofPaths("lib/api.py"), "lib._core",
                        "lib._engine", ".", false));
    }

    @org.junit.jupiter.api.Test
    void moduleMovedToItself_isAOneLineUserError() {
        assertThatThrownBy(() -> repo.plan("Update imports from pkg.mod to pkg.mod"))
                .isInstanceOf(dev.wave.WaveException.class)
                .hasMessage("the goal moves pkg.mod to itself. Name the new path: \"Update imports from OLD.PATH to NEW.PATH\".");
    }

    private static String kind(Task task) {
        return task.action() instanceof Action.Builtin builtin ? builtin.fileAction().name() : task.action().kind();
    }
}
