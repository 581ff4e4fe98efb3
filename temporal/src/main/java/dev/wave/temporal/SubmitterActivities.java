package dev.wave.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What the submitting side does for the workflow, on its own task queue: the one place that touches the
 * submitting repository and its journal. Implemented by {@link Submitter}.
 */
@ActivityInterface
public interface SubmitterActivities {
    /**
     * Records a batch of the run's events (journal, checkpoints, progress), in order; a batch already recorded
     * is ignored.
     *
     * @return false when the journal could not be written (the run then stops)
     */
    @ActivityMethod
    boolean record(Batch batch);

    /** Applies a task's patch to the submitting repository; returns why it could not, or an empty string. */
    @ActivityMethod
    String integrate(Patch patch);

    /** Asks the failure handler (on_failure) about a task that failed for good. */
    @ActivityMethod
    Resolution resolve(Failure failure);

    /** @param sequence the batch's number, from 0; @param events encoded by {@link Wire} */
    record Batch(long sequence, List<String> events) {}

    record Patch(int task, String taskId, String patch) {}

    record Failure(String taskId, int attempts, String failure) {}

    /** @param choice RETRY, SKIP or ABORT ({@link dev.wave.run.FailureHandler.Choice}) */
    record Resolution(String choice, String reason) {}
}
