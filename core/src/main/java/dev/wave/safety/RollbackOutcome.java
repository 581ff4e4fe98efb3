package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * How a rollback ended, with its evidence: {@link Verified} when everything it restores was compared with
 * the backup and found equal, {@link NotVerified} with every difference otherwise. Immutable.
 */
public sealed interface RollbackOutcome permits RollbackOutcome.Verified, RollbackOutcome.NotVerified {
    /** Whether everything the rollback restores equals the backup. */
    boolean verified();

    /**
     * Everything equal to the backup.
     *
     * @param pathsCompared directories, files and links compared on disk
     * @param refsCompared refs compared (HEAD not counted)
     */
    record Verified(int pathsCompared, int refsCompared) implements RollbackOutcome {
        @Override
        public boolean verified() {
            return true;
        }
    }

    /**
     * Something differs from the backup; the repository is not as it was.
     *
     * @param differences every difference, path by path
     */
    record NotVerified(List<Difference> differences) implements RollbackOutcome {
        public NotVerified {
            differences = List.copyOf(differences);
            if (differences.isEmpty()) {
                throw new IllegalArgumentException("a rollback that was not verified has at least one difference");
            }
        }

        @Override
        public boolean verified() {
            return false;
        }
    }

    /**
     * One place where the repository differs from the backup after a rollback.
     *
     * @param part what was compared: {@code working tree}, {@code index}, {@code HEAD}, {@code refs} or {@code stash}
     * @param path the path or ref that differs
     * @param expected what the backup holds ("nothing" when it holds nothing there)
     * @param actual what is there now
     */
    record Difference(String part, String path, String expected, String actual) {
        public Difference {
            requireNonNull(part, "part is null");
            requireNonNull(path, "path is null");
            requireNonNull(expected, "expected is null");
            requireNonNull(actual, "actual is null");
        }

        public String describe() {
            return part + " " + path + ": the backup has " + expected + ", found " + actual;
        }
    }
}
