package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.AgentChange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class EvidenceTest {
    private static final AgentReport SUCCESS =
            new AgentReport(true, "success", "Added the endpoint.", List.of(), AgentProgress.NONE);

    private static Evidence evidence(Optional<Integer> exit, Optional<AgentReport> report, List<String> changed,
            List<String> scope) {
        return new Evidence(exit, true, report, changed, scope, false, Optional.empty());
    }

    @Test
    void allConditionsHold_succeedsAndSaysWhatChanged() {
        AgentVerdict verdict = new Evidence(Optional.of(0), true, Optional.of(SUCCESS), List.of("src/api/users.py"),
                List.of("src/api/"), false, Optional.of(new Evidence.Check(true, "pytest -q passed"))).judge();

        assertThat(verdict).isEqualTo(new AgentVerdict.Succeeded("1 file changed, pytest -q passed: Added the endpoint."));
    }

    @Test
    void exitCodeZero_withoutResultLine_fails() {
        AgentVerdict verdict = evidence(Optional.of(0), Optional.empty(), List.of("a.py"), List.of()).judge();

        assertThat(verdict.succeeded()).isFalse();
        assertThat(verdict.summary()).isEqualTo("the agent sent no result (its stream ended without a result line)");
    }

    @Test
    void successWithPermissionDenials_fails() {
        AgentReport denied = new AgentReport(true, "success", "", List.of("Bash pytest"), AgentProgress.NONE);

        assertThat(evidence(Optional.of(0), Optional.of(denied), List.of("a.py"), List.of()).judge().summary())
                .isEqualTo("permission denied 1 time: Bash pytest");
    }

    @Test
    void emptyDiff_failsUnlessTheTaskOnlyAnalyses() {
        assertThat(evidence(Optional.of(0), Optional.of(SUCCESS), List.of(), List.of()).judge().summary())
                .isEqualTo("no change: the agent's diff is empty");
        assertThat(new Evidence(Optional.of(0), true, Optional.of(SUCCESS), List.of(), List.of(), true, Optional.empty())
                .judge().succeeded()).isTrue();
        assertThat(new Evidence(Optional.of(0), true, Optional.of(SUCCESS), List.of("x.py"), List.of(), true,
                Optional.empty()).judge().summary()).isEqualTo("an analysis task changed 1 file: x.py");
    }

    @Test
    void changeIfNeeded_succeedsWithoutADiff_butADiffMustStayInsideTheScope() {
        AgentVerdict none = new Evidence(Optional.of(0), true, Optional.of(SUCCESS), List.of(), List.of("src/"),
                AgentChange.IF_NEEDED, Optional.empty()).judge();
        AgentVerdict inside = new Evidence(Optional.of(0), true, Optional.of(SUCCESS), List.of("src/a.py"), List.of("src/"),
                AgentChange.IF_NEEDED, Optional.empty()).judge();
        AgentVerdict outside = new Evidence(Optional.of(0), true, Optional.of(SUCCESS), List.of("src/a.py", "docs/b.md"),
                List.of("src/"), AgentChange.IF_NEEDED, Optional.empty()).judge();
        AgentVerdict refused = new Evidence(Optional.of(0), true, Optional.of(new AgentReport(false, "error", "", List.of(),
                AgentProgress.NONE)), List.of(), List.of("src/"), AgentChange.IF_NEEDED, Optional.empty()).judge();

        assertThat(none).isEqualTo(new AgentVerdict.Succeeded("no change needed: Added the endpoint."));
        assertThat(inside).isEqualTo(new AgentVerdict.Succeeded("1 file changed: Added the endpoint."));
        assertThat(outside.summary()).isEqualTo("1 file changed outside the task's scope (src/): docs/b.md");
        assertThat(refused.succeeded()).isFalse();
    }

    @Test
    void changesOutsideScope_areNamed_globsAndDirectoriesBothCount() {
        Evidence evidence = evidence(Optional.of(0), Optional.of(SUCCESS),
                List.of("src/api/a.py", "src/api", "tests/test_a.py", "docs/x.md", "src/apix.py"),
                List.of("src/api/", "tests/**/*.py", "tests/*.py"));

        assertThat(evidence.outsideScope()).containsExactly("docs/x.md", "src/apix.py");
        assertThat(evidence.judge().summary())
                .isEqualTo("2 files changed outside the task's scope (src/api/, tests/**/*.py, tests/*.py): docs/x.md, src/apix.py");
    }

    @Test
    void everyFailedCondition_isListedInOrder() {
        AgentReport failed = new AgentReport(false, "error_max_turns", "", List.of("Write /etc/passwd"), AgentProgress.NONE);
        AgentVerdict verdict = new Evidence(Optional.empty(), true, Optional.of(failed), List.of(), List.of(), false,
                Optional.of(new Evidence.Check(false, "pytest -q: 2 new failures"))).judge();

        assertThat(((AgentVerdict.Failed) verdict).reasons()).containsExactly(
                "the agent process was killed",
                "the agent reported an error: it reached its turn limit (error_max_turns)",
                "permission denied 1 time: Write /etc/passwd",
                "no change: the agent's diff is empty",
                "check failed: pytest -q: 2 new failures");
    }

    @Test
    void claudesErrorWithSubtypeSuccess_isWordedAsTheErrorItself_notAsItsSubtype() {
        AgentReport apiError = new AgentReport(false, "success", "API Error: 529 overloaded", List.of(),
                AgentProgress.NONE);
        AgentVerdict verdict = new Evidence(Optional.of(0), true, Optional.of(apiError), List.of("a.py"), List.of(),
                false, Optional.empty()).judge();

        assertThat(((AgentVerdict.Failed) verdict).reasons())
                .containsExactly("the agent reported an error: API Error: 529 overloaded");
    }

    @Test
    void plainClis_needNoResultLine_butStillNeedAZeroExitAndAChange() {
        Evidence aider = new Evidence(Optional.of(0), false, Optional.empty(), List.of("a.py"), List.of(), false,
                Optional.empty());
        Evidence crashed = new Evidence(Optional.of(1), false, Optional.empty(), List.of("a.py"), List.of(), false,
                Optional.empty());

        assertThat(aider.judge().succeeded()).isTrue();
        assertThat(crashed.judge().summary()).isEqualTo("the agent exited with code 1");
    }
}
