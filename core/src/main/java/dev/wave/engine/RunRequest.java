package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.run.RunOptions;
import dev.wave.schedule.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to run: a goal in plain English or a plan file, in a repository, with the options of the
 * request (by F2 key, as a user would type them; {@code agents} too) and how the run ends. Immutable.
 *
 * @param input the goal or the plan file
 * @param repository the repository, absolute
 * @param mode flow or waves
 * @param flags options by key ({@code agents}, {@code priority}, {@code on_failure}, ...); they beat
 *     the request text, the config file and the defaults
 * @param flagNames the flags' names as typed where they differ from their keys ({@code progress} for
 *     {@code progress_display}), by key, so messages name what the person typed
 * @param failFast cancel everything else at the first task that fails for good
 * @param commit end a successful run with the final commit
 * @param branch make the final commit on this new branch
 * @param retryBackoff the wait before a task's first retry; doubles on each retry
 */
public record RunRequest(Input input, Path repository, Mode mode, Map<String, String> flags,
        Map<String, String> flagNames, boolean failFast, boolean commit, Optional<String> branch, Duration retryBackoff) {
    public RunRequest {
        requireNonNull(input, "input is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(mode, "mode is null");
        flags = Map.copyOf(flags);
        flagNames = Map.copyOf(flagNames);
        requireNonNull(branch, "branch is null");
        requireNonNull(retryBackoff, "retryBackoff is null");
    }

    /** A goal in plain English, or a plan file. */
    public sealed interface Input permits Goal, PlanFile {}

    /** A goal in any request form, with its OPTIONS and PREFERENCES blocks. */
    public record Goal(String text) implements Input {
        public Goal {
            requireNonNull(text, "text is null");
        }
    }

    /** A plan file, YAML or JSON. */
    public record PlanFile(Path path) implements Input {
        public PlanFile {
            requireNonNull(path, "path is null");
        }
    }

    /** Runs {@code goal} in {@code repository} with the defaults: flow mode, the final commit, retries from 1s. */
    public static RunRequest goal(Path repository, String goal) {
        return new RunRequest(new Goal(goal), repository.toAbsolutePath().normalize(), Mode.FLOW, Map.of(), Map.of(),
                false, true, Optional.empty(), RunOptions.DEFAULT_RETRY_BACKOFF);
    }

    /** Runs the plan file {@code plan} in {@code repository} with the defaults. */
    public static RunRequest planFile(Path repository, Path plan) {
        return new RunRequest(new PlanFile(plan), repository.toAbsolutePath().normalize(), Mode.FLOW, Map.of(), Map.of(),
                false, true, Optional.empty(), RunOptions.DEFAULT_RETRY_BACKOFF);
    }

    public RunRequest withMode(Mode mode) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }

    /** Sets option {@code key} (an F2 key such as {@code on_failure}, or {@code agents}) as if given as a flag. */
    public RunRequest withFlag(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(flags);
        copy.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new RunRequest(input, repository, mode, copy, flagNames, failFast, commit, branch, retryBackoff);
    }

    public RunRequest withFlags(Map<String, String> flags) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }

    /** The flags' names as typed, by key (see {@link #flagNames()}). */
    public RunRequest withFlagNames(Map<String, String> flagNames) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }

    public RunRequest withFailFast(boolean failFast) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }

    public RunRequest withCommit(boolean commit) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }

    public RunRequest withBranch(Optional<String> branch) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }

    public RunRequest withRetryBackoff(Duration retryBackoff) {
        return new RunRequest(input, repository, mode, flags, flagNames, failFast, commit, branch, retryBackoff);
    }
}
