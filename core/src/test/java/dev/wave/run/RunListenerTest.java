package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.schedule.TaskState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunListenerTest {
    @Test
    void bothPassesEveryCallToTheFirstThenTheSecond() {
        List<String> heard = new ArrayList<>();
        RunListener both = RunListener.both(named("first", heard), named("second", heard));

        both.taskRetrying("a", 1, Duration.ofSeconds(1), "boom");
        both.taskEnded(TaskRecord.notRun(0, "a", 1, TaskState.SKIPPED, "skipped"));

        assertThat(heard).containsExactly("first retrying a", "second retrying a", "first ended a", "second ended a");
    }

    private static RunListener named(String name, List<String> heard) {
        return new RunListener() {
            @Override
            public void taskRetrying(String id, int failedAttempt, Duration backoff, String reason) {
                heard.add(name + " retrying " + id);
            }

            @Override
            public void taskEnded(TaskRecord record) {
                heard.add(name + " ended " + record.id());
            }
        };
    }
}
