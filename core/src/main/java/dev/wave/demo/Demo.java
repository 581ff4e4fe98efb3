package dev.wave.demo;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * The sample repository {@link DemoRepository#create} made. Immutable.
 *
 * @param root its top level, absolute
 * @param branch the branch its one commit is on
 * @param commit that commit, abbreviated
 * @param sources the project's files, which a clean-up must leave alone (relative paths)
 * @param junk what a clean-up should remove: files, and directories ending in {@code /} that are empty
 * @param survivors more files a clean-up must leave alone: an ignored file, a symbolic link, a binary file
 */
public record Demo(Path root, String branch, String commit, List<String> sources, List<String> junk,
        List<String> survivors) {
    public Demo {
        requireNonNull(root, "root is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(commit, "commit is null");
        sources = List.copyOf(sources);
        junk = List.copyOf(junk);
        survivors = List.copyOf(survivors);
    }
}
