package dev.wave.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One watchdog process per JVM for tasks run without bubblewrap: it outlives wave, and when wave ends
 * in any way (kill -9 included) it kills every process still marked with one of wave's runs. It learns
 * the runs through a pipe from wave, and that pipe's end (EOF when wave is gone, however it died) is
 * its signal. Best effort: when it cannot start, the runs are only swept by wave itself. Thread-safe.
 */
final class Reaper {
    /**
     * Reads run labels, one a line, until EOF; then kills (SIGKILL) every process whose environment
     * holds {@code WAVE_RUN_TASK=<label>/...}, scanning again until none is left (at most 20 rounds).
     */
    private static final String SCRIPT = "patterns=''\n"
            + "while IFS= read -r run; do patterns=\"$patterns -e ^" + Sandbox.MARKER + "=$run/\"; done\n"
            + "[ -n \"$patterns\" ] || exit 0\n"
            + "i=0\n"
            + "while [ $i -lt 20 ]; do\n"
            + "  pids=$(grep -lsz $patterns /proc/[0-9]*/environ | sed -n 's#^/proc/\\([0-9]*\\)/environ$#\\1#p')\n"
            + "  [ -n \"$pids\" ] || exit 0\n"
            + "  kill -KILL $pids 2>/dev/null\n"
            + "  i=$((i + 1))\n"
            + "done\n";

    private static final Object LOCK = new Object();
    private static OutputStream pipe; // guarded by LOCK; null until started
    private static boolean failed; // guarded by LOCK
    private static final Set<String> WATCHED = new HashSet<>(); // guarded by LOCK

    private Reaper() {}

    /** Makes the watchdog kill {@code run}'s marked processes when this JVM ends. Starts it on first use. */
    static void watch(String run) {
        synchronized (LOCK) {
            if (failed || WATCHED.contains(run)) {
                return;
            }
            try {
                if (pipe == null) {
                    pipe = start();
                }
                // A label is letters, digits, '.', '_' and '-': escape the dot for grep.
                pipe.write((run.replace(".", "\\.") + "\n").getBytes(StandardCharsets.UTF_8));
                pipe.flush();
                WATCHED.add(run);
            } catch (IOException e) {
                failed = true;
            }
        }
    }

    private static OutputStream start() throws IOException {
        List<String> line = Bubblewrap.onPath("setsid", "/usr/bin:/bin").isPresent()
                ? List.of("setsid", "sh", "-c", SCRIPT) : List.of("sh", "-c", SCRIPT);
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        // When wave itself runs as a task of another wave, that run's sweep kills this JVM, not its watchdog.
        builder.environment().remove(Sandbox.MARKER);
        Process process = builder.start();
        return process.getOutputStream();
    }
}
