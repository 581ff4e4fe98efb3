package dev.wave.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the bench's tables as Markdown and keeps the list of targets, met or missed. */
final class Report {
    private final PrintStream out;
    private final List<String> targets = new ArrayList<>();
    private int missed;

    Report(PrintStream out) {
        this.out = out;
    }

    void section(String title, String note) {
        out.printf("%n## %s%n%n", title);
        if (!note.isEmpty()) {
            out.println(note);
            out.println();
        }
        out.flush();
    }

    void header(String... columns) {
        row((Object[]) columns);
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < columns.length; i++) {
            line.append(i == 0 ? " --- |" : " ---: |");
        }
        out.println(line);
    }

    void row(Object... cells) {
        StringBuilder line = new StringBuilder("|");
        for (Object cell : cells) {
            line.append(' ').append(cell).append(" |");
        }
        out.println(line);
        out.flush();
    }

    void line(String text) {
        out.println(text);
        out.flush();
    }

    /** Records a target; prints MISSED with the figure right away when it is not met. */
    void target(String name, boolean met, String figure) {
        String verdict = met ? "met" : "MISSED";
        targets.add(String.format(Locale.ROOT, "| %s | %s | %s |", name, figure, verdict));
        if (!met) {
            missed++;
            out.printf("MISSED: %s: %s%n", name, figure);
            out.flush();
        }
    }

    void summary() {
        out.printf("%n## Targets%n%n| target | figure | verdict |%n| --- | --- | --- |%n");
        targets.forEach(out::println);
        out.printf("%n%d of %d targets missed.%n", missed, targets.size());
        out.flush();
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3fx", value);
    }

    static String millis(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f ms" : "%.1f ms", value);
    }

    static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.2f us", nanos / 1000);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1048576.0);
    }
}
