/**
 * Built-in file actions: find, delete, replace, rename, move and remove-empty-dirs, run in-process
 * on the repository, safely (no symbolic link followed, nothing outside the repository, nothing in
 * {@code .git}, binary files left alone, atomic writes). The entry point is
 * {@link dev.wave.action.BuiltinActions}, a {@link dev.wave.run.TaskExecutor}.
 */
package dev.wave.action;
