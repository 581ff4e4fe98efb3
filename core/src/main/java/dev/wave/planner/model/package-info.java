/**
 * The model planner: asks a language model for the plan, as JSON against wave's plan schema.
 *
 * <p>{@link dev.wave.planner.Planner#model} plans with a
 * {@link dev.wave.planner.model.ModelClient}: the
 * Anthropic Messages API, any OpenAI-compatible chat completions endpoint (Ollama, vLLM, LM Studio,
 * OpenAI), or the Claude Code CLI in print mode, over the JDK's HTTP client or the CLI, with no
 * vendor SDK. Invalid replies are sent back with the error and asked again a bounded number of
 * times. No API key is ever put in an error, a log or a process's arguments.
 */
package dev.wave.planner.model;
