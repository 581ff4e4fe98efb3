package dev.wave.action;

import dev.wave.plan.FileAction;
import java.util.List;

/** Wording shared by the actions' one-line summaries. */
final class Summaries {
    private Summaries() {}

    static String plural(int count, String noun) {
        return count + " " + (count == 1 ? noun : noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    static String noun(FileAction.EntryType type) {
        return switch (type) {
            case FILE -> "file";
            case DIR -> "directory";
            case ANY -> "entry";
        };
    }

    static String count(int count, FileAction.EntryType type) {
        return plural(count, noun(type));
    }

    /** The first {@code limit} names, then how many more. */
    static String names(List<String> names, int limit) {
        if (names.size() <= limit) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, limit)) + " and " + (names.size() - limit) + " more (see the task log)";
    }
}
