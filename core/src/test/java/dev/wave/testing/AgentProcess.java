package dev.wave.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wave.agent.AgentStream;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One agent CLI run for a test, real or fake: its output (standard error merged in) fed line by line
 * to wave's stream reader, the tools the reader saw it use, and its exit code. The process gets no
 * standard input and is killed with its descendants if it has not ended 30 s after its output closed.
 *
 * @param exitCode the process's exit code
 * @param tools the reader's current tool after each line, when it had one
 * @param output everything it printed
 */
public record AgentProcess(int exitCode, List<String> tools, String output) {
    public AgentProcess {
        tools = List.copyOf(tools);
    }

    public static AgentProcess run(List<String> command, Path workDirectory, Consumer<Map<String, String>> environment,
            AgentStream stream) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        environment.accept(builder.environment());
        Process process = builder.start();
        List<String> tools = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                stream.accept(line);
                stream.progress().currentTool().ifPresent(tools::add);
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
        return new AgentProcess(process.waitFor(), tools, output.toString());
    }

    /** The fake Anthropic key the real Claude Code tests give: only the loopback fake ever sees it. */
    public static final String CLAUDE_KEY = "sk-ant-fake-key-for-the-loopback-fake-000000";

    /**
     * Points Claude Code at {@code anthropicUrl} with {@link #CLAUDE_KEY}, {@code home} as its home,
     * no update check and no non-essential traffic, and no token of the user's.
     */
    public static void pointClaudeAt(Map<String, String> environment, URI anthropicUrl, Path home) {
        environment.remove("ANTHROPIC_AUTH_TOKEN");
        environment.put("HOME", home.toString());
        environment.put("ANTHROPIC_BASE_URL", anthropicUrl.toString());
        environment.put("ANTHROPIC_API_KEY", CLAUDE_KEY);
        environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        environment.put("DISABLE_AUTOUPDATER", "1");
    }

    /**
     * The real CLI to test: the path in {@code variable}, else {@code name} on PATH, when its
     * {@code --version} says {@code marker}; otherwise the test is skipped with {@code install} as the hint.
     */
    public static String installed(String variable, String name, String marker, String install) throws InterruptedException {
        String named = System.getenv(variable);
        String candidate = named != null && !named.isBlank() ? named : name;
        try {
            Process version = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(20, TimeUnit.SECONDS);
            assumeTrue(text.contains(marker), "not " + marker + ": " + candidate);
        } catch (IOException e) {
            assumeTrue(false, name + " is not installed (" + install + "; set " + variable + ")");
        }
        return candidate;
    }
}
