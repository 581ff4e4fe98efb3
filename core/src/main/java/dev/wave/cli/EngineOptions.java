package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.engine.Engine;
import dev.wave.engine.EngineProvider;
import dev.wave.engine.Engines;
import dev.wave.engine.Orchestrator;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --engine NAME} and the options of the Temporal engine (a picocli mixin of {@code wave run}
 * and {@code wave worker}). The engine comes from its module on the class path; without the module,
 * {@code --engine temporal} is a one-line error saying how to get it.
 */
final class EngineOptions {
    @Option(names = "--engine", paramLabel = "NAME", defaultValue = Engine.LOCAL,
            description = "Where tasks run: local (default: threads of this process) or temporal (a Temporal server and "
                    + "'wave worker' processes on any machine; needs the wave-temporal module, see README.md).")
    String engine;

    @Option(names = "--temporal-target", paramLabel = "HOST:PORT",
            description = "With --engine temporal: the Temporal frontend (default 127.0.0.1:7233).")
    String target;

    @Option(names = "--namespace", paramLabel = "N", description = "With --engine temporal: the namespace (default: default).")
    String namespace;

    @Option(names = "--task-queue", paramLabel = "Q",
            description = "With --engine temporal: the task queue the workers poll (default: wave).")
    String taskQueue;

    /** {@code orchestrator} running its tasks on the chosen engine. */
    Orchestrator apply(Orchestrator orchestrator) {
        if (engine.equals(Engine.LOCAL)) {
            refuseTemporalOptions("the local engine");
            return orchestrator;
        }
        return orchestrator.withEngine(provider().engine(settings()));
    }

    /** The chosen engine's provider; the local engine has none. */
    EngineProvider provider() {
        EngineProvider provider = Engines.require(engine, "--engine");
        if (!provider.name().equals("temporal")) {
            refuseTemporalOptions("--engine " + engine);
        }
        return provider;
    }

    boolean isLocal() {
        return engine.equals(Engine.LOCAL);
    }

    /** The engine's settings by key, only those given. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        if (target != null) {
            settings.put("target", target);
        }
        if (namespace != null) {
            settings.put("namespace", namespace);
        }
        if (taskQueue != null) {
            settings.put("task_queue", taskQueue);
        }
        return settings;
    }

    private void refuseTemporalOptions(String what) {
        String given = target != null ? "--temporal-target" : namespace != null ? "--namespace"
                : taskQueue != null ? "--task-queue" : null;
        if (given != null) {
            throw WaveException.invalidInput("%s is an option of the Temporal engine, and %s does not take it. Add "
                    + "--engine temporal, or drop %s.", given, what, given);
        }
    }
}
