package dev.wave.temporal;

import dev.wave.WaveException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/** A client of a Temporal service: the real frontend of {@link TemporalSettings}, or a test environment's. */
interface Connection extends AutoCloseable {
    WorkflowClient client();

    @Override
    void close();

    /**
     * Connects to {@code settings.target()} and checks that the server answers.
     *
     * @throws WaveException of kind UNSAFE_STATE when it does not
     */
    static Connection open(TemporalSettings settings) {
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(settings.target()).build());
        try {
            service.healthCheck();
        } catch (RuntimeException e) {
            service.shutdownNow();
            throw WaveException.unsafeState("cannot reach a Temporal server at %s (%s). Start one ('temporal server "
                    + "start-dev', see README.md) or fix --temporal-target.", settings.target(), e.getMessage());
        }
        WorkflowClient client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder()
                .setNamespace(settings.namespace()).build());
        return new Connection() {
            @Override
            public WorkflowClient client() {
                return client;
            }

            @Override
            public void close() {
                service.shutdown();
                service.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        };
    }

    /** A connection whose client someone else owns and closes (a test environment's). */
    static Connection of(WorkflowClient client) {
        return new Connection() {
            @Override
            public WorkflowClient client() {
                return client;
            }

            @Override
            public void close() {}
        };
    }

}
