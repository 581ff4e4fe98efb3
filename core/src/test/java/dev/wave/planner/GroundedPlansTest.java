package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Task;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans for judgement work name the files the goal points at, as scopes and in prompts, and give UI work to a frontend role. */
final class GroundedPlansTest {
    @TempDir
    Path directory;

    SampleRepository repo;

    @BeforeEach
    void repository() {
        repo = new SampleRepository(directory)
                .file("pytest.ini", "[pytest]\n")
                .file("web/components/Uploader.tsx", "export function Uploader() { /* upload modal */ }\n")
                .file("web/components/Header.tsx", "export function Header() {}\n")
                .file("api/files.py", "def store(upload):\n    # the upload handler\n    pass\n")
                .file("api/users.py", "def create(): pass\n")
                .file("tests/test_files.py", "def test_upload(): pass\n");
    }

    @Test
    void bugFix_scopesItsTasksToTheFilesTheGoalPointsAt_byNameAndContent_andNamesThemInThePrompts() {
        GeneratedPlan generated = repo.plan("The upload modal crashes on large files. Fix this bug.");

        Task fix = SampleRepository.task(generated.plan(), "implement-fix");
        assertThat(fix.scope()).contains("web/components/Uploader.tsx", "api/files.py").doesNotContain("api/users.py");
        assertThat(SampleRepository.prompt(generated.plan(), "implement-fix")).contains("  - api/files.py");
        assertThat(SampleRepository.task(generated.plan(), "reproduce").scope()).containsExactly("tests/test_files.py");
        assertThat(generated.findings()).anySatisfy(line -> assertThat(line).startsWith("files the goal points at (names and contents): "));
    }

    @Test
    void uiWork_goesToAFrontendEngineer_serverWorkToABackendEngineer() {
        GeneratedPlan generated = repo.plan("Add a dark mode toggle button to the header component and an API endpoint to save it");

        assertThat(SampleRepository.task(generated.plan(), "frontend-components").role()).contains("Frontend Engineer");
        assertThat(SampleRepository.task(generated.plan(), "backend-api").role()).contains("Backend Engineer");
    }
}
