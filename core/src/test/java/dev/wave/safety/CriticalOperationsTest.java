package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class CriticalOperationsTest {
    private static final Path REPOSITORY = Path.of("/work/project");
    private final CriticalOperations operations = CriticalOperations.defaults();

    @Test
    void reasons_declaredCritical_saysSo() {
        assertThat(operations.reasons(Task.shell("a", "true", List.of()).withCritical(true), REPOSITORY))
                .containsExactly("declared critical: true");
    }

    @Test
    void reasons_keywordInTitle_matchesWholeWordsAndPlurals() {
        assertThat(operations.reasons(titled("Drop tables of the old schema"), REPOSITORY))
                .containsExactly("keyword \"drop table\" in its title");
        assertThat(operations.reasons(titled("Run the Alembic   upgrade"), REPOSITORY))
                .containsExactly("keyword \"alembic upgrade\" in its title");
        assertThat(operations.reasons(titled("Fix truncated output"), REPOSITORY)).isEmpty();
        assertThat(operations.reasons(titled("Write unit tests"), REPOSITORY)).isEmpty();
    }

    @Test
    void reasons_keywordInPrompt_isFound() {
        Task task = new Task("a", "a", new Action.Agent("Plan the production deployment"), List.of(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), 0, Map.of());

        assertThat(operations.reasons(task, REPOSITORY)).containsExactly("keyword \"production deployment\" in its prompt");
    }

    @Test
    void withKeywords_addsConfiguredKeywords() {
        CriticalOperations configured = operations.withKeywords(List.of("delete all", " "));

        assertThat(configured.keywords()).endsWith("delete all");
        assertThat(configured.reasons(titled("Delete all fixtures"), REPOSITORY))
                .containsExactly("keyword \"delete all\" in its title");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git push --force origin main",
        "git push -f",
        "git push origin +main",
        "git -C sub push --force-with-lease",
        "git reset --hard HEAD~1",
        "git clean -fdx",
        "git clean -f -X",
        "git clean -fd",
        "git checkout -- .",
        "git restore .",
        "git stash clear",
        "git branch -D old",
        "psql -c 'DROP DATABASE prod'",
        "mkfs.ext4 /dev/sdb1",
        "rm -rf /",
        "rm -rf ~/projects",
        "rm -r ../other",
        "rm -rf $BUILD_DIR/",
        "cd /tmp && rm -rf build",
        "rm -rf .",
        "rm -rf .git",
        "sudo rm -fr /var/lib/app",
    })
    void dangerous_matchesDestructiveCommands(String command) {
        assertThat(CriticalOperations.dangerous(command, REPOSITORY)).isNotEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "git push origin main",
        "git push --follow-tags",
        "git reset HEAD file.txt",
        "git clean -fd build",
        "git checkout -b feature",
        "git restore --staged .",
        "git stash",
        "git branch -d merged",
        "rm -rf build dist",
        "rm -rf ./node_modules",
        "rm old.txt /tmp/scratch.txt",
        "rm -rf src/../build",
        "rm -rf /work/project/build",
        "cd sub && rm -rf out",
        "echo 'drop database' > notes.txt && cat notes.txt",
    })
    void dangerous_leavesOrdinaryCommandsAlone(String command) {
        assertThat(CriticalOperations.dangerous(command, REPOSITORY))
                .filteredOn(reason -> !reason.contains("SQL DROP DATABASE"))
                .isEmpty();
    }

    @Test
    void dangerous_namesThePatternAndTheMatch() {
        assertThat(CriticalOperations.dangerous("make && git push --force origin main", REPOSITORY))
                .containsExactly("dangerous command: force push (git push --force origin main)");
        assertThat(CriticalOperations.dangerous("rm -rf ../elsewhere", REPOSITORY))
                .containsExactly("dangerous command: rm -r reaching outside the repository (../elsewhere)");
        assertThat(CriticalOperations.dangerous("rm -rf \"$OUT\"", REPOSITORY))
                .containsExactly("dangerous command: rm -r of a path wave cannot resolve ($OUT), which may reach outside the repository");
    }

    @Test
    void detect_marksCriticalTasksSoTheyGetWavesOfTheirOwn() {
        var plan = dev.wave.plan.Plan.of("test", List.of(Task.shell("a", "true", List.of()),
                Task.shell("b", "npm publish", List.of()), Task.shell("c", "true", List.of())));

        CriticalTasks critical = operations.detect(plan, REPOSITORY);
        var marked = critical.mark(plan);

        assertThat(critical.tasks()).extracting(CriticalTask::id).containsExactly("b");
        assertThat(marked.graph().isCritical(1)).isTrue();
        assertThat(dev.wave.schedule.Waves.of(marked.graph()).count()).isEqualTo(2);
    }

    @Test
    void detect_tasksSharingACommand_eachGetTheReasonsTheirOwnCheckGives() {
        Task first = Task.shell("a", "git push --force", List.of());
        Task second = Task.shell("b", "git push --force", List.of()).withCritical(true);
        Task verified = Task.shell("c", "true", List.of()).withVerify("git push --force");
        Task third = Task.shell("d", "true", List.of());
        var plan = dev.wave.plan.Plan.of("test", List.of(first, second, verified, third));

        CriticalTasks critical = operations.detect(plan, REPOSITORY);

        assertThat(critical.tasks()).extracting(CriticalTask::id).containsExactly("a", "b", "c");
        for (int task = 0; task < 3; task++) {
            assertThat(critical.tasks().get(task).reasons()).isEqualTo(operations.reasons(plan.task(task), REPOSITORY))
                    .isNotEmpty();
        }
        assertThat(critical.tasks().get(2).reasons()).allMatch(reason -> reason.endsWith(" in its verify command"));
    }

    @Test
    void reasons_textWithTabsAndRunsOfSpaces_matchesKeywordsAsSingleSpaces() {
        assertThat(operations.reasons(titled("Drop\t tables   now"), REPOSITORY))
                .containsExactly("keyword \"drop table\" in its title");
        assertThat(operations.reasons(titled("  drop table "), REPOSITORY))
                .containsExactly("keyword \"drop table\" in its title");
    }

    private static Task titled(String title) {
        return new Task("a", title, new Action.Shell("true"), List.of(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"**", "*", "**/*", "*/**"})
    void reasons_deleteOfEveryPath_isCritical(String glob) {
        Task task = new Task("wipe", "wipe", new Action.Builtin(new dev.wave.plan.FileAction.Delete(
                dev.wave.plan.FileAction.Scope.ofGlobs(glob), dev.wave.plan.FileAction.EntryType.ANY)), List.of(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of());

        assertThat(operations.reasons(task, REPOSITORY))
                .containsExactly("deletes everything glob '" + glob + "' matches, the whole repository");
    }

    @ParameterizedTest
    @ValueSource(strings = {"**/*.*", "*.*", "**/.*", "./**/*.*", "**/?*", "**/[!.]*", "{*,.*}"})
    void reasons_deleteOfABroadGlob_isCritical(String glob) {
        Task task = builtin("wipe", "tidy up", new dev.wave.plan.FileAction.Delete(dev.wave.plan.FileAction.Scope.ofGlobs(
                "build/**", glob), dev.wave.plan.FileAction.EntryType.FILE));

        assertThat(operations.reasons(task, REPOSITORY))
                .containsExactly("deletes every file glob '" + dev.wave.plan.FileAction.Scope.ofGlobs(glob).globs().get(0)
                        + "' matches, across the repository");
    }

    @Test
    void reasons_moveOfABroadGlob_isCritical() {
        Task everything = builtin("m", "flatten", new dev.wave.plan.FileAction.Move(dev.wave.plan.FileAction.Scope.ofGlobs("**"), "old"));
        Task broad = builtin("m", "flatten", new dev.wave.plan.FileAction.Move(dev.wave.plan.FileAction.Scope.ofGlobs("**/*.*"), "old"));
        Task narrow = builtin("m", "tidy", new dev.wave.plan.FileAction.Move(dev.wave.plan.FileAction.Scope.ofGlobs("**/*.md"), "docs"));

        assertThat(operations.reasons(everything, REPOSITORY)).containsExactly("moves everything glob '**' matches, the whole repository");
        assertThat(operations.reasons(broad, REPOSITORY)).containsExactly("moves every file glob '**/*.*' matches, across the repository");
        assertThat(operations.reasons(narrow, REPOSITORY)).isEmpty();
    }

    @Test
    void broadGlobs_seededRandomGlobs_areBroadExactlyWhenNoSegmentNamesAnything() {
        long seed = Long.getLong("wave.fuzz.seed", System.nanoTime());
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        String[] wild = {"*", "**", "*.*", ".*", "?*", "[!.]*", "*.?*"};
        String[] named = {"src", "*.py", "build", "test_*", "*.min.js", "a?c"};
        for (int i = 0; i < 2_000; i++) {
            int segments = 1 + random.nextInt(4);
            boolean expected = true;
            StringBuilder glob = new StringBuilder();
            for (int s = 0; s < segments; s++) {
                boolean name = random.nextInt(3) == 0;
                expected &= !name;
                glob.append(s == 0 ? "" : "/").append(name ? named[random.nextInt(named.length)] : wild[random.nextInt(wild.length)]);
            }
            assertThat(Globs.broad(glob.toString())).as("seed %d: %s", seed, glob).isEqualTo(expected);
        }
    }

    @Test
    void reasons_deleteOfSomePaths_isNotCritical() {
        Task task = new Task("tidy", "tidy", new Action.Builtin(new dev.wave.plan.FileAction.Delete(
                dev.wave.plan.FileAction.Scope.ofGlobs("**/*.pyc", "build/**"), dev.wave.plan.FileAction.EntryType.ANY)),
                List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of());

        assertThat(operations.reasons(task, REPOSITORY)).isEmpty();
    }

    @Test
    void reasons_keywordAsAFileNameOfABuiltinAction_isNotCritical() {
        // found trying wave on semver 7.8.6: 'Move internal/constants.js to internal/consts.js' rewrites
        // functions/truncate.js among others, and the rewrite was made critical for "truncate"
        Task rewrite = builtin("rewrite", "Rewrite references to internal/constants.js in 6 files", new dev.wave.plan.FileAction.RenameModule(
                dev.wave.plan.FileAction.Scope.ofPaths("classes/range.js", "functions/truncate.js", "index.js"),
                "internal/constants.js", "internal/consts.js", ".", false));
        Task replace = builtin("fix", "Fix a word", new dev.wave.plan.FileAction.Replace(
                dev.wave.plan.FileAction.Scope.ofPaths("sql/truncate/", "db\\drop table.sql"),
                dev.wave.plan.FileAction.TextPattern.literal("a"), "b"));

        assertThat(operations.reasons(rewrite, REPOSITORY)).isEmpty();
        assertThat(operations.reasons(replace, REPOSITORY)).isEmpty();
    }

    @Test
    void reasons_keywordAsAWordOfABuiltinActionsTitle_isStillCritical() {
        Task task = builtin("t", "Truncate the audit log", new dev.wave.plan.FileAction.Replace(
                dev.wave.plan.FileAction.Scope.ofPaths("audit.log"), dev.wave.plan.FileAction.TextPattern.literal("a"), ""));

        assertThat(operations.reasons(task, REPOSITORY)).containsExactly("keyword \"truncate\" in its title");
    }

    @Test
    void reasons_keywordAsAFileNameInAShellCommand_isStillCritical() {
        assertThat(operations.reasons(Task.shell("a", "psql -f db/truncate.sql", List.of()), REPOSITORY))
                .contains("keyword \"truncate\" in its command");
    }

    private static Task builtin(String id, String title, dev.wave.plan.FileAction action) {
        return new Task(id, title, new Action.Builtin(action), List.of(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, Map.of());
    }
}
