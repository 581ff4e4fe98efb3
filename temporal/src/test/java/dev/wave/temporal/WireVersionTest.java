package dev.wave.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.wave.run.TaskExecutor;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker and a run of different wave versions: a request of a version the worker does not know is read (its new
 * fields left aside) and refused in one line that says to update the worker, not failed on as unreadable.
 */
@Timeout(60)
final class WireVersionTest {
    @TempDir
    Path directory;

    /** A request as a newer wave would send it: a version past this one's, and a field this one does not know. */
    private static Map<String, Object> newerRequest() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("runId", "run-1");
        request.put("taskJson", "{}");
        request.put("attempt", 1);
        request.put("baseCommit", "0123456789abcdef0123456789abcdef01234567");
        request.put("dependencyPatches", List.of());
        request.put("version", Wire.VERSION + 1);
        request.put("agent", "claude");
        request.put("dependencyCheckpoints", Map.of());
        request.put("somethingNewer", "a field this version does not know");
        return request;
    }

    @Test
    void aNewerRequest_withAFieldThisVersionDoesNotKnow_isReadWithItsVersion() {
        DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;

        TaskActivities.Request read = converter.fromPayload(converter.toPayload(newerRequest()).orElseThrow(),
                TaskActivities.Request.class, TaskActivities.Request.class);

        assertThat(read.version()).isEqualTo(Wire.VERSION + 1);
        assertThat(read.runId()).isEqualTo("run-1");
    }

    @Test
    void aWorker_refusesARequestOfANewerVersion_sayingToUpdateIt() {
        TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
        ExecutorService attempts = Executors.newSingleThreadExecutor();
        try {
            environment.registerActivitiesImplementations(new WorkerTasks(directory.resolve("clone"),
                    directory.resolve("scratch"), TaskExecutor.refusing("no task runs in this test"), Map.of(), attempts,
                    Duration.ofSeconds(1), line -> { }));
            TaskActivities activities = environment.newActivityStub(TaskActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
            TaskActivities.Request request = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                    DefaultDataConverter.STANDARD_INSTANCE.toPayload(newerRequest()).orElseThrow(),
                    TaskActivities.Request.class, TaskActivities.Request.class);

            Throwable thrown = catchThrowable(() -> activities.runAttempt(request));

            assertThat(thrown).isInstanceOf(ActivityFailure.class);
            assertThat(thrown.getCause()).isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                assertThat(failure.getType()).isEqualTo("WireVersion");
                assertThat(failure.getOriginalMessage()).contains("up to version " + Wire.VERSION)
                        .contains("sent version " + (Wire.VERSION + 1)).contains("update wave on the worker");
            });
        } finally {
            environment.close();
            attempts.shutdownNow();
        }
    }
}
