package dev.wave.temporal;

import static java.util.Objects.requireNonNull;

import dev.wave.engine.TaskRun;
import dev.wave.plan.Plan;
import dev.wave.run.EventLog;
import dev.wave.run.FailureDecision;
import dev.wave.run.FailureHandler;
import dev.wave.run.RunEvent;
import dev.wave.run.RunListener;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The submitting side's activities: records the workflow's events in the run's journal and tells the
 * listener (progress, checkpoints), in the order they happened, as the local runner does; applies the
 * patches of tasks that changed files to the submitting repository; asks the failure handler.
 *
 * <p>Thread-safe: one private lock guards the records; the workflow sends one batch at a time.
 */
final class Submitter implements SubmitterActivities {
    private static final System.Logger LOG = System.getLogger(Submitter.class.getName());

    private final TaskRun run;
    private final Plan plan;
    private final Waves waves;
    private final Object lock = new Object();
    private long nextBatch; // guarded by lock
    private final TaskRecord[] records; // guarded by lock
    private final List<FailureDecision> decisions = new ArrayList<>(); // guarded by lock
    private Optional<String> journalFailure = Optional.empty(); // guarded by lock
    private Optional<String> budgetReached = Optional.empty(); // guarded by lock

    Submitter(TaskRun run) {
        this.run = requireNonNull(run, "run is null");
        this.plan = run.plan();
        this.waves = run.waves();
        this.records = new TaskRecord[plan.size()];
        run.hooks().finished().forEach(record -> records[record.index()] = record);
    }

