package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.run.InsertedTask;
import dev.wave.run.RunListener;
import dev.wave.run.TaskProgress;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The terminal dashboard: current wave, overall progress, ETA, per-wave bars and what each agent
 * runs, redrawn in place with ANSI escapes. Events update its state; {@link #render} draws it and
 * may be called from a timer as well. Thread-safe.
 *
 * <p>ETA: the plan's estimate comes from simulating wave's scheduler on the task estimates; the
 * dashboard runs the same simulation once and notes when each task ends in it. With k tasks ended,
 * the simulated work left is the makespan minus the k-th simulated end. The ETA counts that down
 * with the wall clock, but never below what will be left when the next task ends, so a task that
 * overruns holds the ETA instead of driving it to zero, and the ETA never rises.
 */
final class LiveDashboard implements RunListener {
    private static final int MAX_WAVES_SHOWN = 10;
    private static final int MAX_AGENTS_SHOWN = 16;
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final InstantSource clock;
    private final Plan plan;
    private final Waves waves;
    private final Instant started;
    private final long makespan;
    private final long[] simulatedEnds; // ascending
    private final String[] instanceTask; // guarded by this
    private final Instant[] instanceSince; // guarded by this
    private final int[][] endedInWave; // [wave][outcome], guarded by this
    private final java.util.Map<String, TaskProgress> agentProgress = new java.util.HashMap<>(); // guarded by this
    private final int[] ended = new int[Outcome.values().length]; // guarded by this
    private final java.util.Map<String, String> fixWaves = new java.util.LinkedHashMap<>(); // guarded by this; by wave
    private String budget; // guarded by this; why agents stopped starting, once they did
    private Instant lastEnd; // guarded by this
    private int linesDrawn; // guarded by this

    /** How an ended task is drawn: {@code #} succeeded, {@code x} failed or skipped, {@code c} cancelled. */
    private enum Outcome {
        SUCCEEDED('#'),
        FAILED('x'),
        CANCELLED('c');

        final char mark;

        Outcome(char mark) {
            this.mark = mark;
        }

        static Outcome of(TaskState state) {
            return switch (state) {
                case SUCCEEDED -> SUCCEEDED;
                case FAILED, SKIPPED -> FAILED;
                case CANCELLED -> CANCELLED;
                case PENDING, READY, RUNNING -> throw new IllegalStateException("a task ended in state " + state);
            };
        }
    }

    LiveDashboard(PrintWriter out, InstantSource clock, Plan plan, Waves waves, int agents) {
        this(out, clock, plan, waves, agents, Mode.FLOW);
    }

    LiveDashboard(PrintWriter out, InstantSource clock, Plan plan, Waves waves, int agents, Mode mode) {
        this(out, clock, plan, waves, agents, mode, CapGroups.none());
    }

    LiveDashboard(PrintWriter out, InstantSource clock, Plan plan, Waves waves, int agents, Mode mode, CapGroups caps) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.waves = requireNonNull(waves, "waves is null");
        requireNonNull(mode, "mode is null");
        this.started = clock.instant();
        this.lastEnd = started;
        this.simulatedEnds = Simulator.ends(plan.graph(), mode, agents, waves, requireNonNull(caps, "caps is null"));
        this.makespan = simulatedEnds.length == 0 ? 0 : simulatedEnds[simulatedEnds.length - 1];
        this.instanceTask = new String[agents];
        this.instanceSince = new Instant[agents];
        this.endedInWave = new int[waves.count() + 1][Outcome.values().length];
    }

    @Override
    public synchronized void taskStarted(TaskStart start) {
        int slot = Integer.parseInt(start.instance().substring(1)) - 1;
        instanceTask[slot] = start.id();
        instanceSince[slot] = start.startedAt();
        render();
    }

    /** Notes what the task's agent does now; shown on its row at the next redraw. */
    @Override
    public synchronized void taskProgressed(String id, TaskProgress progress) {
        agentProgress.put(id, progress);
    }

    @Override
    public synchronized void taskEnded(TaskRecord record) {
        agentProgress.remove(record.id());
        Outcome outcome = Outcome.of(record.state());
        ended[outcome.ordinal()]++;
        endedInWave[record.wave()][outcome.ordinal()]++;
        lastEnd = clock.instant();
        record.instance().ifPresent(instance -> {
            int slot = Integer.parseInt(instance.substring(1)) - 1;
            if (record.id().equals(instanceTask[slot])
                    || instanceTask[slot] != null && instanceTask[slot].startsWith(record.id() + " (fixing, ")) {
                instanceTask[slot] = null;
            }
        });
        render();
    }

    @Override
    public synchronized void fixWaveInserted(String id, String wave, String failure) {
        fixWaves.put(wave, "fix for " + id + ": analyse");
        render();
    }

    @Override
    public synchronized void insertedTaskStarted(TaskStart start, String wave) {
        int slot = Integer.parseInt(start.instance().substring(1)) - 1;
        instanceTask[slot] = start.id() + " (wave " + wave + ")";
        instanceSince[slot] = start.startedAt();
        render();
    }

    @Override
    public synchronized void insertedTaskEnded(InsertedTask task) {
        TaskRecord record = task.record();
        fixWaves.put(task.wave(), "fix for " + task.parent() + ": " + task.step() + " " + record.state().label());
        record.instance().ifPresent(instance -> {
            int slot = Integer.parseInt(instance.substring(1)) - 1;
            instanceTask[slot] = task.parent() + " (fixing, wave " + task.wave() + ")";
        });
        render();
    }

    @Override
    public synchronized void budgetReached(String reason) {
        budget = reason;
        render();
    }

    /** The estimated time left now, in milliseconds; 0 when every task has ended. */
    synchronized long etaMillis() {
        return etaMillis(sum(ended), clock.instant());
    }

    /** The estimated time left, in milliseconds; see the class comment. Never rises between calls. */
    private long etaMillis(int endedCount, Instant now) {
        if (endedCount >= simulatedEnds.length) {
            return 0;
        }
        long left = makespan - (endedCount == 0 ? 0 : simulatedEnds[endedCount - 1]);
        long afterNext = makespan - simulatedEnds[endedCount];
        return Math.max(afterNext, left - Math.max(0, now.toEpochMilli() - lastEnd.toEpochMilli()));
    }

    /** Draws the dashboard over its previous drawing. */
    synchronized void render() {
        StringBuilder screen = new StringBuilder();
        if (linesDrawn > 0) {
            screen.append("\033[").append(linesDrawn).append("F\033[J");
        }
        int lines = 0;
        Instant now = clock.instant();
        long elapsed = now.toEpochMilli() - started.toEpochMilli();
        int total = plan.size();
        int endedCount = sum(ended);
        String eta = endedCount >= total ? "-" : "~" + Durations.formatMillis(etaMillis(endedCount, now)) + " (estimate)";
        int current = 1;
        while (current < waves.count() && sum(endedInWave[current]) == waves.size(current)) {
            current++;
        }
        screen.append(String.format(Locale.ROOT, "Wave %d of %d   elapsed %s   ETA %s%n", current, waves.count(),
                Durations.formatMillis(elapsed), eta));
        screen.append(String.format(Locale.ROOT, "Overall  %s %3d%%  %d/%d tasks%s%n", bar(ended, total),
                100 * ended[0] / total, ended[0], total, notDone(ended)));
        lines += 2;
        int first = Math.max(1, Math.min(current - 2, waves.count() - MAX_WAVES_SHOWN + 1));
        for (int w = first; w <= waves.count() && w < first + MAX_WAVES_SHOWN; w++) {
            int[] wave = endedInWave[w];
            screen.append(String.format(Locale.ROOT, "  Wave %-3d %s %3d%%  %d/%d%s%s%n", w, bar(wave, waves.size(w)),
                    100 * wave[0] / waves.size(w), wave[0], waves.size(w), notDone(wave),
                    waves.isCritical(w) ? "  critical" : ""));
            lines++;
        }
        int skip = Math.max(0, fixWaves.size() - MAX_WAVES_SHOWN);
        for (java.util.Map.Entry<String, String> fix : fixWaves.entrySet()) {
            if (skip-- > 0) {
                continue;
            }
            screen.append(String.format(Locale.ROOT, "  Wave %-5s %s%n", fix.getKey(), fix.getValue()));
            lines++;
        }
        if (budget != null) {
            screen.append("  Budget: ").append(budget).append(": no agent task starts any more").append(System.lineSeparator());
            lines++;
        }
        for (int slot = 0; slot < instanceTask.length && slot < MAX_AGENTS_SHOWN; slot++) {
            String task = instanceTask[slot];
            TaskProgress agent = task == null ? null : agentProgress.get(task);
            screen.append(String.format(Locale.ROOT, "  I%-3d %s%n", slot + 1, task == null ? "idle"
                    : task + "  " + Durations.format(Duration.between(instanceSince[slot], now))
                            + (agent == null ? "" : "  " + abbreviate(agent.describe()))));
            lines++;
        }
        if (instanceTask.length > MAX_AGENTS_SHOWN) {
            long busy = Arrays.stream(instanceTask).filter(Objects::nonNull).count();
            screen.append(String.format(Locale.ROOT, "  ... %d agents in all, %d busy%n", instanceTask.length, busy));
            lines++;
        }
        linesDrawn = lines;
        out.print(screen);
        out.flush();
    }

    /** An agent's line, cut to fit a terminal row. */
    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= 90 ? line : line.substring(0, 87) + "...";
    }

    /** The tasks that ended without succeeding, when there are any: {@code (1 failed or skipped, 2 cancelled)}. */
    private static String notDone(int[] counts) {
        int failed = counts[Outcome.FAILED.ordinal()];
        int cancelled = counts[Outcome.CANCELLED.ordinal()];
        if (failed == 0 && cancelled == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder("  (");
        if (failed > 0) {
            text.append(failed).append(" failed or skipped");
        }
        if (cancelled > 0) {
            text.append(failed > 0 ? ", " : "").append(cancelled).append(" cancelled");
        }
        return text.append(')').toString();
    }

    /** A bar of {@link #BAR_WIDTH} marks: each outcome's share in its mark, then {@code -} for what has not ended. */
    private static String bar(int[] counts, int total) {
        StringBuilder bar = new StringBuilder("[");
        int drawn = 0;
        int cumulative = 0;
        for (Outcome outcome : Outcome.values()) {
            cumulative += counts[outcome.ordinal()];
            int upTo = total == 0 ? BAR_WIDTH : (int) ((long) Math.min(cumulative, total) * BAR_WIDTH / total);
            bar.append(String.valueOf(outcome.mark).repeat(upTo - drawn));
            drawn = upTo;
        }
        return bar.append("-".repeat(BAR_WIDTH - drawn)).append(']').toString();
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }
}
