/**
 * What a run records: the journal in SQLite ({@link dev.wave.journal.RunStore},
 * {@link dev.wave.journal.RunJournal}, read back as {@link dev.wave.journal.RunState}), the run
 * directory ({@link dev.wave.journal.RunDirectory}), checkpoints ({@link dev.wave.journal.Checkpoint})
 * and {@code orchestrator.log} ({@link dev.wave.journal.Journal}).
 */
package dev.wave.journal;
