package dev.wave.temporal;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** What workers do: one attempt of one task. Implemented by {@link WorkerTasks}. */
@ActivityInterface
public interface TaskActivities {
    /**
     * Runs one attempt. A task that fails is a result, not an activity failure: the run's core decides about
     * retries. An activity failure (a lost worker, a missing commit) is retried by Temporal as the same attempt.
     */
    @ActivityMethod
    Result runAttempt(Request request);

    /**
     * One attempt's request. A field a newer wave adds is left aside when it is read, so that a worker reads a newer
     * run's request and refuses it by its {@code version}, saying to update the worker, rather than failing on it as
     * unreadable (a worker older than {@code version} itself cannot read this version's requests at all).
     *
     * @param runId the run
     * @param taskJson the task as a one-task plan file
     * @param attempt which attempt, from 1
     * @param baseCommit the commit to run on
     * @param dependencyPatches the integrated changes of the task's dependencies, in the order they were
     *     integrated: applied on the base commit before the task runs, and left out of its own patch
     * @param version what the request holds ({@link Wire#VERSION}); 0 from a submitting side that sent none
     * @param agent the run's agent CLI for prompt tasks that name none ({@code --agent}: claude, codex, aider or a
     *     command template); the workers' own options play no part
     * @param dependencyCheckpoints the checkpoints ({@code <id>.agent.json}) its direct dependencies' agents wrote, by
     *     task id: a prompt task finds them under {@code .wave/runs/latest/checkpoints/}, as on the local engine
     */
    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record Request(String runId, String taskJson, int attempt, String baseCommit, List<String> dependencyPatches,
            int version, String agent, java.util.Map<String, String> dependencyCheckpoints) {}

    /**
     * @param succeeded whether the attempt did what it should (for a prompt task, the verdict on its evidence)
     * @param exitCode the exit code, or -1 when there is none
     * @param summary one line
     * @param filesChanged repository-relative paths the attempt changed
     * @param patch the changes as a binary git diff against the base commit; empty when none
     * @param log the tail of the task's output
     * @param worker which worker ran it (host and process)
     * @param inputTokens a prompt task's model input tokens; 0 for other tasks
     * @param outputTokens a prompt task's model output tokens; 0 for other tasks
     * @param costUsd what a prompt task's agent reported it spent, in dollars, when {@code costReported}
     * @param costReported whether the agent reported a cost (claude does, codex does not)
     * @param checkpoint the checkpoint a prompt task's agent wrote ({@code <id>.agent.json}, its findings); empty for none
     */
    record Result(boolean succeeded, int exitCode, String summary, List<String> filesChanged, String patch, String log,
            String worker, long inputTokens, long outputTokens, double costUsd, boolean costReported, String checkpoint) {
        /** The result of a shell or built-in task: no model usage. */
        static Result withoutUsage(boolean succeeded, int exitCode, String summary, List<String> filesChanged,
                String patch, String log, String worker) {
            return new Result(succeeded, exitCode, summary, filesChanged, patch, log, worker, 0, 0, 0, false, "");
        }
    }
}
