package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.AgentChange;
import dev.wave.plan.Task;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What wave adds to an agent's prompt says the same as the task's type: an analysis is never asked to change files. */
final class AgentPromptTest {
    private static String prompt(AgentChange change, List<String> scope) {
        Action.Agent agent = new Action.Agent("Look at the parser.", Optional.empty(), change);
        Task task = new Task("look", "Look", agent, List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0,
                java.util.Map.of()).withScope(scope);
        return AgentPrompt.of(task, agent);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(AgentChange.class)
    void theSuccessLine_matchesTheTasksType(AgentChange change) {
        for (List<String> scope : List.of(List.<String>of(), List.of("src/"))) {
            String prompt = prompt(change, scope);
            switch (change) {
                case REQUIRED -> assertThat(prompt).contains("Success: a non-empty change inside the scope");
                case IF_NEEDED -> assertThat(prompt).contains("a change inside the scope where one is needed, or no change "
                        + "when none is");
                case NONE -> assertThat(prompt).contains("Success: no file of the project changed", "this task only analyses")
                        .contains("change no file")
                        .doesNotContain("change only", "your change", "non-empty change", "where one is needed");
            }
        }
    }
}
