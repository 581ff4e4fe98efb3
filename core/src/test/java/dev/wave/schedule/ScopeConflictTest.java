package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import org.junit.jupiter.api.Test;

/** Tasks whose scopes overlap take turns, unless the plan allows them to run at once. */
final class ScopeConflictTest {
    private static Plan plan(String header, String scopeOfB) {
        return PlanLoader.parse("plan.yaml", header + """
                tasks:
                  - {id: a, run: x, estimate: 10s, scope: [src/api/]}
                  - {id: b, run: x, estimate: 10s, scope: [%s]}
                  - {id: c, run: x, estimate: 10s}
                """.formatted(scopeOfB), false);
    }

    @Test
    void overlappingScopes_neverRunTogether_andAnUnscopedTaskFillsIn() {
        Plan plan = plan("", "src/api/app.py");
        Dispatcher dispatcher = new Dispatcher(plan.graph(), Mode.FLOW, 3, Waves.of(plan.graph()));

        int first = dispatcher.next(0);
        int second = dispatcher.next(0);

        assertThat(plan.graph().id(first)).isEqualTo("a");
        assertThat(plan.graph().id(second)).as("b overlaps a: c goes instead").isEqualTo("c");
        assertThat(dispatcher.next(0)).as("b waits while a runs").isEqualTo(-1);
        dispatcher.succeeded(first);
        assertThat(plan.graph().id(dispatcher.next(10_000))).isEqualTo("b");
        assertThat(Simulator.simulate(plan.graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(20_000);
    }

    @Test
    void aGlobOverlapsTheDirectoriesItMayMatch_andDisjointScopesRunTogether() {
        assertThat(Simulator.simulate(plan("", "\"**/*.py\"").graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(20_000);
        assertThat(Simulator.simulate(plan("", "\"src/*.py\"").graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(20_000);
        assertThat(Simulator.simulate(plan("", "src/web/").graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(10_000);
        assertThat(Simulator.simulate(plan("", "src/apis").graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(10_000);
    }

    @Test
    void anAnalysisOnlyAgentTask_changesNothing_soItRunsBesideAnOverlappingOne() {
        Plan plan = PlanLoader.parse("plan.yaml", """
                tasks:
                  - {id: a, run: x, estimate: 10s, scope: [src/api/]}
                  - {id: b, prompt: review, type: analysis, estimate: 10s, scope: [src/api/]}
                """, false);

        assertThat(Simulator.simulate(plan.graph(), Mode.FLOW, 2).makespanMillis()).isEqualTo(10_000);
    }

    @Test
    void overlappingScopesTrue_letsThemRunTogether_evenAfterTheTasksChange() {
        Plan plan = plan("overlapping_scopes: true\n", "src/api/app.py");

        assertThat(Simulator.simulate(plan.graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(10_000);
        Plan marked = plan.withTasks(plan.tasks());
        assertThat(marked.overlappingScopes()).isTrue();
        assertThat(Simulator.simulate(marked.graph(), Mode.FLOW, 3).makespanMillis()).isEqualTo(10_000);
    }
}
