package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate alone, step by step: what goes before the commit, what waits for it. No threads, no clock. */
final class CommitGateTest {
    // a and b are independent; c depends on a; d depends on b.
    private final Plan plan = Plan.of("gate", List.of(Task.shell("a", "true", List.of()), Task.shell("b", "true", List.of()),
            Task.shell("c", "true", List.of("a")), Task.shell("d", "true", List.of("b"))));
    private final CommitGate gate = new CommitGate(plan.graph());

    @Test
    void theFirstStepsStarts_waitForItsCommit() {
        List<CoreCommand> now = gate.admit(List.of(started(0), started(1)), List.of(start(0), start(1)));

        assertThat(now).isEmpty();
        assertThat(gate.committed(gate.mark())).containsExactly(start(0), start(1));
    }

    @Test
    void aStartThatDependsOnNoTaskEndedInTheStep_goesBeforeTheStepsCommit() {
        firstStepCommitted();

        List<CoreCommand> now = gate.admit(List.of(ended(0), started(1)), List.of(start(1)));

        assertThat(now).containsExactly(start(1));
        assertThat(gate.uncommitted()).isTrue(); // the end of a still has to be committed, by someone else
    }

    @Test
    void aDependentOfATaskEndedInTheStep_waitsForACommitThatCoversTheStep() {
        firstStepCommitted();

        List<CoreCommand> now = gate.admit(List.of(ended(0), started(2), started(1)), List.of(start(2), start(1)));

        assertThat(now).containsExactly(start(1));
        assertThat(gate.committed(gate.mark() - 1)).as("a commit that began before the step's last event").isEmpty();
        assertThat(gate.committed(gate.mark())).containsExactly(start(2));
        assertThat(gate.uncommitted()).isFalse();
    }

    @Test
    void noStartGoesAhead_whileAnEarlierStepIsNotYetDurable() {
        firstStepCommitted();
        List<CoreCommand> early = gate.admit(List.of(ended(0), started(1)), List.of(start(1))); // not committed yet

        List<CoreCommand> now = gate.admit(List.of(ended(1), started(2)), List.of(start(2)));

        assertThat(early).containsExactly(start(1));
        assertThat(now).as("at most one step's events are ever at risk").isEmpty();
        assertThat(gate.committed(gate.mark())).containsExactly(start(2));
    }

    @Test
    void everyCommandButAStart_waitsForTheCommit() {
        firstStepCommitted();
        List<CoreCommand> others = List.of(new CoreCommand.Integrate(0), new CoreCommand.ScheduleRetry(1, Duration.ofMillis(5)),
                new CoreCommand.ResolveFailure(1, "b", 1, "exit 1"), new CoreCommand.Abort("cancelled"));

        List<CoreCommand> now = gate.admit(List.of(ended(1)), others);

        assertThat(now).isEmpty();
        assertThat(gate.committed(gate.mark())).containsExactlyElementsOf(others);
    }

    @Test
    void aStepOfAFixWave_waitsForTheCommit() {
        firstStepCommitted();
        CoreCommand inserted = new CoreCommand.StartAttempt(new TaskStart(plan.size(), "a.fix1", 0, "I1", Instant.EPOCH, 1), 1);

        assertThat(gate.admit(List.of(), List.of(inserted))).isEmpty();
        assertThat(gate.committed(gate.mark())).containsExactly(inserted);
    }

    @Test
    void heldCommands_areReleasedInTheOrderAsked_andOnlyOnce() {
        firstStepCommitted();
        gate.admit(List.of(ended(0), started(2)), List.of(start(2)));
        long first = gate.mark();
        gate.admit(List.of(ended(1), started(3)), List.of(start(3)));

        assertThat(gate.committed(first)).containsExactly(start(2));
        assertThat(gate.committed(gate.mark())).containsExactly(start(3));
        assertThat(gate.committed(gate.mark())).isEmpty();
    }

    @Test
    void aFailedLog_drainsEveryHeldCommand() {
        firstStepCommitted();
        gate.admit(List.of(ended(0), started(2)), List.of(start(2)));

        assertThat(gate.drain()).containsExactly(start(2));
        assertThat(gate.committed(gate.mark())).isEmpty();
    }

    @Test
    void eventsRecordedOutsideAStep_countAsUncommitted() {
        firstStepCommitted();

        gate.recorded(2);

        assertThat(gate.uncommitted()).isTrue();
        assertThat(gate.admit(List.of(ended(0), started(1)), List.of(start(1)))).isEmpty();
    }

    private void firstStepCommitted() {
        gate.admit(List.of(started(0), started(1)), List.of(start(0), start(1)));
        gate.committed(gate.mark());
    }

    private CoreCommand.StartAttempt start(int task) {
        return new CoreCommand.StartAttempt(new TaskStart(task, plan.task(task).id(), 0, "I1", Instant.EPOCH, 1), 1);
    }

    private RunEvent started(int task) {
        return new RunEvent.AttemptStarted(start(task).start(), 1);
    }

    private RunEvent ended(int task) {
        return new RunEvent.TaskEnded(TaskRecord.notRun(task, plan.task(task).id(), 0, TaskState.SUCCEEDED, "ok"));
    }
}
