package dev.wave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A prompt task's {@code agent:} and {@code type:}, and a plan's {@code overlapping_scopes}: read, checked, written back. */
final class AgentTaskFieldsTest {
    private static final String PLAN = """
            overlapping_scopes: true
            tasks:
              - id: review
                prompt: Review the API
                type: analysis
                agent: codex
              - id: fix
                prompt: Fix the API
                agent: "my-agent --task {prompt_file} --in {workdir}"
              - id: plain
                prompt: Write docs
                type: change
              - id: maybe
                prompt: Review the API and fix it if needed
                type: change-if-needed
            """;

    @Test
    void agentTypeAndOverlappingScopes_areReadAndRoundTripThroughTheWriter() {
        Plan plan = PlanLoader.parse("plan.yaml", PLAN, false);

        assertThat(plan.task(0).action()).isEqualTo(new Action.Agent("Review the API", Optional.of("codex"), true));
        assertThat(plan.task(1).action()).isEqualTo(new Action.Agent("Fix the API",
                Optional.of("my-agent --task {prompt_file} --in {workdir}"), false));
        assertThat(plan.task(2).action()).isEqualTo(new Action.Agent("Write docs"));
        assertThat(plan.task(3).action()).isEqualTo(new Action.Agent("Review the API and fix it if needed", Optional.empty(),
                AgentChange.IF_NEEDED));
        assertThat(((Action.Agent) plan.task(3).action()).analysisOnly()).isFalse();
        assertThat(plan.overlappingScopes()).isTrue();
        Plan yaml = PlanLoader.parse("again.yaml", PlanWriter.toYaml(plan, "p", List.of()), false);
        Plan json = PlanLoader.parse("again.json", PlanWriter.toJson(plan, "p"), true);
        assertThat(yaml.tasks()).isEqualTo(plan.tasks());
        assertThat(json.tasks()).isEqualTo(plan.tasks());
        assertThat(yaml.overlappingScopes()).isTrue();
        assertThat(PlanWriter.toYaml(plan, "p", List.of())).doesNotContain("type: change\n")
                .contains("type: change-if-needed");
    }

    @Test
    void unknownType_isRefusedInOneLine() {
        assertThatThrownBy(() -> PlanLoader.parse("plan.yaml", "tasks:\n  - id: a\n    prompt: x\n    type: review\n", false))
                .isInstanceOf(WaveException.class)
                .hasMessage("plan.yaml: task \"a\" has type \"review\". Use change (the agent must change files in its "
                        + "scope), analysis (it only reports) or change-if-needed (it may change files in its scope, or none).");
    }

    @Test
    void unknownAgent_isRefusedInOneLine() {
        assertThatThrownBy(() -> PlanLoader.parse("plan.yaml", "tasks:\n  - id: a\n    prompt: x\n    agent: gpt\n", false))
                .isInstanceOf(WaveException.class)
                .hasMessage("plan.yaml: task \"a\" has agent \"gpt\". Use claude, codex, aider, or a command template "
                        + "with {prompt} or {prompt_file}, such as \"my-agent --task {prompt_file}\".");
    }

    @Test
    void agentOnAShellTask_isRefusedInOneLine() {
        assertThatThrownBy(() -> PlanLoader.parse("plan.yaml", "tasks:\n  - id: a\n    run: make\n    agent: claude\n", false))
                .isInstanceOf(WaveException.class)
                .hasMessage("plan.yaml: task \"a\" has agent, which only a prompt (agent) task takes. Remove it, or "
                        + "make the task a prompt: task.");
    }
}
