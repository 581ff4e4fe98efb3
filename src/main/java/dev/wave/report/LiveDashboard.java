package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.run.RunListener;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;

/**
 * The terminal dashboard: current wave, overall progress, ETA, per-wave bars and what each agent
 * runs, redrawn in place with ANSI escapes. Events update its state; {@link #render} draws it and
 * may be called from a timer as well. Thread-safe.
 */
final class LiveDashboard implements RunListener {
    private static final int MAX_WAVES_SHOWN = 10;
    private static final int MAX_AGENTS_SHOWN = 16;

    private final PrintWriter out;
    private final InstantSource clock;
    private final Plan plan;
    private final Waves waves;
    private final Instant started;
    private final long totalEstimate;
    private final String[] instanceTask; // guarded by this
    private final Instant[] instanceSince; // guarded by this
    private final int[] endedInWave; // guarded by this
    private int ended; // guarded by this
    private int failed; // guarded by this
    private long endedEstimate; // guarded by this
    private int linesDrawn; // guarded by this

    LiveDashboard(PrintWriter out, InstantSource clock, Plan plan, Waves waves, int agents) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.waves = requireNonNull(waves, "waves is null");
        this.started = clock.instant();
        this.totalEstimate = plan.graph().totalWorkMillis();
        this.instanceTask = new String[agents];
        this.instanceSince = new Instant[agents];
        this.endedInWave = new int[waves.count() + 1];
    }

    @Override
    public synchronized void taskStarted(TaskStart start) {
        int slot = Integer.parseInt(start.instance().substring(1)) - 1;
        instanceTask[slot] = start.id();
        instanceSince[slot] = start.startedAt();
        render();
    }

    @Override
    public synchronized void taskEnded(TaskRecord record) {
        ended++;
        endedInWave[record.wave()]++;
        endedEstimate += plan.graph().estimateMillis(record.index());
        if (record.state() == TaskState.FAILED) {
            failed++;
        }
        record.instance().ifPresent(instance -> instanceTask[Integer.parseInt(instance.substring(1)) - 1] = null);
        render();
    }

    /** Draws the dashboard over its previous drawing. */
    synchronized void render() {
        StringBuilder screen = new StringBuilder();
        if (linesDrawn > 0) {
            screen.append("\033[").append(linesDrawn).append("F\033[J");
        }
        int lines = 0;
        long elapsed = clock.millis() - started.toEpochMilli();
        int total = plan.size();
        String eta = endedEstimate == 0 || ended == total ? "-"
                : "~" + Durations.formatMillis(elapsed * (totalEstimate - endedEstimate) / endedEstimate) + " (estimate)";
        int current = 1;
        while (current < waves.count() && endedInWave[current] == waves.size(current)) {
            current++;
        }
        screen.append(String.format(Locale.ROOT, "Wave %d of %d   elapsed %s   ETA %s%n", current, waves.count(),
                Durations.formatMillis(elapsed), eta));
        screen.append(String.format(Locale.ROOT, "Overall  %s %3d%%  %d/%d tasks%s%n", bar(ended, total),
                100 * ended / total, ended, total, failed > 0 ? "  (" + failed + " failed)" : ""));
        lines += 2;
        int first = Math.max(1, Math.min(current - 2, waves.count() - MAX_WAVES_SHOWN + 1));
        for (int w = first; w <= waves.count() && w < first + MAX_WAVES_SHOWN; w++) {
            screen.append(String.format(Locale.ROOT, "  Wave %-3d %s %3d%%  %d/%d%s%n", w, bar(endedInWave[w], waves.size(w)),
                    100 * endedInWave[w] / waves.size(w), endedInWave[w], waves.size(w),
                    waves.isCritical(w) ? "  critical" : ""));
            lines++;
        }
        Instant now = clock.instant();
        for (int slot = 0; slot < instanceTask.length && slot < MAX_AGENTS_SHOWN; slot++) {
            String task = instanceTask[slot];
            screen.append(String.format(Locale.ROOT, "  I%-3d %s%n", slot + 1, task == null ? "idle"
                    : task + "  " + Durations.format(Duration.between(instanceSince[slot], now))));
            lines++;
        }
        if (instanceTask.length > MAX_AGENTS_SHOWN) {
            long busy = java.util.Arrays.stream(instanceTask).filter(java.util.Objects::nonNull).count();
            screen.append(String.format(Locale.ROOT, "  ... %d agents in all, %d busy%n", instanceTask.length, busy));
            lines++;
        }
        linesDrawn = lines;
        out.print(screen);
        out.flush();
    }

    private static String bar(int done, int total) {
        int width = 20;
        int filled = total == 0 ? width : (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }
}
