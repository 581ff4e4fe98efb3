package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.action.BuiltinActions;
import dev.wave.run.ExecutionResult;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replacement goals as engineers write them change exactly the text they name, when the plan's built-in tasks run. */
final class ReplacementGoalsTest {
    @TempDir
    Path directory;

    private Path repository() {
        return directory.resolve("repo");
    }

    /** Plans the goal and runs its built-in tasks in the plan's order, as a run would. */
    private GeneratedPlan run(String goal) throws Exception {
        GeneratedPlan generated = Planner.heuristic().plan(new dev.wave.planner.Goal(goal, repository(),
                dev.wave.scale.Limits.automatic(), SampleRepository.WORKSTATION));
        BuiltinActions actions = BuiltinActions.create();
        for (Task task : generated.plan().tasks()) {
            if (task.action() instanceof Action.Builtin) {
                ExecutionResult result = actions.execute(task, repository(), directory.resolve(task.id() + ".log"));
                assertThat(result.succeeded()).as(task.id() + ": " + result.summary()).isTrue();
            }
        }
        return generated;
    }

    private String read(String path) throws IOException {
        return Files.readString(repository().resolve(path));
    }

    @Test
    void severalQuotedTypos_areAllFixed_oneAfterTheOther() throws Exception {
        new SampleRepository(repository()).file("a.py", "# recieve the seperate parts\n").file("b.py", "# it occured\n");

        GeneratedPlan generated = run("Fix typos: 'recieve' -> 'receive', 'occured' -> 'occurred' and 'seperate' -> 'separate' "
                + "in all Python files");

        assertThat(read("a.py")).isEqualTo("# receive the separate parts\n");
        assertThat(read("b.py")).isEqualTo("# it occurred\n");
        assertThat(generated.findings()).contains("1 file contains \"occured\" (1 occurrence)");
        assertThat(SampleRepository.task(generated.plan(), "replace-2-1").dependsOn()).containsExactly("replace-1-1");
    }

    @Test
    void backquotedTexts_mayHoldOtherQuotes() throws Exception {
        new SampleRepository(repository()).file("lib/x.js", "const fs = require('fs/promises')\nf(a)\n");

        run("Replace `require('fs/promises')` with `require('node:fs/promises')` in lib/");

        assertThat(read("lib/x.js")).isEqualTo("const fs = require('node:fs/promises')\nf(a)\n");
    }

    @Test
    void anApostropheInsideAQuotedWord_isPartOfTheText() throws Exception {
        new SampleRepository(repository()).file("README.md", "We dont know\n");

        run("Fix the typo 'dont' -> 'don't' in README.md");

        assertThat(read("README.md")).isEqualTo("We don't know\n");
    }

    @Test
    void unquotedWord_isReplacedAsAWholeName_notInsideLongerNames() throws Exception {
        new SampleRepository(repository()).file("a.js", "var variable = 1; var $var = invar;\n");

        run("replace var with let in all JavaScript files");

        assertThat(read("a.js")).isEqualTo("let variable = 1; let $var = invar;\n");
    }

    @Test
    void unquotedCallWithItsParenthesis_isReplaced_butNotInsideALongerName() throws Exception {
        new SampleRepository(repository()).file("src/a.py", "print(x)\npprint(y)\nself.print(z)\n");

        run("Replace print( with logger.info( in src/");

        assertThat(read("src/a.py")).isEqualTo("logger.info(x)\npprint(y)\nself.logger.info(z)\n");
    }

    @Test
    void kindWordAfterTheName_isARenameOfThatName() throws Exception {
        new SampleRepository(repository()).file("jinja2/env.py", "class Environment: pass\nSandboxedEnvironment = Environment\n");

        GeneratedPlan generated = run("Rename the Environment class to Env in jinja2");

        assertThat(generated.pattern()).isEqualTo(Pattern.FIND_AND_REPLACE);
        assertThat(read("jinja2/env.py")).isEqualTo("class Env: pass\nSandboxedEnvironment = Env\n");
    }

    @Test
    void renameInAFileNamedByItsPath_changesThatFileOnly() throws Exception {
        new SampleRepository(repository()).file("src/pkg/utils.py", "netrc_file = 1\n").file("src/pkg/other.py", "netrc_file = 2\n");

        run("Rename variable netrc_file to netrc_path in src/pkg/utils.py");

        assertThat(read("src/pkg/utils.py")).isEqualTo("netrc_path = 1\n");
        assertThat(read("src/pkg/other.py")).isEqualTo("netrc_file = 2\n");
    }

    @Test
    void kindsOfCharacter_areNoTextToReplace_soNoWordIsReplaced() throws Exception {
        new SampleRepository(repository()).file("a.py", "# tabs\n\tx = 1\n");

        GeneratedPlan generated = repo("replace tabs with spaces");

        assertThat(generated.plan().tasks()).noneMatch(task -> task.action() instanceof Action.Builtin);
        assertThat(generated.notes()).anySatisfy(note -> assertThat(note).startsWith("The goal names no exact text to replace."));
    }

    private GeneratedPlan repo(String goal) {
        return new SampleRepository(repository()).plan(goal);
    }

