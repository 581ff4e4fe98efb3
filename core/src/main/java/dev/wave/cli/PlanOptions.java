package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options that say which plan to run and how wide. */
final class PlanOptions {
    static final int DEFAULT_MAX_AGENTS = 100;
    static final int MAX_AGENTS = 1000;

    @Option(names = "--plan", paramLabel = "FILE", required = true,
            description = "The plan file, YAML or JSON (see README.md, \"Plan files\").")
    Path plan;

    @Option(names = "--agents", paramLabel = "N",
            description = "Run at most N tasks at once (1-" + MAX_AGENTS + "). Default: the plan's peak parallel width, at most "
                    + DEFAULT_MAX_AGENTS + ".")
    Integer agents;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "flow",
            description = "flow (default): a task starts as soon as its dependencies succeed, longest path first; "
                    + "waves: strict barriers between waves.")
    String mode;

    Plan load() {
        return PlanLoader.load(plan);
    }

    Mode mode() {
        return mode(mode);
    }

    /** Parses {@code --mode}, for every command that takes it. */
    static Mode mode(String mode) {
        return switch (mode) {
            case "flow" -> Mode.FLOW;
            case "waves" -> Mode.WAVES;
            default -> throw WaveException.invalidInput("--mode must be flow or waves, got \"%s\". Omit it for the "
                    + "default (flow).", mode);
        };
    }

    /** The agent count, and why. */
    Agents agents(Waves waves) {
        if (agents != null) {
            if (agents < 1 || agents > MAX_AGENTS) {
                throw WaveException.invalidInput("--agents must be between 1 and %d, got %d. Omit it to let wave choose.",
                        MAX_AGENTS, agents);
            }
            return new Agents(agents, "--agents");
        }
        int width = waves.peakWidth();
        if (width > DEFAULT_MAX_AGENTS) {
            return new Agents(DEFAULT_MAX_AGENTS, "the plan's peak parallel width " + width + ", capped at " + DEFAULT_MAX_AGENTS);
        }
        return new Agents(width, "the plan's peak parallel width");
    }

    record Agents(int count, String reason) {}
}
