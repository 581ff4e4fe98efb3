package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.AgentChange;
import dev.wave.plan.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner gives each agent task the type its work has (change, analysis, change-if-needed), and
 * each prompt says the same: an analysis is never asked to change or list changed files.
 */
final class TaskTypesTest {
    @TempDir
    static Path directory;

    static SampleRepository repo;

    @BeforeAll
    static void repository() {
        repo = new SampleRepository(directory)
                .file("pkg/utils.py", "import os\nimport sys\n\nprint(os.sep)\n")
                .file("pkg/api.py", "def handler():\n    return 1\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Review pkg/utils.py and fix it if needed          | IF_NEEDED
            Improve the docstrings in utils.py where necessary | IF_NEEDED
            Review the error handling in utils.py             | NONE
            Review the error handling in api.py and fix it if needed | IF_NEEDED
            Audit utils.py for bugs and fix any if necessary  | IF_NEEDED
            Review the parser for security issues             | NONE
            Explain how the api module is structured          | NONE
            Make the coffee                                   | REQUIRED
            """)
    void aGoalOfOneAgentTask_getsTheTypeItsWordsAskFor(String goal, AgentChange change) {
        Plan plan = repo.plan(goal).plan();

        assertThat(plan.tasks()).extracting(dev.wave.plan.Task::id).first().isEqualTo("do-goal");
        assertThat(change(plan, "do-goal")).isEqualTo(change);
    }

    @Test
    void stepsThatMayFindNothingToChange_areChangeIfNeeded() {
        assertThat(change(repo.plan("Remove unused imports in all Python files").plan(), "unused-imports-1"))
                .isEqualTo(AgentChange.IF_NEEDED);
        Plan refactor = repo.plan("Refactor the api module to use dataclasses").plan();
        assertThat(change(refactor, "update-references")).isEqualTo(AgentChange.IF_NEEDED);
        assertThat(change(refactor, "analyse-structure")).isEqualTo(AgentChange.NONE);
        assertThat(change(refactor, "refactor")).isEqualTo(AgentChange.REQUIRED);
    }

    @Test
    void prompts_sayWhatEachAccessAllows() {
        String analysis = Prompts.agent("look", "goal", "Look.", Roles.CODE_REVIEWER, List.of("a.py"), Prompts.Access.READ_ONLY,
                Optional.empty(), List.of("done"), List.of());
        String ifNeeded = Prompts.agent("fix", "goal", "Fix.", Roles.CODE_REVIEWER, List.of("a.py"),
                Prompts.Access.EDIT_IF_NEEDED, Optional.empty(), List.of("done"), List.of());

        assertThat(analysis).contains("do not change any file of the project", "\"findings\"")
                .doesNotContain("Edit, Write", "files_modified", "files_created", "change only", "Files you own");
        assertThat(ifNeeded).contains("Files you own (change only these)", "if nothing needs changing, change nothing",
                "files_modified");
    }

    private static AgentChange change(Plan plan, String id) {
        return ((Action.Agent) SampleRepository.task(plan, id).action()).change();
    }
}
