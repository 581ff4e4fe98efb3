package dev.wave.agent;

import dev.wave.request.SandboxMode;
import dev.wave.sandbox.Sandbox;
import dev.wave.sandbox.SandboxPolicy;
import dev.wave.sandbox.TaskProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts the command through a {@link Sandbox} whose policy is off: a process group of its own. */
enum DirectLauncher implements AgentLauncher {
    INSTANCE;

    private static final File NULL_FILE = new File("/dev/null");
    private static final Sandbox SANDBOX = Sandbox.of(new SandboxPolicy(SandboxMode.OFF, true));

    @Override
    public TaskProcess start(List<String> command, Path workDirectory, Map<String, String> environment)
            throws IOException {
        requireExecutable(command.get(0), workDirectory, environment.getOrDefault("PATH", ""));
        ProcessBuilder builder = new ProcessBuilder().directory(workDirectory.toFile()).redirectErrorStream(true);
        if (NULL_FILE.exists()) {
            builder.redirectInput(NULL_FILE);
        }
        builder.environment().clear();
        builder.environment().putAll(environment);
        return SANDBOX.start(builder, command, environment.getOrDefault("WAVE_TASK_ID", "agent"), true);
    }

    /** Fails as ProcessBuilder would without {@code setsid} in front, which would start and exit 127 instead. */
    private static void requireExecutable(String program, Path workDirectory, String path) throws IOException {
        if (program.contains("/")) {
            if (!Files.isExecutable(workDirectory.resolve(program))) {
                throw new IOException("no executable " + program);
            }
            return;
        }
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return;
            }
        }
        throw new IOException(program + " is not on PATH");
    }
}
