package dev.wave.temporal;

import dev.wave.engine.Engine;
import dev.wave.engine.EngineProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** {@code --engine temporal}: found by {@link java.util.ServiceLoader} when this module is on the class path. */
public final class TemporalEngineProvider implements EngineProvider {
    @Override
    public String name() {
        return "temporal";
    }

    /** Checks that the server answers before anything changes: an unreachable server is a one-line error. */
    @Override
    public Engine engine(Map<String, String> settings) {
        TemporalSettings parsed = TemporalSettings.of(settings);
        Connection.open(parsed).close();
        return new TemporalEngine(parsed, () -> Connection.open(parsed));
    }

    @Override
    public int worker(Map<String, String> settings, Path repository, int slots, PrintWriter out)
            throws InterruptedException {
        return TemporalWorker.runUntilStopped(TemporalSettings.of(settings), repository, slots, out);
    }
}
