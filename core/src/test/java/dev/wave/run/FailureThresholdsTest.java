package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class FailureThresholdsTest {
    private final FailureThresholds thresholds = FailureThresholds.defaults();

    @Test
    void decide_singleFailingTask_retriesAsTransient() {
        FailureDecision decision = thresholds.decide("a", 1, true, 1, 4, 4, "boom").orElseThrow();

        assertThat(decision.action()).isEqualTo(FailureDecision.Action.RETRY);
        assertThat(decision.agentsAfter()).isEqualTo(4);
        assertThat(decision.reason()).isEqualTo("failure rate 1/4 tasks = 25.0%, but a single failing task is treated as transient: retry");
    }

    @Test
    void decide_underOnePercent_retriesAtSameWidth() {
        FailureDecision decision = thresholds.decide("a", 1, true, 2, 400, 40, "boom").orElseThrow();

        assertThat(decision.action()).isEqualTo(FailureDecision.Action.RETRY);
        assertThat(decision.reason()).isEqualTo("failure rate 2/400 tasks = 0.5%, under 1%: retry");
    }

    @Test
    void decide_betweenOneAndTenPercent_reducesAgentsByAQuarter() {
        FailureDecision decision = thresholds.decide("a", 1, true, 5, 100, 40, "boom").orElseThrow();

        assertThat(decision.action()).isEqualTo(FailureDecision.Action.REDUCE_AGENTS);
        assertThat(decision.agentsAfter()).isEqualTo(30);
        assertThat(decision.reason()).isEqualTo("failure rate 5/100 tasks = 5.0%, 1%-10%: reduce agents by 25% (40 -> 30), retry");
    }

    @Test
    void decide_overTenPercent_fallsBackToSequentialOrAbortsByPriority() {
        FailureDecision sequential = thresholds.decide("a", 1, false, 3, 10, 8, "boom").orElseThrow();
        FailureDecision abort = thresholds.withMajor(FailureThresholds.MajorFailure.ABORT).decide("a", 1, true, 3, 10, 8, "boom")
                .orElseThrow();

        assertThat(sequential.action()).isEqualTo(FailureDecision.Action.SEQUENTIAL);
        assertThat(sequential.agentsAfter()).isEqualTo(1);
        assertThat(sequential.reason()).isEqualTo("failure rate 3/10 tasks = 30.0%, over 10%: fall back to sequential, no retries left");
        assertThat(abort.action()).isEqualTo(FailureDecision.Action.ABORT);
    }

    @Test
    void decide_overFiftyPercent_aborts() {
        FailureDecision decision = thresholds.decide("a", 1, true, 6, 10, 8, "boom").orElseThrow();

        assertThat(decision.action()).isEqualTo(FailureDecision.Action.ABORT);
        assertThat(decision.reason()).isEqualTo("failure rate 6/10 tasks = 60.0%, over 50%: abort and report");
    }

    @Test
    void decide_noRetriesLeftAndNothingToChange_decidesNothing() {
        assertThat(thresholds.decide("a", 1, false, 1, 10, 8, "boom")).isEmpty();
        assertThat(FailureThresholds.off().decide("a", 1, false, 9, 10, 8, "boom")).isEmpty();
    }
}
