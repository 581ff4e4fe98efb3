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
 */
public record ExecutionResult(Optional<Integer> exitCode, boolean succeeded, String summary, List<String> filesChanged) {
    public ExecutionResult {
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(summary, "summary is null");
        filesChanged = List.copyOf(filesChanged);
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
}
