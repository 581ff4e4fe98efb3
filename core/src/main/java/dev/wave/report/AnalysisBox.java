package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Durations;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.scale.ScalingDecision;
import dev.wave.schedule.ScheduleChoice;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the seeds' analysis box: the task and what was recognised, the scaling decision and its
 * calculation, the wave structure (Wave 0 backup, work waves, critical waves, final commit) and the
 * execution summary. Every time in it is labelled an estimate. Stateless apart from its style; a
 * renderer may be shared between threads, each printing to its own writer.
 */
public final class AnalysisBox {
    /** The box's width in columns, borders included. */
    public static final int WIDTH = 80;
    /** Tasks listed under one wave before "... N more". */
    static final int TASKS_PER_WAVE = 3;
    /** The longest text one row shows (about 25 lines of the box); the rest is left out, and counted. */
    static final int MAX_ROW_CHARS = 2_000;

    private final Style style;

    public AnalysisBox(Style style) {
        this.style = requireNonNull(style, "style is null");
    }

    /** Box-drawing characters for a UTF-8 terminal, or plain ASCII. */
    public enum Style {
        UNICODE("\u2554", "\u2557", "\u255a", "\u255d", "\u2560", "\u2563", "\u2550", "\u2551", "\u251c\u2500 ", "\u2514\u2500 "),
        ASCII("+", "+", "+", "+", "+", "+", "=", "|", "|- ", "`- ");

        final String topLeft;
        final String topRight;
        final String bottomLeft;
        final String bottomRight;
        final String teeLeft;
        final String teeRight;
        final String horizontal;
        final String vertical;
        final String branch;
        final String last;

        Style(String topLeft, String topRight, String bottomLeft, String bottomRight, String teeLeft, String teeRight,
                String horizontal, String vertical, String branch, String last) {
            this.topLeft = topLeft;
            this.topRight = topRight;
            this.bottomLeft = bottomLeft;
            this.bottomRight = bottomRight;
            this.teeLeft = teeLeft;
            this.teeRight = teeRight;
            this.horizontal = horizontal;
            this.vertical = vertical;
            this.branch = branch;
            this.last = last;
        }
    }

    /** Prints the box for {@code analysis} and flushes. Does not ask for approval: the caller does. */
    public void print(Analysis analysis, PrintWriter out) {
        requireNonNull(analysis, "analysis is null");
        requireNonNull(out, "out is null");
        out.println(style.topLeft + style.horizontal.repeat(WIDTH - 2) + style.topRight);
        section(out, "TASK ANALYSIS", first(analysis));
        section(out, "SCALING DECISION", scaling(analysis.scaling()));
        section(out, "WAVE STRUCTURE", waves(analysis));
        row(out, "EXECUTION SUMMARY");
        divider(out);
        summary(analysis).forEach(line -> row(out, line));
        out.println(style.bottomLeft + style.horizontal.repeat(WIDTH - 2) + style.bottomRight);
        out.flush();
    }

    private void section(PrintWriter out, String title, List<String> lines) {
        row(out, title);
        divider(out);
        lines.forEach(line -> row(out, line));
        divider(out);
    }

    private List<String> first(Analysis analysis) {
        ScalingDecision scaling = analysis.scaling();
        List<String> lines = new ArrayList<>();
        lines.add("Task: " + analysis.task());
        lines.add("Pattern detected: " + analysis.pattern());
        if (!analysis.findings().isEmpty()) {
            lines.add("Found:");
            tree(lines, "  ", analysis.findings());
        }
        lines.add("Subtasks: " + scaling.subtasks());
        lines.add("Dependencies: " + scaling.depth().label());
        lines.add("Task type: " + scaling.taskType().label());
        lines.add("Average duration: " + Durations.formatMillis(scaling.averageMillis()) + " per subtask (estimate)");
        for (String note : analysis.notes()) {
            lines.add("Note: " + note);
        }
        return lines;
    }

