package dev.wave.imports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replacements of ranges of one text, collected in any order and applied at once; overlapping ones are refused. */
final class Edits {
    private record Edit(int start, int end, String replacement) {}

    private final List<Edit> edits = new ArrayList<>();

    /** Whether {@code [start, end)} overlaps a range already replaced. */
    boolean overlaps(int start, int end) {
        for (Edit edit : edits) {
            if (start < edit.end() && edit.start() < end) {
                return true;
            }
        }
        return false;
    }

    /** Replaces {@code [start, end)}; false, and nothing recorded, when it overlaps an earlier edit. */
    boolean replace(int start, int end, String replacement) {
        if (overlaps(start, end)) {
            return false;
        }
        edits.add(new Edit(start, end, replacement));
        return true;
    }

    int size() {
        return edits.size();
    }

    String apply(String text) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::start));
        StringBuilder result = new StringBuilder(text.length() + 64);
        int from = 0;
        for (Edit edit : sorted) {
            result.append(text, from, edit.start()).append(edit.replacement());
            from = edit.end();
        }
        return result.append(text, from, text.length()).toString();
    }
}
