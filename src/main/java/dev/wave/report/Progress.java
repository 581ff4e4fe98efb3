package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.run.RunListener;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.Locale;

/** How progress is shown while a run goes on. */
public enum Progress {
    /** A dashboard redrawn in place; only on a terminal. */
    LIVE,
    /** One plain line per event. */
    SUMMARY,
    /** Nothing until the final summary. */
    QUIET;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The listener that shows progress in this style. A {@link #LIVE} display also answers
     * {@link Display#refresh}, which a caller may call on a timer to keep times moving.
     */
    public Display display(PrintWriter out, InstantSource clock, Plan plan, Waves waves, int agents) {
        requireNonNull(out, "out is null");
        return switch (this) {
            case LIVE -> {
                LiveDashboard dashboard = new LiveDashboard(out, clock, plan, waves, agents);
                yield new Display(dashboard, dashboard::render);
            }
            case SUMMARY -> new Display(new PlainProgress(out, clock, plan.size()), () -> {});
            case QUIET -> new Display(RunListener.none(), () -> {});
        };
    }

    /** A progress listener and the action that redraws it. */
    public record Display(RunListener listener, Runnable refresh) {
        public Display {
            requireNonNull(listener, "listener is null");
            requireNonNull(refresh, "refresh is null");
        }
    }
}
