/**
 * A small wrapper over the git command line: {@link dev.wave.git.Git} opens the work tree around a
 * directory and runs {@link dev.wave.git.Command}s in it, returning {@link dev.wave.git.Result}s.
 * wave needs nothing from git that its command line does not offer (plumbing such as
 * {@code write-tree}, {@code commit-tree}, {@code update-ref}, {@code cat-file --batch}), and the
 * command line is what users have, so there is no Java git library.
 */
package dev.wave.git;
