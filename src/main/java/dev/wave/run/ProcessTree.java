package dev.wave.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts commands in a process group of their own and kills whole trees, so that a task's
 * background children cannot outlive a timeout or a cancel. Thread-safe; utility class.
 */
final class ProcessTree {
    private static final boolean HAS_SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
            || Files.isExecutable(Path.of("/bin/setsid"));

    private ProcessTree() {}

    /**
     * The command line that runs {@code command} as {@code sh -c} would, as a new session when the
     * system allows. A simple command (words of plain characters, no quoting, expansion, redirection,
     * assignment or shell builtin) whose program is an executable on {@code PATH} is started directly,
     * as make does: the result is the same, one process start cheaper.
     *
     * @param path the {@code PATH} the command runs with
     */
    static List<String> shellCommand(String command, String path) {
        List<String> line = new ArrayList<>(4);
        if (HAS_SETSID) {
            line.add("setsid");
        }
        List<String> words = SimpleCommand.words(command, path);
        if (words.isEmpty()) {
            line.add("sh");
            line.add("-c");
            line.add(command);
        } else {
            line.addAll(words);
        }
        return line;
    }

    /**
     * Kills the process, its descendants and, when it leads its own process group, every process left
     * in that group (children that daemonised themselves away from the tree). Waits until the root is gone.
     */
    static void kill(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        if (HAS_SETSID) {
            killGroup(process.pid());
        }
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
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
            // No kill command: the descendants killed one by one are the best we can do.
        }
    }

    /**
     * Waits (at most 5 s) for a killed process to end, even when interrupted: a cancel is what
     * brought us here, and the process must be gone before we report it. The interrupt is kept.
     */
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
