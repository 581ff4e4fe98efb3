package dev.wave.testing;

import dev.wave.agent.AgentCli;
import dev.wave.agent.AgentInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fake {@code claude}, {@code codex} and {@code aider} executables (POSIX sh, from
 * {@code src/test/resources/fake-agents}) that edit files in their work directory and print the real
 * CLIs' output: Claude Code's stream-json lines, codex 0.169's {@code exec --json} events, aider's
 * plain text. What they do is set by {@link Script} in {@code WAVE_FAKE_AGENT_SCRIPT}; the files they
 * edit by {@code WAVE_FAKE_AGENT_FILES} (space-separated, relative to the work directory; by default
 * {@code agent-NAME.txt}), each getting the prompt's first line appended. With
 * {@code WAVE_FAKE_AGENT_ARGS_FILE} they write their command line there, one argument a line; with
 * {@code WAVE_FAKE_AGENT_PID_FILE} a slow one writes the pid of its background child there.
 *
 * <p>Start them by absolute path ({@link #executable}, {@link #command}): Java looks a bare program
 * name up on its own PATH, not on the child's.
 */
public record FakeAgents(Path directory) {
    private static final List<String> FILES = List.of("claude", "codex", "aider", "fake-agent-lib.sh");

    /** What a fake agent does, by the value of {@code WAVE_FAKE_AGENT_SCRIPT}. */
    public enum Script {
        /** Edits its files and reports success. */
        SUCCESS("success"),
        /** Edits its files and reports success, with a permission denial (claude: a refused Bash; codex: a
         * write the sandbox stopped; aider: refuses the edits instead). */
        DENIED("denied"),
        /** Edits its files and exits 0 without the result line (aider: edits nothing and says nothing). */
        NO_RESULT("no-result"),
        /** Edits its files, then dies by SIGKILL mid-stream (exit 137). */
        CRASH("crash"),
        /** Prints its first line, starts a background {@code sleep 300} and waits for it. */
        SLOW("slow"),
        /** Edits its files and streams its turns (with their usage), then hangs as {@link #SLOW} does before the
         * result: an agent mid-task, having spent something. */
        STUCK("stuck");

        private final String value;

        Script(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        /** The environment that selects this script, and the files to edit. */
        public Map<String, String> environment(String... files) {
            return files.length == 0 ? Map.of("WAVE_FAKE_AGENT_SCRIPT", value)
                    : Map.of("WAVE_FAKE_AGENT_SCRIPT", value, "WAVE_FAKE_AGENT_FILES", String.join(" ", files));
        }
    }

    /** Writes the three fakes and their shared library into {@code directory} (created if needed). */
    public static FakeAgents install(Path directory) {
        try {
            Files.createDirectories(directory);
            for (String name : FILES) {
                try (InputStream in = FakeAgents.class.getResourceAsStream("/fake-agents/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("missing test resource fake-agents/" + name);
                    }
                    Path target = directory.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeAgents(directory);
    }

    /** The fake for {@code claude}, {@code codex} or {@code aider}, by absolute path. */
    public Path executable(String agent) {
        if (!AgentCli.NAMES.contains(agent)) {
            throw new IllegalArgumentException("no fake for agent " + agent);
        }
        return directory.resolve(agent).toAbsolutePath();
    }

    /** Wave's own command line for {@code agent} ({@link AgentCli#named}), run by the fake. */
    public List<String> command(String agent, AgentInvocation invocation) {
        List<String> command = new ArrayList<>(AgentCli.named(agent).command(invocation));
        command.set(0, executable(agent).toString());
        return List.copyOf(command);
    }
}
