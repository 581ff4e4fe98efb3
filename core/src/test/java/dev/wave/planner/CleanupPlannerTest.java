package dev.wave.planner;

import static dev.wave.planner.SampleRepository.builtins;
import static dev.wave.planner.SampleRepository.paths;
import static dev.wave.planner.SampleRepository.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.testing.Builtins;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.scale.Limits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CleanupPlannerTest {
    @TempDir
    Path directory;

    SampleRepository repo;
    Path outside;

    @BeforeEach
    void messyRepository() {
        outside = directory.resolve("outside");
        new SampleRepository(outside)
                .file("out.log", "outside the repository")
                .file("__pycache__/x.pyc", "outside")
                .file("real.log", "target of a link");
        repo = new SampleRepository(directory.resolve("repo"))
                .file("app.py", "print('hi')\n")
                .file("notes.txt", "keep\n")
                .file("WAVE_notes.md", "not a checkpoint: wrong extension\n")
                .file("catalog.logic", "not a log\n")
                .file("WAVE_3_I4_CHECKPOINT.txt", "checkpoint\n")
                .file("src/pkg/__init__.py", "")
                .file("src/pkg/__pycache__/__init__.cpython-311.pyc", "bytecode")
                .file("src/pkg/__pycache__/mod.cpython-311.pyc", "bytecode")
                .file("src/pkg/stray.pyc", "bytecode")
                .file("src/pkg/.DS_Store", "finder")
                .file("logs/run.log", "log\n")
                .file("logs/2024/old.log", "log\n")
                .file(".coverage", "coverage\n")
                .file("tests/.coverage.host.123", "coverage\n")
                .directory("empty/nested")
                .directory("build")
                // never targets: inside .git, wave's own directory, node_modules, behind symlinks
                .file(".git/logs/HEAD.log", "git internals")
                .file(".git/__pycache__/x.pyc", "git internals")
                .file(".git/.DS_Store", "git internals")
                .file(".wave/runs/20240101/orchestrator.log", "wave's own log")
                .file("node_modules/pkg/debug.log", "dependency")
                .link("linked-dir", outside)
                .link("link.log", outside.resolve("real.log"))
                .link("only-a-link/inside.log", outside.resolve("real.log"));
    }

    @Test
    void plainCleanup_deletesExactlyTheTargets_andNothingBehindLinksOrInGit() {
        GeneratedPlan generated = repo.plan("Clean up the repository");

        assertThat(generated.pattern()).isEqualTo(Pattern.CLEANUP);
        assertThat(paths(generated.plan(), "delete")).containsExactly(
                ".coverage", "WAVE_3_I4_CHECKPOINT.txt", "logs/2024/old.log", "logs/run.log", "src/pkg/.DS_Store",
                "src/pkg/__pycache__", "src/pkg/stray.pyc", "tests/.coverage.host.123");
        assertThat(generated.agentTasks()).isEmpty();
    }

    @Test
    void plainCleanup_removesDirectoriesLeftEmpty_afterTheDeletions() {
        Plan plan = repo.plan("Clean up the repository").plan();

        List<Task> removals = builtins(plan, "remove-empty-dirs");
        List<Object> unders = new ArrayList<>();
        removals.forEach(task -> unders.addAll(Builtins.paths(task.action())));
        // build, empty, logs and tests empty out entirely: one task from the top that skips what stays
        assertThat(unders).containsExactly(".");
        FileAction.RemoveEmptyDirs remove = (FileAction.RemoveEmptyDirs) ((Action.Builtin) removals.get(0).action()).fileAction();
        assertThat(remove.exclude()).contains("src", "only-a-link", "**/node_modules", "**/.git")
                .doesNotContain("build", "empty", "logs", "tests");
        assertThat(removals.get(0).title()).isEqualTo("Remove 6 empty directories: build, empty, logs, tests and what they hold");
        List<String> deletions = new ArrayList<>();
        builtins(plan, "delete").forEach(task -> deletions.add(task.id()));
        assertThat(removals).allSatisfy(task -> assertThat(task.dependsOn()).containsExactlyElementsOf(deletions));
    }

    @Test
    void plainCleanup_reportsWhatItFound() {
        GeneratedPlan generated = repo.plan("Clean up the repository");

        assertThat(generated.findings()).containsExactly(
                "scope: the whole repository (8 targets)",
                "checkpoint files (WAVE_*.txt): 1",
                "__pycache__ directories: 1 (2 files inside)",
                "*.pyc files: 1",
                ".DS_Store files: 1",
                "*.log files: 2",
                ".coverage files: 2",
                "empty directories once the targets are gone: 6 (2 empty now)");
    }

    @Test
    void namedDirectory_limitsTheCleanup() {
        GeneratedPlan generated = repo.plan("Delete all log files in logs/");

        assertThat(generated.findings().get(0)).startsWith("scope: logs/ (");
        assertThat(SampleRepository.paths(generated.plan(), "delete")).allSatisfy(path -> assertThat(path).startsWith("logs/"));
    }

    @Test
    void namedKinds_onlyThoseAreDeleted() {
        GeneratedPlan generated = repo.plan("Remove all __pycache__ directories and .pyc files");

        assertThat(paths(generated.plan(), "delete")).containsExactly("src/pkg/__pycache__", "src/pkg/stray.pyc");
        assertThat(builtins(generated.plan(), "remove-empty-dirs")).isEmpty();
    }

    @Test
    void namedExtension_isATargetKind() {
        repo.file("a/b.tmp", "x").file("c.TMP", "y");

        GeneratedPlan generated = repo.plan("Delete all *.tmp files");

        assertThat(paths(generated.plan(), "delete")).containsExactly("a/b.tmp", "c.TMP");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"delete the file click/py.typed", "Remove click/py.typed and docs/old.md",
            "delete the files click/py.typed, docs/old.md."})
    void filesNamedByTheirPath_areDeletedByABuiltinTask_andNothingElse(String goal) {
        repo.file("click/py.typed", "").file("docs/old.md", "x").file("click/core.py", "x");

        GeneratedPlan generated = repo.plan(goal);

        assertThat(generated.pattern()).isEqualTo(Pattern.CLEANUP);
        assertThat(paths(generated.plan(), "delete")).isSubsetOf("click/py.typed", "docs/old.md").contains("click/py.typed");
        assertThat(generated.agentTasks()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Clean up the repository but keep the log files",
            "Clean up the repository, except the logs", "clean up, but not *.log files", "Tidy up the repo and keep any .log files"})
    void plainCleanupThatKeepsAKind_deletesTheOtherKinds_andNotThatOne(String goal) {
        repo.file("run/debug.log", "x").file("src/__pycache__/a.cpython-311.pyc", "x");

        GeneratedPlan generated = repo.plan(goal);

        assertThat(paths(generated.plan(), "delete")).contains("src/__pycache__").noneMatch(path -> path.endsWith(".log"));
        assertThat(generated.findings()).anySatisfy(line -> assertThat(line).matches("(kept|left alone), as the goal says.*\\*\\.log.*"));
        assertThat(generated.agentTasks()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Remove requests.compat", "Remove logging.debug", "Remove os.path",
            "Delete self.cache, then add a new cache"})
    void dottedNamesOfCode_areNoCleanup(String goal) {
        assertThat(PatternMatcher.match(goal).pattern()).isNotEqualTo(Pattern.CLEANUP);
    }

    @Test
    void fileNamedWithoutItsDirectory_isRefused_ratherThanPlannedAsNothing() {
        repo.file("src/pkg/utils.py", "x");

        assertThatThrownBy(() -> repo.plan("Remove utils.py"))
                .isInstanceOf(dev.wave.WaveException.class)
                .hasMessageStartingWith("the goal deletes utils.py, which is not a file in ");
    }

    @Test
    void fileNamedByItsPathThatIsNotThere_isRefused() {
        assertThatThrownBy(() -> repo.plan("delete the file click/py.typed"))
                .isInstanceOf(dev.wave.WaveException.class)
                .hasMessageStartingWith("the goal deletes click/py.typed, which is not a file in ");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"Remove all the .orig and .rej files", "delete *.orig, *.rej files",
            "Delete all *.orig and *.rej", "purge the .orig/.rej files"})
    void severalNamedExtensions_areAllTargetKinds_withNoAgentTask(String goal) {
        repo.file("a/b.orig", "x").file("c.rej", "y").file("d.java", "z");

        GeneratedPlan generated = repo.plan(goal);

        assertThat(paths(generated.plan(), "delete")).containsExactly("a/b.orig", "c.rej");
        assertThat(generated.agentTasks()).isEmpty();
    }

    @Test
    void aNameGlobThatNamesNothing_makesTheDeletionsCritical_soTheyAreBackedUpAndApproved() {
        GeneratedPlan broad = repo.plan("Delete all *.* files");
        GeneratedPlan named = repo.plan("Delete all *.tmp files");

        assertThat(builtins(broad.plan(), "delete")).isNotEmpty().allSatisfy(task -> {
            assertThat(task.critical()).isTrue();
            assertThat(task.title()).endsWith(" (every *.* file)");
            assertThat(dev.wave.safety.CriticalOperations.defaults().withoutPrompts().reasons(task, directory))
                    .containsExactly("declared critical: true");
        });
        assertThat(builtins(named.plan(), "delete")).allSatisfy(task -> assertThat(task.critical()).isFalse());
        assertThat(CleanupPlanner.broadNameGlob("remove all .* files")).contains(".*");
        assertThat(CleanupPlanner.broadNameGlob("delete temp_*.py")).isEmpty();
    }

    @Test
    void batches_matchTheAgentCount_andCoverNeighbouringPaths() {
        for (int d = 0; d < 30; d++) {
            for (int f = 0; f < 10; f++) {
                repo.file("data/d" + (d < 10 ? "0" : "") + d + "/f" + f + ".log", "x");
            }
        }

        GeneratedPlan generated = repo.plan("Clean up the repository");

        int batches = generated.batching().orElseThrow().batches();
        assertThat(batches).isEqualTo(4);
        List<Task> deletions = builtins(generated.plan(), "delete");
        assertThat(deletions).hasSize(batches);
        List<Integer> sizes = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (Task task : deletions) {
            List<String> listed = Builtins.paths(task.action());
            sizes.add(listed.size());
            all.addAll(listed);
        }
        assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(77, 78));
        assertThat(all).isSorted().doesNotHaveDuplicates().hasSize(308);
        assertThat(task(generated.plan(), "delete-1").title()).isEqualTo(
                "Delete 77 cleanup targets in the top level, data/d00 (+7 more directories)");
    }

    @Test
    void agentOverride_setsTheBatchCount() {
        GeneratedPlan generated = repo.plan("Clean up the repository",
                Limits.automatic().withOverride(3, "request text"));

        assertThat(builtins(generated.plan(), "delete")).hasSize(3);
        assertThat(generated.batching().orElseThrow().agents()).isEqualTo(3);
    }

    @Test
    void detectedTests_areLeftToTheRunsCheck_noTaskRunsThem() {
        repo.file("pytest.ini", "[pytest]\n");

        GeneratedPlan generated = repo.plan("Clean up the repository");

        assertThat(generated.plan().tasks()).noneMatch(task -> task.action() instanceof Action.Shell);
        assertThat(generated.notes()).noneMatch(note -> note.startsWith("No test command detected"));
    }

    @Test
    void noTestCommand_saysSo() {
        assertThat(repo.plan("Clean up the repository").notes())
                .contains("No test command detected (Maven, Gradle, npm, pytest, go, cargo, make): no verification task.");
    }

    @Test
    void cleanRepository_givesAHonestFindOnlyPlan(@TempDir Path clean) {
        GeneratedPlan generated = new SampleRepository(clean).file("README.md", "hi").plan("Clean up the repo");

        assertThat(generated.plan().tasks()).extracting(Task::id).containsExactly("find-cleanup-targets");
        assertThat(generated.notes()).contains("Nothing to clean: the plan only lists what a clean-up would look for.");
        assertThat(generated.batching()).isEmpty();
    }

    @Test
    void judgementParts_becomeAgentTasksAfterTheDeletions() {
        repo.file("src/pkg/mod.py", "import os\n");

        GeneratedPlan generated = repo.plan(
                "Clean up the entire repository - remove all checkpoint files, cache directories, unused imports, and organize test outputs");

        // "Clean up the entire repository" asks for a plain clean-up: every standard kind, not only the ones listed
        assertThat(paths(generated.plan(), "delete")).hasSize(8).contains("WAVE_3_I4_CHECKPOINT.txt", "src/pkg/__pycache__");
        // three files at about a minute each: a second agent would cost more coordination than 10% of the work
        assertThat(generated.agentTasks()).containsExactly("unused-imports-1", "cleanup-organize-test-outputs");
        Task imports = task(generated.plan(), "unused-imports-1");
        assertThat(imports.dependsOn()).containsExactly("delete-1");
        assertThat(imports.role()).contains("Code Analyzer");
        assertThat(SampleRepository.prompt(generated.plan(), "unused-imports-1"))
                .contains("Files you own (change only these):\n  - src/pkg/mod.py\n");
        assertThat(generated.notes()).contains("Unused imports: 2 of 3 Python files left alone: every name they import is "
                + "used in them (or they are __init__.py re-exports).");
    }

    @Test
    void organisingTheRemainingFiles_waitsForTheOtherAgents_whoseFilesItMayMove() {
        repo.file("src/pkg/mod.py", "import os\n");

        GeneratedPlan generated = repo.plan("Clean up the entire repository. Remove all checkpoint files, old migration "
                + "backups, unused imports in all Python files, redundant test outputs, and organize remaining files properly.");

        assertThat(generated.agentTasks()).containsExactly("cleanup-old-migration-backups", "unused-imports-1",
                "cleanup-redundant-test-outputs", "cleanup-organize-remaining-files-properly");
        assertThat(task(generated.plan(), "cleanup-redundant-test-outputs").dependsOn()).containsExactly("delete-1");
        assertThat(task(generated.plan(), "cleanup-organize-remaining-files-properly").dependsOn()).containsExactly("delete-1",
                "cleanup-old-migration-backups", "unused-imports-1", "cleanup-redundant-test-outputs");
    }

    @Test
    void generatedPlan_writesAndReadsBackIdentically() {
        repo.file("pytest.ini", "[pytest]\n");
        GeneratedPlan generated = repo.plan("Clean up the repository");

        String yaml = PlanWriter.toYaml(generated.plan(), "cleanup", generated.comments("Clean up the repository"));

        assertThat(PlanLoader.parse("plan.yaml", yaml, false).tasks()).isEqualTo(generated.plan().tasks());
        assertThat(yaml).contains("# Pattern: Mass file operations (cleanup)\n", "    action:\n      name: delete\n");
    }

    @Test
    void deleteActions_useTheNestedShape() {
        Task first = builtins(repo.plan("Remove all .DS_Store files").plan(), "delete").get(0);

        assertThat(first.action()).isEqualTo(Builtins.action("delete", Map.of("paths", List.of("src/pkg/.DS_Store"))));
        assertThat(first.role()).contains("File Operator");
        assertThat(first.estimate()).isPresent();
    }
}
