package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a backup covers and, above all, what it does not: ignored entries over the size cap and
 * dependency trees, which a rollback neither restores nor removes, and the nested repositories it holds
 * with their history. Immutable.
 *
 * @param gaps what the backup leaves out, path by path, with the reason and the size where measured
 * @param nestedRepositories nested repositories and submodule working trees, backed up with their
 *     {@code .git} (their history) where it is a directory inside the work tree
 * @param ignoredBytes the bytes of ignored files the backup holds
 * @param ignoredMax the cap on them, {@code backup_ignored_max}
 */
public record BackupCoverage(List<Gap> gaps, List<String> nestedRepositories, long ignoredBytes, long ignoredMax) {
    public BackupCoverage {
        gaps = List.copyOf(gaps);
        nestedRepositories = List.copyOf(nestedRepositories);
    }

    /** A backup of everything: nothing left out. */
    static BackupCoverage complete(long ignoredMax) {
        return new BackupCoverage(List.of(), List.of(), 0, ignoredMax);
    }

    /** Whether the backup holds everything a rollback compares. */
    public boolean complete() {
        return gaps.isEmpty();
    }

    /** The paths left out, as a scan excludes them. */
    Set<String> excluded() {
        Set<String> excluded = new TreeSet<>();
        gaps.forEach(gap -> excluded.add(gap.path()));
        return excluded;
    }

    /** One line for people: "everything" or what is left out, with sizes. */
    public String describe() {
        if (gaps.isEmpty()) {
            return "everything (ignored files included: " + bytes(ignoredBytes) + ")";
        }
        List<String> parts = new ArrayList<>();
        for (Gap gap : gaps.subList(0, Math.min(5, gaps.size()))) {
            parts.add(gap.describe());
        }
        if (gaps.size() > 5) {
            parts.add("... " + (gaps.size() - 5) + " more");
        }
        return "everything except " + String.join(", ", parts);
    }

    /**
     * What a rollback will leave as it is, as a sentence starting with a space ({@code " Not backed up ..."}),
     * or an empty string when the backup holds everything.
     */
    public String gapsSentence() {
        return gaps.isEmpty() ? "" : " Not backed up, so a rollback leaves them as they are: "
                + describe().substring("everything except ".length()) + ".";
    }

    /** Sizes for people, in binary units. */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /**
     * One entry the backup leaves out; a rollback leaves it alone and does not compare it.
     *
     * @param path the file or directory (no trailing slash), relative to the work tree
     * @param directory whether it is a directory
     * @param reason why it is left out
     * @param bytes its size, where it was measured
     */
    public record Gap(String path, boolean directory, Reason reason, OptionalLong bytes) {
        public Gap {
            requireNonNull(path, "path is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(bytes, "bytes is null");
        }

        public String describe() {
            String size = bytes.isPresent() ? ", " + BackupCoverage.bytes(bytes.getAsLong()) : "";
            return path + (directory ? "/" : "") + " (" + reason.label() + size + ")";
        }
    }

    /** Why an entry is left out of a backup. */
    public enum Reason {
        /** An ignored dependency tree, such as {@code node_modules} or a virtual environment: reinstall it instead. */
        DEPENDENCY_TREE("ignored dependency tree"),
        /** Ignored, and over what {@code backup_ignored_max} leaves. */
        OVER_IGNORED_MAX("ignored, over backup_ignored_max");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
