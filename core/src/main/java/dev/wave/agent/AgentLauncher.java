package dev.wave.agent;

import dev.wave.sandbox.TaskProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts an agent CLI (or a task's check) as a process. The process must read nothing (standard
 * input from {@code /dev/null}) and write standard error into standard output; the returned
 * {@link TaskProcess} is what {@link AgentExecutor} kills everything it started with.
 */
@FunctionalInterface
public interface AgentLauncher {
    /**
     * @param command the command line, its program first
     * @param workDirectory where it runs: the task's worktree
     * @param environment the whole environment of the process
     */
    TaskProcess start(List<String> command, Path workDirectory, Map<String, String> environment) throws IOException;

    /**
     * Through {@link dev.wave.sandbox.Sandbox} with the sandbox off (agent CLIs need the network and
     * their own configuration): a process group of its own, behind {@code setsid} when it is installed,
     * with the task's marker set so that its leftovers are found and killed.
     */
    static AgentLauncher direct() {
        return DirectLauncher.INSTANCE;
    }
}