    private List<String> scaling(ScalingDecision scaling) {
        List<String> lines = new ArrayList<>();
        lines.add("Mode: " + (scaling.overridden() ? "user override (explicit agent count)" : "automatic scaling"));
        lines.add("Calculation:");
        List<String> steps = new ArrayList<>(scaling.reasons());
        steps.add("Coordination overhead: " + Durations.formatMillis(scaling.overheadMillis()) + " ("
                + Durations.formatMillis(scaling.coordinationMillis()) + " per agent, assumed)");
        steps.add("Sequential time: " + Durations.formatMillis(scaling.sequentialMillis()) + " (estimate)");
        steps.add("Parallel time: " + Durations.formatMillis(scaling.parallelMillis()) + " (estimate, simulated)");
        long saved = scaling.timeSavedMillis();
        steps.add("Time saved: " + (saved < 0 ? "none (" + Durations.formatMillis(-saved) + " lost)" : Durations.formatMillis(saved))
                + " (estimate)");
        steps.add(String.format(Locale.ROOT, "ROI ratio: %.1fx return on overhead (%s: %s)", scaling.roi(),
                scaling.roiClass().label(), scaling.roiClass().advice()));
        if (scaling.overridden()) {
            steps.add("Automatic choice: " + agents(scaling.automatic()));
            steps.add("Machine capacity: about " + agents(scaling.capacity()) + " (" + scaling.capacityReason() + ")");
            steps.add("Decision: use " + agents(scaling.agents()) + " as asked");
        } else {
            steps.add("Decision: use " + agents(scaling.agents()));
        }
        tree(lines, "", steps);
        for (String warning : scaling.warnings()) {
            lines.add("Warning: " + warning);
        }
        return lines;
    }

    private List<String> waves(Analysis analysis) {
        TaskGraph graph = analysis.plan().graph();
        int agents = analysis.scaling().agents();
        List<String> lines = new ArrayList<>();
        if (analysis.backupWave()) {
            lines.add("Wave 0: Safety backup (1 agent)");
            tree(lines, "  ", List.of("Coordinator: back up the whole working tree before any change"));
        }
        for (int w = 1; w <= analysis.waves().count(); w++) {
            int[] tasks = analysis.waves().tasks(w);
            long longest = 0;
            for (int task : tasks) {
                longest = Math.max(longest, graph.estimateMillis(task));
            }
            String duration = " - " + Durations.formatMillis(longest);
            if (analysis.waves().isCritical(w)) {
                lines.add("Wave " + w + ": CRITICAL (1 agent, runs alone)" + duration);
            } else {
                int width = Math.min(tasks.length, agents);
                lines.add("Wave " + w + ": " + tasks.length + (tasks.length == 1 ? " task (" : " tasks (") + agents(width)
                        + (width > 1 ? ", parallel)" : ")") + duration);
            }
            List<String> shown = new ArrayList<>();
            for (int i = 0; i < Math.min(TASKS_PER_WAVE, tasks.length); i++) {
                Task task = analysis.plan().task(tasks[i]);
                shown.add(task.id() + (task.title().equals(task.id()) ? "" : ": " + task.title())
                        + task.role().map(role -> " (" + role + ")").orElse(""));
            }
            if (tasks.length > TASKS_PER_WAVE) {
                shown.add("... " + (tasks.length - TASKS_PER_WAVE) + " more");
            }
            tree(lines, "  ", shown);
        }
        if (analysis.commitWave()) {
            lines.add("Wave " + (analysis.waves().count() + 1) + ": Final commit (1 agent)");
            tree(lines, "  ", List.of("Coordinator: commit the result with a summary of the run"));
        }
        return lines;
    }