    @Override
    public boolean record(Batch batch) {
        List<RunEvent> events = new ArrayList<>();
        synchronized (lock) {
            if (batch.sequence() < nextBatch) {
                return journalFailure.isEmpty(); // delivered again: already recorded
            }
            nextBatch = batch.sequence() + 1;
            EventLog log = run.hooks().eventLog();
            for (String line : batch.events()) {
                Wire.Line decoded = Wire.decode(line, plan, waves);
                if (decoded instanceof Wire.Log output) {
                    appendLog(output);
                    continue;
                }
                if (decoded instanceof Wire.Checkpoint checkpoint) {
                    keepCheckpoint(checkpoint);
                    continue;
                }
                RunEvent event = ((Wire.Event) decoded).event();
                if (event instanceof RunEvent.TaskEnded ended) {
                    records[ended.record().index()] = ended.record();
                } else if (event instanceof RunEvent.FailureDecided decided) {
                    decisions.add(decided.decision());
                } else if (event instanceof RunEvent.BudgetReached reached && budgetReached.isEmpty()) {
                    budgetReached = Optional.of(reached.reason());
                }
                log.append(event);
                events.add(event);
            }
            try {
                log.sync();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "the run journal cannot be written; stopping the run", e);
                journalFailure = Optional.of("the journal could not be written: " + e.getMessage());
            }
        }
        for (RunEvent event : events) {
            try {
                tell(run.listener(), event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "run listener failed for task " + event.taskId(), e);
            }
        }
        synchronized (lock) {
            return journalFailure.isEmpty();
        }
    }

    @Override
    public String integrate(Patch patch) {
        Path repository = run.options().workDirectory();
        try {
            GitCli.Output check = GitCli.runWithInput(repository, patch.patch(), "apply", "--check", "--binary", "-");
            if (!check.ok()) {
                GitCli.Output reverse = GitCli.runWithInput(repository, patch.patch(), "apply", "--check", "--reverse", "--binary", "-");
                // Applied already: this is a second delivery of the same integration.
                return reverse.ok() ? "" : notApplied(patch, check.err());
            }
            GitCli.Output applied = GitCli.runWithInput(repository, patch.patch(), "apply", "--binary", "-");
            return applied.ok() ? "" : "git apply failed: " + applied.err();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "cancelled while its changes were applied";
        }
    }

    /**
     * Why a patch does not apply, in one line: git's words, where the patch is kept (the work is not lost), and, for
     * an agent task, that the Temporal engine resolves no conflict (the local engine's merge and conflict resolution
     * do not run here).
     */
    private String notApplied(Patch patch, String gitSaid) {
        String kept;
        try {
            Path file = run.options().logDirectory().resolve(patch.taskId() + ".patch");
            Files.createDirectories(file.getParent());
            Files.writeString(file, patch.patch(), StandardCharsets.UTF_8);
            kept = "; its patch is kept at " + file + " (apply it by hand with git apply --3way)";
        } catch (IOException e) {
            kept = "; its patch could not be kept (" + e.getMessage() + ")";
        }
        boolean agent = patch.task() >= 0 && patch.task() < plan.size()
                && plan.task(patch.task()).action() instanceof dev.wave.plan.Action.Agent;
        return "its changes conflict with the submitting repository (git apply: "
                + String.join("; ", gitSaid.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()) + ")"
                + kept + (agent ? "; the Temporal engine does not resolve an agent's conflicts as the local engine does: "
                        + "make one of the tasks that change these files depend on the other, or run the plan on the "
                        + "local engine" : "");
    }

    @Override
    public Resolution resolve(Failure failure) {
        try {
            FailureHandler.Resolution resolution = run.failurePolicy().handler().taskFailed(failure.taskId(),
                    failure.attempts(), failure.failure());
            return new Resolution(resolution.choice().name(), resolution.reason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Resolution(FailureHandler.Choice.ABORT.name(), "interrupted while asking: stop the run");
        } catch (RuntimeException e) {
            return new Resolution(FailureHandler.Choice.ABORT.name(), "the failure handler failed (" + e + "): stop the run");
        }
    }

    /**
     * Every task's record, in plan order: the ones ended in earlier sessions and the ones the workflow reported;
     * a task the workflow never reported (it failed or was terminated) ends cancelled with {@code reason}.
     */
    List<TaskRecord> records(String reason) {
        synchronized (lock) {
            List<TaskRecord> all = new ArrayList<>();
            for (int task = 0; task < records.length; task++) {
                all.add(records[task] != null ? records[task] : new TaskRecord(task, plan.task(task).id(),
                        waves.waveOf(task), Optional.empty(), TaskState.CANCELLED, Optional.empty(), Optional.empty(), 0,
                        Optional.empty(), 0, reason, List.of()));
            }
            return all;
        }
    }

    List<FailureDecision> decisions() {
        synchronized (lock) {
            return List.copyOf(decisions);
        }
    }

    /** Why agent tasks stopped starting, when the run's budget was spent. */
    Optional<String> budgetReached() {
        synchronized (lock) {
            return budgetReached;
        }
    }

    Optional<String> journalFailure() {
        synchronized (lock) {
            return journalFailure;
        }
    }

    /** Where the local engine keeps a prompt task's checkpoint: beside its log. */
    private void keepCheckpoint(Wire.Checkpoint checkpoint) {
        Path file = run.options().logDirectory().resolve(plan.task(checkpoint.task()).id() + ".agent.json");
        try {
            Files.writeString(file, checkpoint.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot keep the checkpoint of task " + plan.task(checkpoint.task()).id(), e);
        }
    }

    private void appendLog(Wire.Log output) {
        Path log = run.options().logDirectory().resolve(plan.task(output.task()).id() + ".log");
        try {
            Files.writeString(log, output.text(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the log of task " + plan.task(output.task()).id(), e);
        }
    }

    /** What the local runner tells its listener for each event. */
    static void tell(RunListener listener, RunEvent event) {
        if (event instanceof RunEvent.AttemptStarted started) {
            if (started.attempt() == 1) {
                listener.taskStarted(started.start());
            }
        } else if (event instanceof RunEvent.RetryScheduled retry) {
            listener.taskRetrying(retry.taskId(), retry.failedAttempt(), retry.backoff(), retry.reason());
        } else if (event instanceof RunEvent.FailureDecided decided) {
            listener.failureDecided(decided.decision());
        } else if (event instanceof RunEvent.TaskEnded ended) {
            listener.taskEnded(ended.record());
        } else if (event instanceof RunEvent.BudgetReached reached) {
            listener.budgetReached(reached.reason());
        } else if (!(event instanceof RunEvent.AttemptEnded)) {
            throw new AssertionError(event);
        }
    }
}
