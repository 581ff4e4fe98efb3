package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.worktree.MergeConflict;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ConflictResolutionTest {
    private static final Task API = new Task("api", "Users API", new Action.Agent("Return the users from the database."),
            List.of("schema"), Optional.empty(), Optional.of("Backend Engineer"), false, Optional.of(Duration.ofMinutes(5)),
            2, Map.of("PORT", "8080"), Optional.of("pytest -q"), List.of("src/"), false);

    private static final MergeConflict CONFLICT = new MergeConflict("api", "wave/run-1/api", "0123abcd",
            List.of("README.md", "src/gone.py", "src/users.py"), List.of(
                    new MergeConflict.File("src/gone.py", "the task changed it, and it was deleted meanwhile",
                            Optional.of(new MergeConflict.Side("old\n", false, false, false)), Optional.empty(),
                            Optional.of(new MergeConflict.Side("changed by the task\n", false, false, false)), List.of()),
                    new MergeConflict.File("src/users.py", "the task and the run changed the same lines",
                            Optional.of(new MergeConflict.Side("return []\n", false, false, false)),
                            Optional.of(new MergeConflict.Side("return ['user']\n", false, false, false)),
                            Optional.of(new MergeConflict.Side("return ['task']\n", false, false, false)),
                            List.of(new MergeConflict.Hunk(1, "<<<<<<< run\nreturn ['user']\n||||||| base\nreturn []\n"
                                    + "=======\nreturn ['task']\n>>>>>>> task")))));

    @Test
    void prompt_givesWhatHappened_theInstructions_andBothSidesOfEachFile_thesameEveryTime() {
        String prompt = ConflictResolution.prompt(API, CONFLICT);

        assertThat(prompt).isEqualTo("""
                Resolve the merge conflict of task "api" of a plan run by wave.

                The task finished its change on branch wave/run-1/api, but it could not be merged into the run's \
                working tree: the run changed the same files meanwhile. Your worktree holds the run's current state \
                with the task's change merged in as far as it goes. Where both changed the same lines, the file holds \
                both sides between conflict markers:
                <<<<<<< run      (the run's version now)
                ||||||| base     (the file when the task started)
                =======
                >>>>>>> task     (the task's version)

                Resolve every conflict so that the result keeps what the run did and also does what the task set out \
                to do; remove every conflict marker. Where a file could not be marked (one side deleted it, a symbolic \
                link, a binary file) it holds the run's version: decide from both sides below. The task's other \
                changes are already in place; change only what the resolution needs.

                The task's instructions:
                ```
                Return the users from the database.
                ```
                Files the task changed: README.md, src/gone.py, src/users.py
                Conflicting files (2):

                ## src/gone.py: the task changed it, and it was deleted meanwhile

                Base (the file when the task started):
                ```
                old
                ```

                Run (ours: the run's version now):
                (no such file)

                Task (theirs: the task's version, on its branch):
                ```
                changed by the task
                ```

                ## src/users.py: the task and the run changed the same lines

                Conflicting hunks (1):
                at line 1:
                ```
                <<<<<<< run
                return ['user']
                ||||||| base
                return []
                =======
                return ['task']
                >>>>>>> task
                ```

                Base (the file when the task started):
                ```
                return []
                ```

                Run (ours: the run's version now):
                ```
                return ['user']
                ```

                Task (theirs: the task's version, on its branch):
                ```
                return ['task']
                ```
                """);
        assertThat(ConflictResolution.prompt(API, CONFLICT)).isEqualTo(prompt);
    }

    @Test
    void task_isAnAgentPromptWithTheTasksScopeCheckAndLimits_noRetriesNoDependencies() {
        Task resolution = ConflictResolution.task(API, CONFLICT);

        assertThat(resolution.id()).isEqualTo("api.resolve");
        assertThat(resolution.title()).isEqualTo("Resolve the merge conflict of api");
        assertThat(resolution.action()).isEqualTo(new Action.Agent(ConflictResolution.prompt(API, CONFLICT)));
        assertThat(resolution.role()).hasValue("Merge Resolver");
        assertThat(resolution.scope()).containsExactly("src/");
        assertThat(resolution.verify()).hasValue("pytest -q");
        assertThat(resolution.timeout()).hasValue(Duration.ofMinutes(5));
        assertThat(resolution.env()).isEqualTo(Map.of("PORT", "8080"));
        assertThat(resolution.dependsOn()).isEmpty();
        assertThat(resolution.retries()).isZero();
    }

    @Test
    void aLongSide_isCut_sayingHowMuchMoreThereIs() {
        String big = "x".repeat(ConflictResolution.MAX_SIDE + 10);
        MergeConflict conflict = new MergeConflict("api", "wave/run-1/api", "0123abcd", List.of("big.txt"), List.of(
                new MergeConflict.File("big.txt", "the task and the run changed the same lines",
                        Optional.of(new MergeConflict.Side(big, false, false, false)), Optional.empty(), Optional.empty(),
                        List.of())));

        assertThat(ConflictResolution.prompt(API, conflict)).contains("x".repeat(ConflictResolution.MAX_SIDE)
                + "\n... (cut: 10 more characters; read big.txt in full)\n").doesNotContain(big);
    }
}
