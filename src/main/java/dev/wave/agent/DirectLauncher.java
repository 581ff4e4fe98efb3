package dev.wave.agent;

import java.io.File;
import java.io.IOException;
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
}
