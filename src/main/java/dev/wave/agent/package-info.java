/**
 * Headless coding agents: how to start each agent CLI, how to read what it streams, and how to judge
 * its attempt on evidence.
 *
 * <p>The entry point is {@link dev.wave.agent.AgentCli}: {@code AgentCli.named("claude")} gives the
 * command line for an {@link dev.wave.agent.AgentInvocation} and a fresh
 * {@link dev.wave.agent.AgentStream} that turns the agent's output, line by line, into live
 * {@link dev.wave.agent.AgentProgress} and, at the end, an {@link dev.wave.agent.AgentReport}.
 * {@link dev.wave.agent.Evidence} decides whether an attempt succeeded: never on an exit code alone.
 * {@link dev.wave.agent.Secrets} keeps API keys out of anything wave writes.
 *
 * <p>Nothing here starts a process or touches git; the run's executor does both and hands the facts
 * to {@code Evidence}.
 */
package dev.wave.agent;
