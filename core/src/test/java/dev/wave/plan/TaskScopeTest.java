package dev.wave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's {@code scope:} and a plan's {@code critical_in_prompts} are read, validated and written back. */
final class TaskScopeTest {
    @Test
    void scopeAndCriticalInPrompts_roundTripThroughTheWriter() {
        Plan plan = PlanLoader.parse("plan.yaml", """
                critical_in_prompts: false
                tasks:
                  - id: fix
                    prompt: Fix it
                    scope: [src/app.py, docs/]
                  - id: one
                    run: make
                    scope: src/
                    verify: make test
                """, false);

        assertThat(plan.task(0).scope()).containsExactly("src/app.py", "docs");
        assertThat(plan.task(1).scope()).containsExactly("src");
        assertThat(plan.criticalInPrompts()).isFalse();
        Plan again = PlanLoader.parse("again.yaml", PlanWriter.toYaml(plan, "p", List.of()), false);
        assertThat(again.tasks()).isEqualTo(plan.tasks());
        assertThat(again.criticalInPrompts()).isFalse();
        assertThat(PlanLoader.parse("j.json", PlanWriter.toJson(plan, "p"), true).tasks()).isEqualTo(plan.tasks());
    }

    @Test
    void scopeOutsideTheRepository_isRefusedInOneLine() {
        assertThatThrownBy(() -> PlanLoader.parse("plan.yaml", "tasks:\n  - id: a\n    run: x\n    scope: [../secret]\n", false))
                .isInstanceOf(WaveException.class)
                .hasMessage("plan.yaml: task \"a\" has scope entry \"../secret\". Write paths relative to the repository, "
                        + "such as src/app.py or docs/.");
    }
}