    private List<String> summary(Analysis analysis) {
        List<String> lines = new ArrayList<>();
        ScalingDecision scaling = analysis.scaling();
        lines.add("Total agents: " + scaling.agents() + (scaling.overridden() ? " (user override)" : " (automatic)"));
        // the peak of the schedule the estimate simulated, caps and critical tasks included: a capped wave runs
        // narrower than it is wide
        lines.add("Peak agents: " + analysis.estimate().peakConcurrency() + " at once (estimate: the simulated schedule)");
        List<String> parts = new ArrayList<>();
        if (analysis.backupWave()) {
            parts.add("backup");
        }
        int critical = analysis.criticalWaves();
        int work = analysis.waves().count() - critical;
        parts.add(work + (work == 1 ? " work wave" : " work waves"));
        if (critical > 0) {
            parts.add(critical + " critical");
        }
        if (analysis.commitWave()) {
            parts.add("final commit");
        }
        lines.add("Total waves: " + analysis.totalWaves() + " (" + String.join(", ", parts) + ")");
        lines.add("Estimated time: " + Durations.formatMillis(analysis.estimate().makespanMillis()) + " (estimate: the "
                + analysis.estimate().mode().label() + " scheduler simulated on " + agents(analysis.estimate().agents())
                + "; backup and commit not included)");
        lines.add(order(analysis.schedule()));
        lines.add("Sequential time: " + Durations.formatMillis(analysis.estimate().sequentialMillis())
                + " (estimate: sum of task estimates)");
        lines.add("Efficiency: " + RunReport.percent(analysis.estimate().efficiency()) + " faster than sequential (estimate)");
        return lines;
    }

    /** Which priority order won, and by how much over plain longest-path-first. */
    static String order(ScheduleChoice schedule) {
        String tried = schedule.candidates() == 1 ? "the only order simulated"
                : "best of " + schedule.candidates() + " orders simulated";
        if (!schedule.improved()) {
            return "Schedule order: " + schedule.rule() + " (" + tried + ")";
        }
        return String.format(Locale.ROOT, "Schedule order: %s (%s; %.1f%% shorter than longest path first, %s, estimate)",
                schedule.rule(), tried, schedule.gainOverBaseline() * 100,
                Durations.formatMillis(schedule.baseline().makespanMillis()));
    }

    private void tree(List<String> lines, String indent, List<String> items) {
        for (int i = 0; i < items.size(); i++) {
            lines.add(indent + (i == items.size() - 1 ? style.last : style.branch) + items.get(i));
        }
    }

    private void divider(PrintWriter out) {
        out.println(style.teeLeft + style.horizontal.repeat(WIDTH - 2) + style.teeRight);
    }

    /**
     * One line inside the box, wrapped at word boundaries; continuation lines hang under the text after a tree mark.
     * Linear in the text's length; a text over {@value #MAX_ROW_CHARS} characters is cut there, saying how much was left out.
     */
    private void row(PrintWriter out, String text) {
        int inner = WIDTH - 4;
        String shown = text.length() <= MAX_ROW_CHARS ? text
                : text.substring(0, MAX_ROW_CHARS) + "... (" + (text.length() - MAX_ROW_CHARS) + " more characters)";
        String continuation = " ".repeat(Math.min(hangingIndent(shown), inner / 2));
        String prefix = "";
        int start = 0;
        while (shown.length() - start > inner - prefix.length()) {
            int room = inner - prefix.length();
            int cut = shown.lastIndexOf(' ', start + room);
            if (cut <= start) {
                cut = start + room;
            }
            emit(out, prefix + shown.substring(start, cut), inner);
            start = cut;
            while (start < shown.length() && Character.isWhitespace(shown.charAt(start))) {
                start++;
            }
            prefix = continuation;
        }
        emit(out, start == 0 ? shown : prefix + shown.substring(start).stripTrailing(), inner);
    }

    private int hangingIndent(String text) {
        int spaces = 0;
        while (spaces < text.length() && text.charAt(spaces) == ' ') {
            spaces++;
        }
        for (String mark : List.of(style.branch, style.last)) {
            if (text.startsWith(mark, spaces)) {
                return spaces + mark.length();
            }
        }
        return spaces;
    }

    private void emit(PrintWriter out, String content, int inner) {
        out.println(style.vertical + " " + content + " ".repeat(Math.max(0, inner - content.length())) + " " + style.vertical);
    }

    private static String agents(int count) {
        return count + (count == 1 ? " agent" : " agents");
    }
}
