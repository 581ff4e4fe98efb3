package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A goal's negations ("but not in tests", "except README.md") leave files out of its scope instead of selecting them. */
final class ExclusionsTest {
    @TempDir
    Path directory;

    SampleRepository repo;

    @BeforeEach
    void repository() {
        repo = new SampleRepository(directory)
                .file("src/pkg/auth.py", "get_netrc_auth()\n")
                .file("src/pkg/tests/test_auth.py", "get_netrc_auth()\n")
                .file("tests/test_utils.py", "get_netrc_auth()\n")
                .file("vendor/lib.py", "get_netrc_auth()\n")
                .file("docs/guide.md", "get_netrc_auth\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Rename 'get_netrc_auth' to 'find_netrc_auth' but not in tests                 | docs/guide.md, src/pkg/auth.py, vendor/lib.py
            Rename get_netrc_auth to find_netrc_auth everywhere except in tests and vendor/ | docs/guide.md, src/pkg/auth.py
            Replace get_netrc_auth with find_netrc_auth, excluding vendor/ and docs        | src/pkg/auth.py, src/pkg/tests/test_auth.py, tests/test_utils.py
            Replace get_netrc_auth with find_netrc_auth in all Python files except the test files | src/pkg/auth.py, vendor/lib.py
            Replace get_netrc_auth with find_netrc_auth in src/ but don't touch tests    | src/pkg/auth.py
            Replace get_netrc_auth with find_netrc_auth; leave vendor/ alone            | docs/guide.md, src/pkg/auth.py, src/pkg/tests/test_auth.py, tests/test_utils.py
            Replace get_netrc_auth with find_netrc_auth except in *.md files            | src/pkg/auth.py, src/pkg/tests/test_auth.py, tests/test_utils.py, vendor/lib.py
            """)
    void negation_leavesItsFilesOut_andKeepsTheRest(String goal, String files) {
        GeneratedPlan generated = repo.plan(goal);

        assertThat(SampleRepository.paths(generated.plan(), "replace")).containsExactly(files.split(", "));
        assertThat(generated.findings().get(0)).contains(" except ");
    }

    @Test
    void negation_whenNoFileInScopeHoldsTheText_theWholeScopeReplaceStillLeavesTheExcludedOut() {
        repo.file("tests/only.py", "only_in_tests\n");

        GeneratedPlan generated = repo.plan("Rename only_in_tests to renamed but not in tests");

        Action.Builtin builtin = (Action.Builtin) SampleRepository.builtins(generated.plan(), "replace").get(0).action();
        FileAction.Scope scope = ((FileAction.Replace) builtin.fileAction()).scope();
        assertThat(scope.exclude()).contains("**/tests/**", "**/test_*");
    }

    @Test
    void cleanupWithAnException_keepsTheNamedFile_andSaysSo() {
        repo.file("vendor/semver/README.md", "x\n").file("vendor/semver/LICENSE.md", "x\n").file("vendor/glob/LICENSE.md", "x\n");

        GeneratedPlan generated = repo.plan("delete all .md files in vendor except README.md");

        assertThat(SampleRepository.paths(generated.plan(), "delete")).containsExactly("vendor/glob/LICENSE.md", "vendor/semver/LICENSE.md");
        assertThat(generated.findings()).anySatisfy(line -> assertThat(line)
                .isEqualTo("left alone, as the goal says (except README.md): 1 (vendor/semver/README.md)"));
    }

    @Test
    void cleanupOutsideATestDirectory_leavesItsCachesAlone() {
        repo.directory("src/pkg/__pycache__").file("src/pkg/__pycache__/auth.cpython-311.pyc", "x")
                .file("tests/__pycache__/test_utils.cpython-311.pyc", "x");

        GeneratedPlan generated = repo.plan("Remove all __pycache__ directories but not in tests/");

        assertThat(SampleRepository.paths(generated.plan(), "delete")).containsExactly("src/pkg/__pycache__");
    }

    @Test
    void cleanupWithAnExceptionClause_plansNoAgentTaskForTheClause() {
        repo.file("src/pkg/__pycache__/auth.cpython-311.pyc", "x").file("tests/__pycache__/test_utils.cpython-311.pyc", "x");

        GeneratedPlan generated = repo.plan("Remove all __pycache__ directories, except in tests/");

        assertThat(generated.agentTasks()).isEmpty();
        assertThat(SampleRepository.paths(generated.plan(), "delete")).containsExactly("src/pkg/__pycache__");
    }

    @Test
    void unusedImportsInADirectory_goOnlyToItsFiles_lessTheOnesLeftOut() {
        repo.file("click/core.py", "import os\nimport sys\nprint(sys)\n").file("click/types.py", "import os\n")
                .file("jinja2/utils.py", "import os\n");

        GeneratedPlan generated = repo.plan("Remove unused imports in click/ but not in click/types.py");

        assertThat(generated.agentTasks()).singleElement().satisfies(id -> assertThat(SampleRepository.task(generated.plan(), id).scope())
                .containsExactly("click/core.py"));
    }

    @Test
    void exceptTheOnesUnderADirectory_leavesThatDirectoryOut() {
        repo.file("src/pkg/stray.pyc", "x").file("tests/old.pyc", "x");

        GeneratedPlan generated = repo.plan("Remove every .pyc file except the ones under tests/");

        assertThat(SampleRepository.paths(generated.plan(), "delete")).containsExactly("src/pkg/stray.pyc");
    }

    @Test
    void exclusionOfADirectoryThatIsNotThere_isRefused_ratherThanExcludingNothing() {
        assertThatThrownBy(() -> repo.plan("Replace get_netrc_auth with find_netrc_auth except in test/"))
                .isInstanceOf(WaveException.class)
                .hasMessage("the goal leaves out test/, which is not a directory in " + directory + ", so it would leave out nothing. "
                        + "Fix the path, or leave the exclusion out.");
    }

    @Test
    void negationOfSomethingThatIsNotAPlace_changesNoScope() {
        GeneratedPlan generated = repo.plan("Replace get_netrc_auth with find_netrc_auth, not get_auth");

        assertThat(SampleRepository.paths(generated.plan(), "replace")).hasSize(5);
    }
}
