package dev.wave.cli;

import dev.wave.engine.RunRequest;
import picocli.CommandLine.Option;

/** {@code --agent}: the coding agent CLI that runs prompt (agent) tasks; a mixin of {@code wave run} and {@code wave plan}. */
final class AgentOption {
    @Option(names = "--agent", paramLabel = "AGENT",
            description = "The coding agent CLI for prompt tasks that name none (agent): claude (default; Claude Code "
                    + "in print mode), codex (codex exec --json), aider, or a command template holding {prompt} or "
                    + "{prompt_file}, and optionally {workdir} and {model}, such as 'my-agent --task {prompt_file}'. "
                    + "A task's own agent: wins. Each task works in its own git worktree under .wave/worktrees/ "
                    + "(with --engine temporal: on a worker, which must have that CLI on its PATH).")
    String agent;

    /** The request with {@code --agent} as its {@code agent} flag, when it was given. */
    RunRequest applyTo(RunRequest request) {
        return Flags.with(request, "agent", agent);
    }
}
