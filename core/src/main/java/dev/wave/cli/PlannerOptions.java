package dev.wave.cli;

import dev.wave.engine.RunRequest;
import picocli.CommandLine.Option;

/**
 * The options that choose the planner of a goal, for {@code wave plan} and {@code wave run}: each
 * sets its F2-style key ({@code planner}, {@code planner_model}, {@code planner_base_url}) as a flag,
 * beating the request text and {@code .wave/config.yaml}.
 */
final class PlannerOptions {
    @Option(names = "--planner", paramLabel = "PLANNER",
            description = "Who turns a goal into a plan: auto (default), heuristic, anthropic, openai or claude "
                    + "(planner). auto keeps the offline heuristic planner when a built-in pattern plans the goal "
                    + "(cleanup, find and replace of exact texts, rename, import update, test run), else asks a model: "
                    + "ANTHROPIC_API_KEY set: the Anthropic API; OPENAI_API_KEY or OPENAI_BASE_URL set: an "
                    + "OpenAI-compatible endpoint (OpenAI, Ollama, vLLM, LM Studio); claude on PATH: Claude Code "
                    + "(claude -p); else the heuristic planner. The analysis says which planned and why.")
    String planner;

    @Option(names = "--planner-model", paramLabel = "MODEL",
            description = "The model the planner asks (planner_model). Default: claude-sonnet-4-5 (anthropic), "
                    + "gpt-4o (openai); a local server needs its own, such as llama3.1.")
    String model;

    @Option(names = "--planner-base-url", paramLabel = "URL",
            description = "Where the model planner sends its requests, and the API key with them (planner_base_url). "
                    + "Default: ANTHROPIC_BASE_URL or OPENAI_BASE_URL, else the provider's API.")
    String baseUrl;

    /** {@code request} with the planner flags that were given. */
    RunRequest apply(RunRequest request) {
        return Flags.with(Flags.with(Flags.with(request, "planner", planner), "planner_model", model),
                "planner_base_url", baseUrl);
    }
}
