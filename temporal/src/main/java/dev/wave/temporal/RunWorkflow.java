package dev.wave.temporal;

import dev.wave.run.FailureThresholds;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One wave run as one Temporal workflow: hosts the deterministic {@link dev.wave.run.RunCore}, turns
 * its commands into activities and reports its events to the submitting side. See {@link RunWorkflowImpl}.
 */
@WorkflowInterface
public interface RunWorkflow {
    @WorkflowMethod
    Summary run(Input input);

    /**
     * {@code wave cancel}, Ctrl-C or SIGTERM on the submitting side: the run's core cancels (nothing new
     * starts, running attempts are cancelled) and the workflow completes with status INTERRUPTED. Cancelling
     * the workflow itself (Temporal's cancel) does the same, but the workflow then ends cancelled.
     */
    @SignalMethod
    void cancel();

    /**
     * What the workflow runs, and what one generation (a continue-as-new) carries to the next.
     *
     * @param runId the wave run
     * @param planJson the plan as a plan file (critical tasks marked, estimates filled in)
     * @param orderRule the priority order's rule
     * @param orderKeys the priority order's key per task
     * @param strictOrder whether the order is strict (the keys are then start positions)
     * @param mode flow or waves
     * @param agents the agent cap across all workers
     * @param failFast whether the first task that fails for good stops the run
     * @param retryBackoffMillis the wait before a task's first retry
     * @param thresholds the failure-rate thresholds
     * @param submitterQueue the task queue of the submitting side's activities (events, integration, failure handler)
     * @param baseCommit the commit workers check out for each attempt
     * @param heartbeatMillis how long a worker may be silent before its attempt is given to another worker
     * @param historyLimit history events after which the workflow drains and continues as new
     * @param generation how many times the run continued as new
     * @param done per task: S succeeded, F failed, . not ended (as of the last generation); empty at first
     * @param retriesUsed per task, retries used in earlier generations; empty at first
     * @param peakConcurrency the most attempts in flight at once so far
     * @param eventSequence how many event batches were sent so far
     * @param integrated the patches integrated so far, in the order they were, by task: a task's attempt gets
     *     those of its dependencies (direct and indirect), so it sees their work as a local run would
     * @param agent the run's agent CLI for prompt tasks that name none ({@code --agent}, the config, claude): it
     *     travels to the workers in each request; null from a submitting side that sent none (it ran no prompt task)
     * @param limits the run's budget and caps; null from a submitting side that sent none (no limits)
     * @param spent what the agents spent in earlier generations, by task; null at first
     * @param checkpoints the checkpoints ({@code <task>.agent.json}) prompt tasks wrote so far, by task: a prompt task's
     *     attempt gets those of its direct dependencies, as on the local engine; null at first
     */
    record Input(String runId, String planJson, String orderRule, long[] orderKeys, boolean strictOrder, String mode,
            int agents, boolean failFast, long retryBackoffMillis, FailureThresholds thresholds, String submitterQueue,
            String baseCommit, long heartbeatMillis, int historyLimit, int generation, String done, int[] retriesUsed,
            int peakConcurrency, long eventSequence, java.util.LinkedHashMap<Integer, String> integrated, String agent,
            Limits limits, Spent spent, java.util.TreeMap<Integer, String> checkpoints) {
        /** The first generation of a run. */
        static Input first(String runId, dev.wave.plan.Plan plan, dev.wave.schedule.PriorityOrder order,
                dev.wave.schedule.Mode mode, int agents, boolean failFast, java.time.Duration retryBackoff,
                FailureThresholds thresholds, String submitterQueue, String baseCommit, TemporalSettings settings,
                String agent, Limits limits) {
            return new Input(runId, Wire.planJson(plan), order.rule(), Wire.keys(order), order.isStrict(), mode.name(),
                    agents, failFast, retryBackoff.toMillis(), thresholds, submitterQueue, baseCommit,
                    settings.heartbeat().toMillis(), settings.historyLimit(), 0, "", new int[0], 0, 0,
                    new java.util.LinkedHashMap<>(), agent, limits, null, null);
        }

        Input next(String done, int[] retriesUsed, int peakConcurrency, long eventSequence,
                java.util.LinkedHashMap<Integer, String> integrated, Spent spent,
                java.util.TreeMap<Integer, String> checkpoints) {
            return new Input(runId, planJson, orderRule, orderKeys, strictOrder, mode, agents, failFast, retryBackoffMillis,
                    thresholds, submitterQueue, baseCommit, heartbeatMillis, historyLimit, generation + 1, done,
                    retriesUsed, peakConcurrency, eventSequence, integrated, agent, limits, spent,
                    checkpoints);
        }
    }

    /**
     * The run's limits on its agents, from its settings: the budget (no agent task starts once it is spent) and the
     * caps by task kind or agent. Fix waves and the pause after a rate limit do not apply on this engine.
     *
     * @param budgetUsd dollars; 0 for none
     * @param budgetTokens tokens; 0 for none
     * @param caps at most this many tasks of a kind ({@code run}, {@code action}, {@code prompt}) or of an agent
     *     ({@code claude}, ...) at once
     */
    record Limits(double budgetUsd, long budgetTokens, java.util.TreeMap<String, Integer> caps) {
        /** No budget, no caps. */
        static Limits none() {
            return new Limits(0, 0, new java.util.TreeMap<>());
        }

        static Limits of(dev.wave.run.RunLimits limits) {
            return new Limits(limits.budgetUsd().orElse(0.0), limits.budgetTokens().orElse(0L),
                    new java.util.TreeMap<>(limits.caps()));
        }

        /** As the run's core takes them; {@code provider} names a prompt task's agent. */
        dev.wave.run.RunLimits toRunLimits(java.util.function.Function<dev.wave.plan.Task,
                java.util.Optional<String>> provider) {
            dev.wave.run.RunLimits limits = dev.wave.run.RunLimits.none().withCaps(caps == null ? java.util.Map.of() : caps)
                    .withProvider(provider);
            limits = budgetUsd > 0 ? limits.withBudgetUsd(budgetUsd) : limits;
            return budgetTokens > 0 ? limits.withBudgetTokens(budgetTokens) : limits;
        }
    }

    /**
     * What the agents spent, by task (plan order): tokens in and out, and dollars ({@code costUsd} below 0 where the
     * agent reported no cost).
     */
    record Spent(long[] inputTokens, long[] outputTokens, double[] costUsd) {}

    /**
     * How the run ended.
     *
     * @param status succeeded, failed or interrupted ({@link dev.wave.run.RunStatus})
     * @param peakConcurrency the most attempts that were in flight at once
     * @param generations how many workflow runs (continue-as-new) it took
     * @param problem why tasks the workflow did not report ended (empty when it reported them all)
     */
    record Summary(String status, int peakConcurrency, int generations, String problem) {}
}
