package dev.wave.request;

import java.util.Locale;

/** Which planner turns a goal into a plan (planner). */
public enum PlannerKind implements Choice {
    /**
     * The default: the heuristic planner when a built-in pattern plans the goal with no agent, else the
     * model whose key is in the environment, else the Claude Code CLI on PATH, else the heuristic planner.
     */
    AUTO,
    /** The offline planner: trigger words and a repository scan; never the network. */
    HEURISTIC,
    /** The Anthropic Messages API, with ANTHROPIC_API_KEY. */
    ANTHROPIC,
    /** An OpenAI-compatible chat completions endpoint (OpenAI, Ollama, vLLM, LM Studio). */
    OPENAI,
    /** The Claude Code CLI in print mode ({@code claude -p}), with its own login. */
    CLAUDE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
