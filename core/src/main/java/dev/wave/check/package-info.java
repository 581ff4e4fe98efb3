/**
 * Checks that blame only the run: the project's test command runs once before any change (the
 * baseline, in Wave 0) and once after the tasks, and the run fails only on failures it introduced.
 * Results are read per test from JUnit XML reports (Maven surefire, Gradle, pytest's
 * {@code --junitxml}, which wave asks for itself) or, failing that, from the runner's summary line
 * (pytest, Maven, cargo, Jest, Vitest, Mocha, Node's test runner or TAP, ESLint), whose counts are compared. A check that cannot run at all is
 * reported before any task runs, never blamed on the run.
 *
 * <p>The entry point is {@link dev.wave.check.Checks}; {@link dev.wave.check.RunCheck} is the run's
 * narrow integration (a baseline after the backup, a comparison before the final commit).
 */
package dev.wave.check;
