package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How one attempt of a task ended.
 *
 * @param exitCode the process exit code; empty for in-process work or a killed process
 * @param succeeded whether the attempt did what it should
 * @param summary one line on what happened (the last line of output, or the reason it failed)
 * @param filesChanged repository-relative paths the attempt created, modified or deleted, when known
 * @param usage what the attempt's model work cost; {@link Usage#NONE} for shell and built-in tasks
 * @param rateLimited whether the attempt failed because its provider refused it for a rate limit (HTTP 429)
 * @param failedCheck when the attempt did its work but its check ({@code verify:} or the project's
 *     tests) failed: what the check said, for a fix wave; empty otherwise
 */
public record ExecutionResult(Optional<Integer> exitCode, boolean succeeded, String summary, List<String> filesChanged,
        Usage usage, boolean rateLimited, Optional<String> failedCheck) {
    public ExecutionResult {
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(summary, "summary is null");
        filesChanged = List.copyOf(filesChanged);
        requireNonNull(usage, "usage is null");
        requireNonNull(failedCheck, "failedCheck is null");
        if (succeeded && failedCheck.isPresent()) {
            throw new IllegalArgumentException("an attempt whose check failed did not succeed: " + summary);
        }
    }

    /** A result with no model usage, no rate limit and no failed check. */
    public ExecutionResult(Optional<Integer> exitCode, boolean succeeded, String summary, List<String> filesChanged) {
        this(exitCode, succeeded, summary, filesChanged, Usage.NONE, false, Optional.empty());
    }

    public static ExecutionResult exited(int exitCode, String summary) {
        return new ExecutionResult(Optional.of(exitCode), exitCode == 0, summary, List.of());
    }

    public static ExecutionResult failed(String summary) {
        return new ExecutionResult(Optional.empty(), false, summary, List.of());
    }

    public static ExecutionResult succeeded(String summary, List<String> filesChanged) {
        return new ExecutionResult(Optional.empty(), true, summary, filesChanged);
    }

    public ExecutionResult withUsage(Usage usage) {
        return new ExecutionResult(exitCode, succeeded, summary, filesChanged, usage, rateLimited, failedCheck);
    }

    public ExecutionResult withRateLimited(boolean rateLimited) {
        return new ExecutionResult(exitCode, succeeded, summary, filesChanged, usage, rateLimited, failedCheck);
    }

    /** The attempt did its work but its check failed, saying {@code output}. */
    public ExecutionResult withFailedCheck(String output) {
        return new ExecutionResult(exitCode, succeeded, summary, filesChanged, usage, rateLimited,
                Optional.of(requireNonNull(output, "output is null")));
    }
}
