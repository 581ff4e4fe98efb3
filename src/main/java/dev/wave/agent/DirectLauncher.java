package dev.wave.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the command with {@link ProcessBuilder}, behind {@code setsid} when present. */
enum DirectLauncher implements AgentLauncher {
    INSTANCE;

    private static final File NULL_FILE = new File("/dev/null");

    @Override
    public Process start(List<String> command, Path workDirectory, Map<String, String> environment) throws IOException {
        requireExecutable(command.get(0), workDirectory, environment.getOrDefault("PATH", ""));
        List<String> line = new ArrayList<>(command.size() + 1);
        if (AgentProcesses.HAS_SETSID) {
            line.add("setsid");
        }
        line.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(line).directory(workDirectory.toFile()).redirectErrorStream(true);
        if (NULL_FILE.exists()) {
            builder.redirectInput(NULL_FILE);
        }
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
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
