package dev.wave.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills an agent's whole process tree: its descendants and its process group. Utility class. */
final class AgentProcesses {
    static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));

    private AgentProcesses() {}

    /**
     * Kills the process, its descendants and, when it leads its own process group (started through
     * {@code setsid}), whatever is left in that group, even after the process itself has ended. Waits
     * (at most 5 s) for the process to end, even when interrupted; the interrupt is kept.
     */
    static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        if (HAS_SETSID) {
            killGroup(process.pid());
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            // Process.destroy closes its output stream too, losing what the reader has not read yet: only when needed
            process.toHandle().destroyForcibly();
        }
        awaitExit(process);
    }

    private static void killGroup(long groupId) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + groupId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            awaitExit(kill);
        } catch (IOException e) {
            // no kill command: the descendants killed one by one are the best we can do
        }
    }

    private static void awaitExit(Process process) {
        boolean interrupted = Thread.interrupted();
        while (true) {
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
