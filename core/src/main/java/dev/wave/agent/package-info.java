/**
 * Headless coding agents: how to start each agent CLI, how to read what it streams, and how to judge
 * its attempt on evidence.
 *
 * <p>The entry point is {@link dev.wave.agent.AgentCli}: {@code AgentCli.named("claude")} gives the
 * command line for an {@link dev.wave.agent.AgentInvocation} and a fresh
 * {@link dev.wave.agent.AgentStream} that turns the agent's output, line by line, into live
 * {@link dev.wave.agent.AgentProgress} and, at the end, an {@link dev.wave.agent.AgentReport}.
 * {@link dev.wave.agent.Evidence} decides whether an attempt succeeded: never on an exit code alone.
 * {@link dev.wave.agent.Secrets} keeps API keys out of an agent task's log and summary.
 *
 * <p>{@link dev.wave.agent.AgentExecutor} runs a {@code prompt:} task with one of these CLIs, each
 * attempt in a git worktree of its own (through an {@link dev.wave.agent.AgentLauncher}, killed with
 * its process tree on timeout or cancel), and judges it with {@code Evidence};
 * {@link dev.wave.agent.AgentIntegrator} merges a succeeded attempt back into the run's working tree,
 * one at a time. {@link dev.wave.agent.WorkingTreeSnapshot} commits the run's working tree, without
 * touching the user's index, HEAD or branches, for the attempts to start from.
 */
package dev.wave.agent;
