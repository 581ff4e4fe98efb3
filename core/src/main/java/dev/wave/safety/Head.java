package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What HEAD was: a branch (which may not exist yet, in a repository without commits) or a detached commit.
 *
 * @param branch the full ref HEAD points at, when HEAD is symbolic
 * @param commit the commit HEAD resolves to, when there is one
 */
record Head(Optional<String> branch, Optional<String> commit) {
    Head {
        requireNonNull(branch, "branch is null");
        requireNonNull(commit, "commit is null");
    }

    String describe() {
        String at = commit.map(sha -> sha.substring(0, Math.min(12, sha.length()))).orElse("no commit yet");
        if (branch.isPresent()) {
            String name = branch.get().startsWith("refs/heads/") ? branch.get().substring("refs/heads/".length()) : branch.get();
            return "branch " + name + " at " + at;
        }
        return "detached HEAD at " + at;
    }
}
