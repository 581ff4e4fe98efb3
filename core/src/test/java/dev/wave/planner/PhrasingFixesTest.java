package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Phrasings that used to plan wrongly (issue 11): each plans as built-in actions over exactly the
 * expected paths, in a git repository with ignored build output, caches and dependency trees that
 * hold the same text.
 */
final class PhrasingFixesTest {
    @TempDir
    static Path directory;

    static SampleRepository repo;

    @BeforeAll
    static void repository() {
        ScratchRepository.empty(directory);
        repo = new SampleRepository(directory)
                .file(".gitignore", "target/\n*.egg-info/\n")
                .file("logs/app.log", "started\n")
                .file("logs/old/debug.log", "debug\n")
                .file("server.log", "keep: not under logs/\n")
                .file("src/app.py", "old_name = 1\n")
                .file("src/__pycache__/app.cpython-311.pyc", "old_name\n")
                .file("src/legacy.pyc", "bytecode\n")
                .file("docs/guide.md", "Call old_name. See http://old.example/docs.\n")
                .file("target/classes/app.txt", "old_name\n")
                .file("app.egg-info/PKG-INFO", "old_name\n")
                .file("node_modules/pkg/index.js", "old_name\n")
                .file(".venv/lib/x.py", "old_name\n")
                .file("tests/.pytest_cache/v/cache", "old_name\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Delete every log file in logs/                   | CLEANUP          | delete  | logs/app.log logs/old/debug.log
            Remove every .log file under logs                | CLEANUP          | delete  | logs/app.log logs/old/debug.log
            Remove compiled Python files                     | CLEANUP          | delete  | src/__pycache__ src/legacy.pyc
            Delete the compiled Python files                 | CLEANUP          | delete  | src/__pycache__ src/legacy.pyc
            Replace old_name with new_name                   | FIND_AND_REPLACE | replace | docs/guide.md src/app.py
            Replace old_name with new_name in all files      | FIND_AND_REPLACE | replace | docs/guide.md src/app.py
            Replace old_name with new_name everywhere        | FIND_AND_REPLACE | replace | docs/guide.md src/app.py
            Replace old_name with new_name in target/        | FIND_AND_REPLACE | replace | target/classes/app.txt
            Replace http://old.example/docs with https://new.example/docs. | FIND_AND_REPLACE | replace | docs/guide.md
            """)
    void phrasing_isBuiltInActionsOverExactlyTheExpectedPaths(String goal, Pattern pattern, String action, String paths) {
        GeneratedPlan generated = repo.plan(goal);

        assertThat(generated.pattern()).isEqualTo(pattern);
        assertThat(generated.plan().tasks()).allSatisfy(task -> assertThat(task.action()).as(task.id())
                .isInstanceOf(Action.Builtin.class));
        assertThat(SampleRepository.paths(generated.plan(), action)).containsExactlyElementsOf(List.of(paths.split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Delete every inactive user account from the database
            Remove all references to the legacy billing API
            """)
    void deleteEveryThingThatIsNotAFile_isNotAFileCleanup(String goal) {
        assertThat(repo.plan(goal).pattern()).isNotEqualTo(Pattern.CLEANUP);
    }

    @Test
    void replaceInAllFiles_saysWhatItLeftAlone() {
        GeneratedPlan generated = repo.plan("Replace old_name with new_name in all files");

        assertThat(generated.findings()).anySatisfy(finding -> assertThat(finding)
                .startsWith("4 files that git ignores or in caches left alone (")
                .contains("target").contains("src/__pycache__").contains("app.egg-info"));
    }

    @Test
    void replaceNothingFound_overAGlob_excludesIgnoredAndCacheDirectories() {
        GeneratedPlan generated = repo.plan("Replace absent_name with new_name");

        Action.Builtin replace = (Action.Builtin) generated.plan().task(0).action();
        assertThat(replace.fileAction().describe()).contains("node_modules").contains("__pycache__").contains("target");
    }

    @Test
    void replaceATextWithItself_unquoted_isRefusedAsANoOp() {
        assertThatThrownBy(() -> repo.plan("Replace old_name with old_name"))
                .isInstanceOf(WaveException.class)
                .hasMessage("the goal replaces old_name with old_name, which changes nothing. Name two different texts, as "
                        + "in: replace old_name with new_name.");
    }

    @Test
    void removeUnusedImportsInAllPythonFiles_isACleanup_withAgentBatchesOverThePythonFilesThatMayHaveThem(@TempDir Path other) {
        SampleRepository sample = new SampleRepository(other)
                .file("pkg/a.py", "import os\nimport sys\n\nprint(os.sep)\n")
                .file("pkg/b.py", "import json\n\nprint(json.dumps(1))\n")
                .file("web/app.js", "import x from 'y';\n");

        GeneratedPlan generated = sample.plan("Remove unused imports in all Python files");

        assertThat(generated.pattern()).isEqualTo(Pattern.CLEANUP);
        assertThat(generated.agentTasks()).containsExactly("unused-imports-1");
        assertThat(SampleRepository.task(generated.plan(), "unused-imports-1").scope()).containsExactly("pkg/a.py");
        assertThat(generated.findings()).noneMatch(finding -> finding.startsWith("scope:"));
        assertThat(generated.notes()).contains("The goal names no kind of file to delete: no deletion.");
    }

    @Test
    void addAHelperToAFile_isACodeAddition_writtenInThatFile_thenTested(@TempDir Path other) {
        SampleRepository sample = new SampleRepository(other)
                .file("pkg/utils.py", "def f():\n    return 1\n")
                .file("pkg/core.py", "from pkg.utils import f\n")
                .file("tests/test_utils.py", "from pkg.utils import f\n\ndef test_f():\n    assert f() == 1\n");

        GeneratedPlan generated = sample.plan("Add a retry helper to utils.py");

        assertThat(generated.pattern()).isEqualTo(Pattern.CODE_ADDITION);
        assertThat(generated.agentTasks()).containsExactly("write-code", "test-addition");
        assertThat(SampleRepository.task(generated.plan(), "write-code").scope()).containsExactly("pkg/utils.py");
        assertThat(SampleRepository.task(generated.plan(), "test-addition").dependsOn()).containsExactly("write-code");
        assertThat(SampleRepository.prompt(generated.plan(), "write-code")).contains("Add a retry helper to utils.py");
    }

    @Test
    void renameAClass_replacesTheWholeName_notInsideLongerNames(@TempDir Path other) {
        SampleRepository sample = new SampleRepository(other)
                .file("pkg/app.py", "class Application:\n    \"\"\"A WADLApplication.\"\"\"\n\n\nclass ApplicationError(Exception):\n    pass\n");

        GeneratedPlan generated = sample.plan("Rename the class Application to WadlApplication");
        Action.Builtin replace = (Action.Builtin) generated.plan().task(0).action();

        assertThat(replace.fileAction().toPlanMap()).containsEntry("find", "(?<![\\w$])Application(?![\\w$])")
                .containsEntry("regex", true);
        assertThat(generated.findings()).contains("1 file contains \"Application\" (1 occurrence)");
    }

    @Test
    void addTypeHintsToAllPythonFiles_isAgentBatchesOverTheSourceFilesInScope_butToANamedFileOneTask(@TempDir Path other) {
        SampleRepository sample = new SampleRepository(other)
                .file("pkg/a.py", "def f(x):\n    return x\n")
                .file("pkg/b.py", "def g(y):\n    return y\n")
                .file("pkg/tests/test_a.py", "def test_f():\n    pass\n")
                .file("other/c.py", "def h():\n    pass\n");

        GeneratedPlan all = sample.plan("Add type hints to all Python files in pkg/");
        GeneratedPlan named = sample.plan("Add type hints to pkg/a.py");

        assertThat(all.pattern()).isEqualTo(Pattern.CODE_ADDITION);
        assertThat(all.plan().tasks()).filteredOn(task -> task.id().startsWith("add-type-hints-"))
                .flatExtracting(dev.wave.plan.Task::scope).containsExactlyInAnyOrder("pkg/a.py", "pkg/b.py");
        assertThat(all.plan().tasks()).filteredOn(task -> task.id().startsWith("add-type-hints-"))
                .allSatisfy(task -> assertThat(((Action.Agent) task.action()).change())
                        .isEqualTo(dev.wave.plan.AgentChange.IF_NEEDED));
        assertThat(SampleRepository.task(named.plan(), "write-code").scope()).containsExactly("pkg/a.py");
    }
}
