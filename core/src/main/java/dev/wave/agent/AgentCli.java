package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A coding agent's command line: how to start it headless on one invocation, and how to read what
 * it streams. Implementations are immutable and thread-safe; each attempt gets its own
 * {@link #stream()}.
 */
public sealed interface AgentCli permits AgentCli.Claude, AgentCli.Codex, AgentCli.Aider, AgentCli.Template {
    /** The names {@code --agent} accepts, besides a template with {@code {prompt}} or {@code {prompt_file}}. */
    List<String> NAMES = List.of("claude", "codex", "aider");

    /** How the agent is called in reports: {@code claude}, {@code codex}, {@code aider} or {@code template}. */
    String name();

    /** The process's command line for one attempt; the process starts in the invocation's work directory. */
    List<String> command(AgentInvocation invocation);

    /** A fresh reader for one attempt's standard output. */
    AgentStream stream();

    /**
     * The agent for a name given by {@code --agent}, the config or a task: {@code claude},
     * {@code codex}, {@code aider}, or a command template holding {@code {prompt}} or
     * {@code {prompt_file}} (and optionally {@code {workdir}} and {@code {model}}).
     *
     * @throws WaveException (invalid input) for anything else, naming what is accepted
     */
    static AgentCli named(String name) {
        requireNonNull(name, "name is null");
        String trimmed = name.strip();
        return switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "claude" -> new Claude("claude");
            case "codex" -> new Codex("codex");
            case "aider" -> new Aider("aider");
            default -> {
                if (trimmed.contains("{prompt}") || trimmed.contains("{prompt_file}")) {
                    yield Template.parse(trimmed);
                }
                throw WaveException.invalidInput("agent must be claude, codex, aider or a command template with {prompt} "
                        + "or {prompt_file}, got \"%s\". For example --agent claude, or --agent 'my-agent --task "
                        + "{prompt_file}'.", trimmed);
            }
        };
    }

    /**
     * Claude Code in print mode: {@code claude -p PROMPT --output-format stream-json --verbose
     * --permission-mode acceptEdits --allowedTools ... --max-turns N}, with the role appended to its
     * system prompt and the budget passed on.
     */
    record Claude(String executable) implements AgentCli {
        public Claude {
            requireNonNull(executable, "executable is null");
        }

        @Override
        public String name() {
            return "claude";
        }

        @Override
        public List<String> command(AgentInvocation invocation) {
            List<String> command = new ArrayList<>(List.of(executable, "-p", invocation.prompt(), "--output-format",
                    "stream-json", "--verbose", "--permission-mode", "acceptEdits"));
            if (!invocation.allowedTools().isEmpty()) {
                command.add("--allowedTools");
                command.add(String.join(",", invocation.allowedTools()));
            }
            command.add("--max-turns");
            command.add(Integer.toString(invocation.maxTurns()));
            invocation.systemPrompt().ifPresent(role -> {
                command.add("--append-system-prompt");
                command.add(role);
            });
            invocation.model().ifPresent(model -> {
                command.add("--model");
                command.add(model);
            });
            invocation.maxBudgetUsd().ifPresent(budget -> {
                command.add("--max-budget-usd");
                command.add(String.format(Locale.ROOT, "%.2f", budget));
            });
            return List.copyOf(command);
        }

        @Override
        public AgentStream stream() {
            return new ClaudeStream();
        }
    }

    /** Codex: {@code codex exec --json -s workspace-write -C WORKDIR [-m MODEL] PROMPT}. */
    record Codex(String executable) implements AgentCli {
        public Codex {
            requireNonNull(executable, "executable is null");
        }

        @Override
        public String name() {
            return "codex";
        }

        @Override
        public List<String> command(AgentInvocation invocation) {
            List<String> command = new ArrayList<>(List.of(executable, "exec", "--json", "-s", "workspace-write", "-C",
                    invocation.workDirectory().toString()));
            invocation.model().ifPresent(model -> {
                command.add("-m");
                command.add(model);
            });
            command.add(invocation.prompt());
            return List.copyOf(command);
        }

        @Override
        public AgentStream stream() {
            return new CodexStream();
        }
    }

    /** aider: {@code aider --message-file FILE --yes-always --no-pretty --no-stream [--model MODEL]}; prose only. */
    record Aider(String executable) implements AgentCli {
        public Aider {
            requireNonNull(executable, "executable is null");
        }

        @Override
        public String name() {
            return "aider";
        }

        @Override
        public List<String> command(AgentInvocation invocation) {
            List<String> command = new ArrayList<>(List.of(executable, "--message-file", invocation.promptFile().toString(),
                    "--yes-always", "--no-pretty", "--no-stream", "--no-auto-commits"));
            invocation.model().ifPresent(model -> {
                command.add("--model");
                command.add(model);
            });
            return List.copyOf(command);
        }

        @Override
        public AgentStream stream() {
            return AgentStream.plain();
        }
    }

    /**
     * Any other agent, from a template whose words may hold {@code {prompt}}, {@code {prompt_file}},
     * {@code {workdir}} and {@code {model}}. The template is split into words like a shell would
     * (single and double quotes group), but never run through a shell, so a prompt cannot inject
     * commands.
     */
    record Template(List<String> words) implements AgentCli {
        private static final Pattern PLACEHOLDER = Pattern.compile("\\{(prompt|prompt_file|workdir|model)\\}");

        public Template {
            words = List.copyOf(words);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("a template needs at least one word");
            }
        }

        static Template parse(String template) {
            return new Template(Words.split(template));
        }

        @Override
        public String name() {
            return "template";
        }

        @Override
        public List<String> command(AgentInvocation invocation) {
            Map<String, String> values = Map.of(
                    "prompt", invocation.prompt(),
                    "prompt_file", invocation.promptFile().toString(),
                    "workdir", invocation.workDirectory().toString(),
                    "model", invocation.model().orElse(""));
            List<String> command = new ArrayList<>(words.size());
            for (String word : words) {
                // one pass: a prompt that itself holds "{model}" or "{workdir}" is passed on as written
                command.add(PLACEHOLDER.matcher(word)
                        .replaceAll(found -> Matcher.quoteReplacement(values.get(found.group(1)))));
            }
            return List.copyOf(command);
        }

        /** Prose, or Claude Code's or codex's JSON stream when the template's program prints one. */
        @Override
        public AgentStream stream() {
            return new DetectingStream();
        }
    }
}