    @Test
    void cleanupThenRename_doesBoth_oneAfterTheOther() throws Exception {
        new SampleRepository(repository()).file("src/auth.py", "get_netrc_auth()\n").file("src/__pycache__/auth.cpython-311.pyc", "x")
                .file("src/stray.pyc", "x");

        GeneratedPlan generated = run("Remove all __pycache__ directories and .pyc files, then rename get_netrc_auth to find_netrc_auth");

        assertThat(generated.pattern()).isEqualTo(Pattern.COMPOUND);
        assertThat(read("src/auth.py")).isEqualTo("find_netrc_auth()\n");
        assertThat(repository().resolve("src/__pycache__")).doesNotExist();
        assertThat(repository().resolve("src/stray.pyc")).doesNotExist();
    }

    @Test
    void renameAndUpdateImports_staysOnePlan() {
        new SampleRepository(repository()).file("pkg/__init__.py", "").file("pkg/util.py", "x = 1\n").file("app.py", "import pkg.util\n");

        assertThat(repo("Rename pkg.util to pkg.helpers and update imports").pattern()).isEqualTo(Pattern.IMPORT_UPDATE);
    }

    @Test
    void newTextThatExtendsTheOld_leavesWhatAlreadyReadsAsTheNewText() throws Exception {
        new SampleRepository(repository()).file("a.py", "from urllib3.util import x\nfrom urllib3.utils import y\nlog syslog\n");

        run("Replace 'from urllib3.util' with 'from urllib3.utils', 'log' -> 'syslog'");

        assertThat(read("a.py")).isEqualTo("from urllib3.utils import x\nfrom urllib3.utils import y\nsyslog syslog\n");
    }

    @Test
    void twoQuotedModuleNamesInAnImportGoal_areTheModuleRename_notAgentBatches() throws Exception {
        new SampleRepository(repository()).file("app/__init__.py", "").file("app/helpers.py", "x = 1\n")
                .file("app/main.py", "from app.utils import x\nimport os\n");

        GeneratedPlan generated = run("Swap every 'app.utils' import for 'app.helpers'");

        assertThat(generated.agentTasks()).isEmpty();
        assertThat(read("app/main.py")).isEqualTo("from app.helpers import x\nimport os\n");
    }

    @Test
    void trailingWhitespace_isRemovedFromSourceFiles_butNotFromMarkdownUnlessNamed() throws Exception {
        new SampleRepository(repository()).file("src/a.py", "x = 1   \r\n\ty = 2\t\n  \nz\n").file("README.md", "line  \nnext\n");

        GeneratedPlan generated = run("remove trailing whitespace");

        assertThat(generated.agentTasks()).isEmpty();
        assertThat(generated.findings()).contains("1 file has trailing whitespace (3 lines)");
        assertThat(read("src/a.py")).isEqualTo("x = 1\r\n\ty = 2\n\nz\n");
        assertThat(read("README.md")).isEqualTo("line  \nnext\n");

        run("Strip the trailing spaces in all Markdown files");

        assertThat(read("README.md")).isEqualTo("line\nnext\n");
    }

    @Test
    void trailingWhitespace_inAFileNamedByItsPath_isRemovedThere_whateverItsKind() throws Exception {
        new SampleRepository(repository()).file("src/a.py", "x = 1  \n").file("docs/index.md", "line  \nnext\n");

        run("Remove trailing whitespace in docs/index.md");

        assertThat(read("docs/index.md")).isEqualTo("line\nnext\n");
        assertThat(read("src/a.py")).isEqualTo("x = 1  \n");
    }

    @Test
    void trailingWhitespace_whenNoSourceFileHasAny_changesNoOtherFile() throws Exception {
        new SampleRepository(repository()).file("src/a.py", "x = 1\n").file("README.md", "line  \nnext\n");

        GeneratedPlan generated = run("Remove trailing whitespace");

        assertThat(SampleRepository.builtins(generated.plan(), "replace")).isEmpty();
        assertThat(read("README.md")).isEqualTo("line  \nnext\n");
    }

    @Test
    void renamingAJavaClass_renamesItsFileAfterItsText() throws Exception {
        new SampleRepository(repository())
                .file("src/main/java/p/ConsoleHandler.java", "package p;\npublic class ConsoleHandler {}\n")
                .file("src/main/java/p/Use.java", "package p;\nclass Use { ConsoleHandler h; }\n");

        run("Rename class ConsoleHandler to StdErrHandler");

        assertThat(repository().resolve("src/main/java/p/ConsoleHandler.java")).doesNotExist();
        assertThat(read("src/main/java/p/StdErrHandler.java")).isEqualTo("package p;\npublic class StdErrHandler {}\n");
        assertThat(read("src/main/java/p/Use.java")).isEqualTo("package p;\nclass Use { StdErrHandler h; }\n");
    }

    @Test
    void newNameWithADollar_isWrittenAsIs() throws Exception {
        new SampleRepository(repository()).file("a.js", "jQuery(x)\n");

        run("Rename the function jQuery to $jq");

        assertThat(read("a.js")).isEqualTo("$jq(x)\n");
    }

    @Test
    void pairsWhereOneWouldChangeWhatTheOtherWrote_areRefused() {
        new SampleRepository(repository()).file("a.py", "a b\n");

        assertThatThrownBy(() -> run("Replace 'foo' with 'bar' and 'bar' with 'baz'"))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith("the goal replaces 'foo' with 'bar' and 'bar' with 'baz': one would change what the other wrote");
    }

    @Test
    void anEmptyTextAmongSeveralPairs_isRefused_notDropped() {
        new SampleRepository(repository()).file("a.py", "a b\n");

        assertThatThrownBy(() -> run("Fix typos 'teh' -> 'the' and '' -> 'x'"))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith("the goal's text to replace is empty ('' -> 'x')");
    }
}
