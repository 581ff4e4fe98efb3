package dev.wave.run;

/**
 * Where a run's events are made durable, in order: the journal. {@link #append} is called under the
 * runner's lock in the order things happened and must only queue; {@link #sync} is called before the
 * commands those events cause are carried out and returns once everything appended is durable.
 * Implementations must be thread-safe.
 */
public interface EventLog {
    void append(RunEvent event);

    /**
     * Makes every appended event durable.
     *
     * @throws JournalFailure when that is impossible; the run then stops safely
     */
    void sync();

    /** Keeps nothing. */
    static EventLog none() {
        return None.INSTANCE;
    }

    /** An event log that keeps nothing. */
    enum None implements EventLog {
        INSTANCE;

        @Override
        public void append(RunEvent event) {}

        @Override
        public void sync() {}
    }

    /** The journal could not be written: the run cannot go on safely. */
    final class JournalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public JournalFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
