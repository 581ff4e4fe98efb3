package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.journal.SessionTime;
import dev.wave.plan.Durations;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The measured figures of a run as the console summary prints them, for a run that just ended
 * ({@link RunReport}) and for a past one ({@link PastRun}) alike. Immutable.
 *
 * @param runId the run
 * @param status succeeded, failed or interrupted
 * @param wallMillis from the first task's start to the last task's end
 * @param taskMillis the sum of the tasks' measured durations
 * @param counts succeeded, failed, skipped and cancelled tasks, in that order
 * @param agents the agent limit
 * @param mode flow or waves
 * @param peak the most tasks that ran at once
 * @param average the average number of tasks running
 * @param path the measured critical path, when the plan's dependencies are known
 * @param waves per-wave utilisation
 * @param noEfficiency why no efficiency is given although the run ended and tasks ran (a resumed run whose
 *     sessions' times are not known); empty otherwise
 * @param sessions the sessions of a resumed run, each with its active time; empty for a run one process ran. Its
 *     efficiency is measured over the sum of their active times, not over the wall time, which includes the time
 *     between them
 * @param soFar how far a run that has not ended had got: its figures are then those so far (the wall time up to
 *     the moment covered, the tasks ended so far, the critical path over them), never its final ones; empty for a
 *     run that ended
 */
record Figures(String runId, String status, long wallMillis, long taskMillis, long[] counts, int agents, String mode,
        int peak, double average, Optional<MeasuredPath> path, List<RunReport.WaveUse> waves,
        Optional<String> noEfficiency, List<SessionTime> sessions, Optional<SoFar> soFar) {
    /** More waves than this are summed up in the printed summary, not listed. */
    static final int LISTED_WAVES = 12;
    static final String INTERRUPTED = "interrupted";

    Figures {
        requireNonNull(runId, "runId is null");
        requireNonNull(status, "status is null");
        counts = counts.clone();
        requireNonNull(mode, "mode is null");
        requireNonNull(path, "path is null");
        waves = List.copyOf(waves);
        requireNonNull(noEfficiency, "noEfficiency is null");
        sessions = List.copyOf(sessions);
        requireNonNull(soFar, "soFar is null");
    }

    /** The figures of a run that ended. */
    Figures(String runId, String status, long wallMillis, long taskMillis, long[] counts, int agents, String mode,
            int peak, double average, Optional<MeasuredPath> path, List<RunReport.WaveUse> waves,
            Optional<String> noEfficiency, List<SessionTime> sessions) {
        this(runId, status, wallMillis, taskMillis, counts, agents, mode, peak, average, path, waves, noEfficiency,
                sessions, Optional.empty());
    }

    /**
     * The time the efficiency is measured over: the wall time, or for a resumed run the sum of its sessions' active
     * times.
     */
    long measuredMillis() {
        return sessions.isEmpty() ? wallMillis : SessionTime.activeMillis(sessions);
    }

    /**
     * The measured efficiency, {@code (task time - wall) / task time}, with the sessions' active time for the wall
     * time of a resumed run; empty for an interrupted run (its figures cover part of the plan) and when no task ran.
     */
    Optional<Double> efficiency() {
        if (INTERRUPTED.equals(status) || taskMillis == 0 || noEfficiency.isPresent()) {
            return Optional.empty();
        }
        return Optional.of((double) (taskMillis - measuredMillis()) / taskMillis);
    }

    void print(PrintWriter out) {
        if (soFar.isPresent()) {
            printSoFar(out, soFar.get());
            return;
        }
        out.printf("%nRun %s %s in %s (measured)%n", runId, status, Durations.formatMillis(wallMillis));
        out.printf("  Tasks:       %d succeeded, %d failed, %d skipped, %d cancelled%n", counts[0], counts[1], counts[2],
                counts[3]);
        out.printf("  Wall time:   %s, measured%s%n", Durations.formatMillis(wallMillis),
                sessions.isEmpty() ? "" : ", the time between its sessions included");
        if (!sessions.isEmpty()) {
            out.printf("  Sessions:    %d processes, active %s: %s (each from its first task's start to its tasks' last "
                    + "work)%n", sessions.size(), Durations.formatMillis(measuredMillis()), sessionList());
        }
        out.printf("  Task time:   %s, the sum of measured task durations (tasks running side by side slow each other, "
                + "which inflates it)%n", Durations.formatMillis(taskMillis));
        out.printf("  Efficiency:  %s%n", efficiencyText());
        path.filter(chain -> !chain.tasks().isEmpty()).ifPresent(chain -> out.printf(
                "  Critical path: %s, measured (%s); %s%n", Durations.formatMillis(chain.millis()), chain(chain.tasks()),
                INTERRUPTED.equals(status) ? "so far: the run was interrupted"
                        : "no schedule of these durations is shorter"));
        out.printf(Locale.ROOT, "  Agents:      %d, %s mode; peak %d running, average %.1f%n", agents, mode, peak, average);
        out.printf("  Utilisation: %s%n", utilisationText());
    }

    /** The figures of a run that has not ended: each one says it is so far, or why it is not given. */
    private void printSoFar(PrintWriter out, SoFar progress) {
        boolean running = progress.stage() == SoFar.Stage.RUNNING;
        out.printf("%nRun %s %s%n", runId, progress.describe(runId));
        out.printf("  Tasks:       %d succeeded, %d failed, %d skipped, %d cancelled so far; %d %s, %d not started%n",
                counts[0], counts[1], counts[2], counts[3], progress.running().size(),
                running ? "running" : "cut short (running when its process died)", progress.notStarted());
        out.printf("  Wall time:   %s so far, measured from the first task's start to %s%s; not the run's: %s%n",
                Durations.formatMillis(wallMillis), running ? "now" : "its last record",
                sessions.isEmpty() ? "" : ", the time between its sessions included", progress.notEnded());
        if (!sessions.isEmpty()) {
            out.printf("  Sessions:    %d processes, active %s so far: %s (each from its first task's start to its tasks' "
                    + "last work)%n", sessions.size(), Durations.formatMillis(measuredMillis()), sessionList());
        }
        out.printf("  Task time:   %s, the sum of the measured durations of the tasks ended so far%n",
                Durations.formatMillis(taskMillis));
        out.printf("  Efficiency:  not given: %s%n", progress.notEnded());
        path.filter(chain -> !chain.tasks().isEmpty()).ifPresent(chain -> out.printf(
                "  Critical path: %s so far, measured over the tasks ended so far (%s); the run's is known at its end%n",
                Durations.formatMillis(chain.millis()), chain(chain.tasks())));
        out.printf(Locale.ROOT, "  Agents:      %d, %s mode; peak %d running so far, average %.1f%n", agents, mode, peak,
                average);
        out.printf("  Utilisation: %s, over the tasks ended so far%n", utilisationText());
    }

    /** Each wave's utilisation; past {@link #LISTED_WAVES} waves, their median and extremes (a line of thousands of characters reads as none). */
    private String utilisationText() {
        String of = " of " + agents + " agent" + (agents == 1 ? "" : "s");
        List<RunReport.WaveUse> ran = waves.stream().filter(use -> use.tasks() > 0).toList();
        if (waves.size() > LISTED_WAVES && !ran.isEmpty()) {
            List<RunReport.WaveUse> sorted = ran.stream()
                    .sorted(java.util.Comparator.comparingDouble(RunReport.WaveUse::utilisation)).toList();
            RunReport.WaveUse lowest = sorted.get(0);
            RunReport.WaveUse highest = sorted.get(sorted.size() - 1);
            return String.format(Locale.ROOT, "%d waves, median %s, lowest %s (wave %d), highest %s (wave %d),%s; each wave in "
                    + "%s", waves.size(),
                    RunReport.percent(median(sorted)), RunReport.percent(lowest.utilisation()),
                    lowest.wave(), RunReport.percent(highest.utilisation()), highest.wave(), of,
                    soFar.isPresent() ? "the HTML report" : "execution_summary.json and the HTML report");
        }
        StringBuilder text = new StringBuilder();
        for (RunReport.WaveUse use : waves) {
            text.append(text.length() == 0 ? "" : ", ").append(use.wave()).append(": ")
                    .append(use.tasks() == 0 ? "-" : RunReport.percent(use.utilisation()));
        }
        return text + " (per wave," + of + ")";
    }

    /** The median utilisation of waves sorted by it: of an even number, the mean of the two in the middle. */
    private static double median(List<RunReport.WaveUse> sorted) {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle).utilisation()
                : (sorted.get(middle - 1).utilisation() + sorted.get(middle).utilisation()) / 2;
    }

    private String efficiencyText() {
        if (INTERRUPTED.equals(status)) {
            return "not given: the run was interrupted, so its times cover only the tasks that ran";
        }
        if (taskMillis == 0) {
            return "not given: no task ran";
        }
        if (noEfficiency.isPresent()) {
            return "not given: " + noEfficiency.get();
        }
        String time = sessions.isEmpty() ? "wall time" : "active time";
        if (measuredMillis() >= taskMillis) {
            return "none: the " + time + " was not shorter than the task time";
        }
        return RunReport.percent(efficiency().orElseThrow()) + " less " + time + " than the task time, measured"
                + (sessions.isEmpty() ? "" : " (the sum of the sessions' active times)");
    }

    /** {@code 1: 3.4s (its process died: at least), 2: 2.0s}. */
    private String sessionList() {
        StringBuilder text = new StringBuilder();
        for (SessionTime session : sessions) {
            text.append(text.length() == 0 ? "" : ", ").append(session.session()).append(": ")
                    .append(session.firstTaskStart().isEmpty() ? "no task ran" : Durations.formatMillis(session.activeMillis()))
                    .append(session.ended() || session.firstTaskStart().isEmpty() ? ""
                            : current(session) ? " so far" : " (its process died: at least)");
        }
        return text.toString();
    }

    /** Whether {@code session} is the one a running run is in now. */
    private boolean current(SessionTime session) {
        return soFar.filter(progress -> progress.stage() == SoFar.Stage.RUNNING).isPresent()
                && session.session() == sessions.size();
    }

    /** A chain of task ids for one line: {@code a -> b -> c}, or its ends and how many are between. */
    static String chain(List<String> tasks) {
        if (tasks.size() <= 5) {
            return String.join(" -> ", tasks);
        }
        int between = tasks.size() - 4;
        return tasks.get(0) + " -> " + tasks.get(1) + " -> ... " + between + " more ... -> " + tasks.get(tasks.size() - 2)
                + " -> " + tasks.get(tasks.size() - 1);
    }
}
