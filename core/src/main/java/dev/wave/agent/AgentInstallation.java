package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Whether an agent CLI can be started here, asked before a run changes anything: the program of its
 * command line is an executable file (by path, relative to the repository, or on {@code PATH}).
 * Stateless and thread-safe.
 */
public final class AgentInstallation {
    private AgentInstallation() {}

    /** The program an agent's command line starts: the executable of claude, codex and aider, a template's first word. */
    public static String program(AgentCli cli) {
        requireNonNull(cli, "cli is null");
        if (cli instanceof AgentCli.Claude claude) {
            return claude.executable();
        } else if (cli instanceof AgentCli.Codex codex) {
            return codex.executable();
        } else if (cli instanceof AgentCli.Aider aider) {
            return aider.executable();
        } else if (cli instanceof AgentCli.Template template) {
            return template.words().get(0);
        }
        throw new AssertionError(cli);
    }

    /**
     * Why {@code cli} cannot start, in words ("claude is not on PATH"), or empty when its program
     * is an executable file.
     *
     * @param environment the environment the agent gets; its {@code PATH} is searched
     * @param repository where a relative program path is resolved
     */
    public static Optional<String> missing(AgentCli cli, Map<String, String> environment, Path repository) {
        String program = program(cli);
        if (program.contains("/")) {
            return Files.isExecutable(repository.resolve(program)) ? Optional.empty()
                    : Optional.of("the agent program " + program + " is not an executable file");
        }
        return onPath(program, environment).isPresent() ? Optional.empty() : Optional.of(program + " is not on PATH");
    }

    /** Where {@code program}, a bare name, is on the {@code PATH} of {@code environment}: its first executable file. */
    public static Optional<Path> onPath(String program, Map<String, String> environment) {
        for (String directory : environment.getOrDefault("PATH", "").split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return Optional.of(Path.of(directory, program));
            }
        }
        return Optional.empty();
    }

    /** How to install {@code cli}, as the end of a sentence: "install it (npm install -g @anthropic-ai/claude-code)". */
    public static String howToInstall(AgentCli cli) {
        return switch (cli.name()) {
            case "claude" -> "install Claude Code (npm install -g @anthropic-ai/claude-code)";
            case "codex" -> "install Codex (npm install -g @openai/codex)";
            case "aider" -> "install aider (python -m pip install aider-install && aider-install)";
            default -> "fix the template's program";
        };
    }
}
