package dev.wave.engine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * An engine from an optional module, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.wave.engine.EngineProvider} entry in the module's jar). See {@link Engines}.
 */
public interface EngineProvider {
    /** The name {@code --engine} selects, such as {@code temporal}. */
    String name();

    /**
     * The engine for a run.
     *
     * @param settings the engine's options by key ({@code target}, {@code namespace}, {@code task_queue}); absent keys
     *     take the engine's defaults
     * @throws dev.wave.WaveException of kind INVALID_INPUT for a bad setting
     */
    Engine engine(Map<String, String> settings);

    /**
     * Runs a worker of this engine in {@code repository} until the thread is interrupted or the worker fails;
     * blocks.
     *
     * @param slots how many tasks the worker runs at once
     * @return the exit code
     * @throws dev.wave.WaveException of kind INVALID_INPUT for a bad setting, UNSAFE_STATE when the engine is unreachable
     */
    int worker(Map<String, String> settings, Path repository, int slots, PrintWriter out) throws InterruptedException;
}
