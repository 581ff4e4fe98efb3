package dev.wave.cli;

import static java.util.Objects.requireNonNull;

import dev.wave.run.FailureHandler;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code on_failure: pause}: asks on the terminal what to do with a task that failed for good. While it
 * asks, {@link #asking} is set so the live dashboard does not draw over the question.
 */
final class PausePrompt implements FailureHandler {
    private final Answers answers;
    private final PrintWriter out;
    private final AtomicBoolean asking;

    PausePrompt(Answers answers, PrintWriter out, AtomicBoolean asking) {
        this.answers = requireNonNull(answers, "answers is null");
        this.out = requireNonNull(out, "out is null");
        this.asking = requireNonNull(asking, "asking is null");
    }

    @Override
    public synchronized Resolution taskFailed(String taskId, int attempts, String failure) {
        asking.set(true);
        try {
            out.printf("%nTask \"%s\" failed after %d attempt%s: %s%n", taskId, attempts, attempts == 1 ? "" : "s", failure);
            while (true) {
                Optional<String> answer = answers.ask(out,
                        "[r]etry it, [s]kip it (its dependents are skipped), or [a]bort (stop and roll back)? ");
                if (answer.isEmpty()) {
                    return new Resolution(Choice.ABORT, "on_failure: pause, no answer (end of input): stop the run");
                }
                switch (answer.get()) {
                    case "r", "retry" -> {
                        return new Resolution(Choice.RETRY, "on_failure: pause, answered retry");
                    }
                    case "s", "skip" -> {
                        return new Resolution(Choice.SKIP, "on_failure: pause, answered skip: skip its dependents, go on");
                    }
                    case "a", "abort" -> {
                        return new Resolution(Choice.ABORT, "on_failure: pause, answered abort: stop the run");
                    }
                    default -> out.println("Answer r, s or a.");
                }
            }
        } finally {
            asking.set(false);
        }
    }
}
