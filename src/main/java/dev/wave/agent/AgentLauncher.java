package dev.wave.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts an agent CLI (or a task's check) as a process. The process must read nothing (standard
 * input from {@code /dev/null}), write standard error into standard output, and lead a process group
 * of its own where the system allows, so that {@link AgentExecutor} can kill everything it started.
 * The sandbox plugs in here: a launcher that wraps the command in bubblewrap.
 */
@FunctionalInterface
public interface AgentLauncher {
    /**
     * @param command the command line, its program first
     * @param workDirectory where it runs: the task's worktree
     * @param environment the whole environment of the process
     */
    Process start(List<String> command, Path workDirectory, Map<String, String> environment) throws IOException;

    /** A plain {@link ProcessBuilder}, in a new session through {@code setsid} when it is installed. */
    static AgentLauncher direct() {
        return DirectLauncher.INSTANCE;
    }
}
