package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.scale.Limits;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cleanup keeps what may not be junk: tracked files of ambiguous kinds and test fixtures, unless the goal names them. */
final class CleanupKeepsTest {
    @TempDir
    Path directory;

    private ScratchRepository repositoryWithTrackedJunkAndFixtures() {
        ScratchRepository repo = ScratchRepository.empty(directory);
        repo.write(".gitignore", "build.log\n");
        repo.write("app/main.py", "print('hi')\n");
        repo.write("app/__pycache__/main.cpython-311.pyc", "compiled");
        repo.write("tests/fixtures/server.log", "a log the tests read\n");
        repo.write("tests/fixtures/.DS_Store", "finder");
        repo.write("CHANGES.log", "kept on purpose\n");
        repo.git("add", "-A");
        repo.git("commit", "-q", "-m", "tracked, junk included");
        repo.write("debug.log", "untracked\n");
        repo.write("build.log", "ignored\n");
        repo.write("app/stray.pyc", "compiled");
        return repo;
    }

    private static GeneratedPlan plan(ScratchRepository repo, String goal) {
        return Planner.heuristic().plan(new Goal(goal, repo.root(), Limits.automatic(), SampleRepository.WORKSTATION));
    }

    @Test
    void plainCleanup_keepsTrackedLogsAndFixtures_deletesNeverSourceKindsTrackedOrNot_andCountsByGitState() {
        GeneratedPlan generated = plan(repositoryWithTrackedJunkAndFixtures(), "Clean up the repository");

        List<String> deleted = SampleRepository.paths(generated.plan(), "delete");
        assertThat(deleted).containsExactlyInAnyOrder("app/__pycache__", "app/stray.pyc", "build.log", "debug.log",
                "tests/fixtures/.DS_Store");
        assertThat(generated.findings())
                .contains("files to delete: 2 tracked, 2 untracked, 1 ignored by git")
                .contains("kept, tracked by git and maybe not junk (name them in the goal to delete them): 2 (CHANGES.log, "
                        + "tests/fixtures/server.log)");
    }

    @Test
    void planningASubdirectoryOfTheWorkTree_stillKnowsWhatGitTracks() {
        ScratchRepository repo = repositoryWithTrackedJunkAndFixtures();

        GeneratedPlan generated = Planner.heuristic().plan(new Goal("Clean up the repository", repo.root().resolve("tests"),
                Limits.automatic(), SampleRepository.WORKSTATION));

        assertThat(SampleRepository.paths(generated.plan(), "delete")).containsExactly("fixtures/.DS_Store");
        assertThat(generated.findings()).contains("files to delete: 1 tracked, 0 untracked, 0 ignored by git");
    }

    @Test
    void goalNamingLogFiles_deletesTrackedLogsButStillKeepsFixtures() {
        GeneratedPlan generated = plan(repositoryWithTrackedJunkAndFixtures(), "Delete all log files");

        assertThat(SampleRepository.paths(generated.plan(), "delete")).containsExactlyInAnyOrder("CHANGES.log", "build.log", "debug.log");
        assertThat(generated.findings()).anySatisfy(line -> assertThat(line).contains("tests/fixtures/server.log"));
    }

    @Test
    void goalNamingPycFiles_doesNotMakePycASourceLanguage() {
        ScratchRepository repo = repositoryWithTrackedJunkAndFixtures();

        repo.write("app/util.py", "import os\n");
        GeneratedPlan generated = plan(repo, "Remove all .pyc files and unused imports");

        for (String task : generated.agentTasks()) {
            assertThat(SampleRepository.task(generated.plan(), task).scope()).allSatisfy(path -> assertThat(path).endsWith(".py"));
        }
        assertThat(generated.agentTasks()).isNotEmpty();
    }
}
