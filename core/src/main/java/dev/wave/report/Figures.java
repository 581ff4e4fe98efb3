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
 */
record Figures(String runId, String status, long wallMillis, long taskMillis, long[] counts, int agents, String mode,
        int peak, double average, Optional<MeasuredPath> path, List<RunReport.WaveUse> waves,
        Optional<String> noEfficiency, List<SessionTime> sessions) {
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
        StringBuilder text = new StringBuilder();
        for (RunReport.WaveUse use : waves) {
            text.append(text.length() == 0 ? "" : ", ").append(use.wave()).append(": ")
                    .append(use.tasks() == 0 ? "-" : RunReport.percent(use.utilisation()));
        }
        out.printf("  Utilisation: %s (per wave, of %d agent%s)%n", text, agents, agents == 1 ? "" : "s");
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
                            : " (its process died: at least)");
        }
        return text.toString();
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
