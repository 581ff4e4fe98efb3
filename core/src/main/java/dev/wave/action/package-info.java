/**
 * Built-in file actions: find, delete, replace, rename, move and remove-empty-dirs, run in-process
 * on the repository, safely (no symbolic link followed, nothing outside the repository, nothing in
 * {@code .git}, binary files left alone, atomic writes, every change made inside a directory held
 * open so that swapping a directory for a link mid-action changes nothing outside). The entry point is
 * {@link dev.wave.action.BuiltinActions}, a {@link dev.wave.run.TaskExecutor}.
 */
package dev.wave.action;
