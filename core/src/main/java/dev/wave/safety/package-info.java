/**
 * The safety net: "you cannot accidentally lose work". {@link dev.wave.safety.SafetyNet} is the entry
 * point: one run per repository ({@link dev.wave.safety.RunLock}), the Wave 0
 * {@link dev.wave.safety.Backup} of the whole working tree under {@code refs/wave/backups/<run-id>},
 * critical tasks ({@link dev.wave.safety.CriticalOperations}) backed up before, verified after and
 * given rollback scripts, and the ending: the final commit ({@link dev.wave.safety.CommitResult}) or
 * an exact, verified rollback ({@link dev.wave.safety.RollbackResult}).
 */
package dev.wave.safety;
