package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.request.ProgressDisplay;
import dev.wave.run.RunListener;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.time.InstantSource;

/** Shows progress while a run goes on, in one of the {@link ProgressDisplay} styles. Stateless. */
public final class Progress {
    private Progress() {}

    /**
     * The listener that shows progress in {@code style}: a dashboard redrawn in place ({@code live};
     * only on a terminal), one plain line per event ({@code summary}) or nothing until the final
     * summary ({@code quiet}). A live display also answers {@link Display#refresh}, which a caller
     * may call on a timer to keep times moving. The live ETA simulates the scheduler in {@code mode} under the
     * concurrency caps {@code caps}, as the run and the plan's estimate do.
     */
    public static Display display(ProgressDisplay style, PrintWriter out, InstantSource clock, Plan plan, Waves waves,
            int agents, Mode mode, CapGroups caps) {
        requireNonNull(style, "style is null");
        requireNonNull(out, "out is null");
        return switch (style) {
            case LIVE -> {
                LiveDashboard dashboard = new LiveDashboard(out, clock, plan, waves, agents, mode, caps);
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
