package dev.wave.run;

/**
 * Where a run's events are made durable, in order: the journal. {@link #append} is called under the
 * runner's lock in the order things happened and must only queue; {@link #sync} returns once everything
 * appended before the call is durable (also when another thread's sync wrote it). The runner syncs before it
 * carries out the commands that depend on the events (see {@link CommitGate}), possibly from another thread.
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
