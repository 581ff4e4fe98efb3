package dev.wave.planner;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.planner.model.ModelClient;
import dev.wave.request.PlannerKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the planner for a goal from {@code planner} ({@code --planner}, the request text or the
 * config file) and the environment: API keys, base URLs and {@code claude} on the environment's
 * {@code PATH}. {@code auto} keeps the offline heuristic planner for a goal a built-in pattern
 * plans (a cleanup, a find-and-replace, a rename, an import update, a test run), so those never
 * need a network; for the rest it takes an API key in the environment, else the Claude Code CLI on
 * PATH, else the heuristic planner. Stateless; reads only the given environment and the file
 * system's PATH entries. The key stays in the client; no line made here names it.
 */
public final class PlannerSelection {
    public static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
    public static final String ANTHROPIC_BASE_URL = "ANTHROPIC_BASE_URL";
    public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
    static final String DEFAULT_ANTHROPIC_URL = "https://api.anthropic.com";
    static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
    static final String DEFAULT_OPENAI_URL = "https://api.openai.com/v1";
    static final String DEFAULT_OPENAI_MODEL = "gpt-4o";
    /** How long one model request may take: a whole plan is a long answer. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(3);
    /** How many replies the model planner reads before it gives up on invalid plans. */
    static final int ATTEMPTS = 3;

    private PlannerSelection() {}

    /**
     * The planner chosen, and the one line that says which and why, for the analysis:
     * {@code Planner: heuristic (no ANTHROPIC_API_KEY or OPENAI_API_KEY, no claude on PATH; --planner to choose)}.
     */
    public record Chosen(Planner planner, String line) {
        public Chosen {
            requireNonNull(planner, "planner is null");
            requireNonNull(line, "line is null");
        }
    }

    /**
     * Chooses a planner for {@code goal}.
     *
     * @param kind the planner asked for; {@code auto} decides from the goal and the environment
     * @param origin where {@code kind} was set, as the analysis names it ({@code --planner}, {@code default})
     * @param model planner_model, when set
     * @param baseUrl planner_base_url, when set; beats the environment's base URL
     * @param environment the process environment (tests pass their own)
     * @param goal the goal, to see whether a built-in pattern plans it
     * @param repository where the Claude Code CLI runs
     * @throws WaveException of kind INVALID_INPUT when the planner asked for cannot be used here
     *     (no key, no {@code claude}), saying what to set or to use {@code --planner heuristic}
     */
    public static Chosen choose(PlannerKind kind, String origin, Optional<String> model, Optional<String> baseUrl,
            Map<String, String> environment, String goal, Path repository) {
        requireNonNull(kind, "kind is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(model, "model is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(environment, "environment is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(repository, "repository is null");
        Environment env = new Environment(environment);
        return switch (kind) {
            case HEURISTIC -> new Chosen(Planner.heuristic(), "Planner: heuristic (chosen by " + origin + ")");
            case ANTHROPIC -> anthropic(env, model, baseUrl, "chosen by " + origin).orElseThrow(() -> WaveException.invalidInput(
                    "--planner anthropic needs ANTHROPIC_API_KEY in the environment, and it is not set. Set it, or plan "
                            + "offline with --planner heuristic."));
            case OPENAI -> openAi(env, model, baseUrl, "chosen by " + origin).orElseThrow(() -> WaveException.invalidInput(
                    "--planner openai needs OPENAI_API_KEY, or OPENAI_BASE_URL (or planner_base_url) for a local server such "
                            + "as Ollama, and neither is set. Set one, or plan offline with --planner heuristic."));
            case CLAUDE -> claude(env, repository, true, "chosen by " + origin).orElseThrow(() -> WaveException.invalidInput(
                    "--planner claude needs the Claude Code CLI, and there is no claude on PATH (nor WAVE_CLAUDE). Install it "
                            + "(npm install -g @anthropic-ai/claude-code), or plan offline with --planner heuristic."));
            case AUTO -> automatic(env, model, baseUrl, goal, repository);
        };
    }

    private static Chosen automatic(Environment env, Optional<String> model, Optional<String> baseUrl, String goal,
            Path repository) {
        Pattern pattern = PatternMatcher.match(goal).pattern();
        if (plansWithBuiltIns(goal, pattern)) {
            return new Chosen(Planner.heuristic(), "Planner: heuristic (a built-in pattern plans this goal: "
                    + pattern.label() + "; --planner to ask a model)");
        }
        return anthropic(env, model, baseUrl, ANTHROPIC_API_KEY + " is set")
                .or(() -> openAi(env, model, baseUrl, env.has(OPENAI_API_KEY) ? OPENAI_API_KEY + " is set"
                        : OPENAI_BASE_URL + " is set"))
                .or(() -> claude(env, repository, false, "claude is on PATH"))
                .orElseGet(() -> new Chosen(Planner.heuristic(), "Planner: heuristic (no " + ANTHROPIC_API_KEY + " or "
                        + OPENAI_API_KEY + ", no claude on PATH; --planner to choose)"));
    }

    /**
     * Whether the heuristic planner plans {@code goal} with built-in actions: a cleanup, a rename of
     * files, a test run, an import update, or a find-and-replace that names its exact texts (one that
     * does not, "Replace the old logger", is an agent task, which a model plans better).
     */
    static boolean plansWithBuiltIns(String goal, Pattern pattern) {
        return switch (pattern) {
            case CLEANUP, FILE_RENAME, TEST_RUN, IMPORT_UPDATE -> true;
            case FIND_AND_REPLACE -> PatternMatcher.Replacement.find(goal).isPresent()
                    || ReplacePlanner.TRAILING_WHITESPACE.matcher(goal).find();
            case FULL_STACK_FEATURE, BUG_FIX, DATABASE_MIGRATION, TESTING_SUITE, REFACTORING, CODE_GENERATION, CODE_ADDITION, COMPOUND,
                    UNRECOGNISED -> false;
        };
    }

    private static Optional<Chosen> anthropic(Environment env, Optional<String> model, Optional<String> baseUrl,
            String why) {
        Optional<String> key = env.get(ANTHROPIC_API_KEY);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        URI url = url(baseUrl.or(() -> env.get(ANTHROPIC_BASE_URL)).orElse(DEFAULT_ANTHROPIC_URL), ANTHROPIC_BASE_URL);
        ModelClient client = ModelClient.anthropic(url, key.get(), model.orElse(DEFAULT_ANTHROPIC_MODEL), REQUEST_TIMEOUT);
        return Optional.of(chosen(client, why));
    }

    private static Optional<Chosen> openAi(Environment env, Optional<String> model, Optional<String> baseUrl, String why) {
        Optional<String> key = env.get(OPENAI_API_KEY);
        Optional<String> address = baseUrl.or(() -> env.get(OPENAI_BASE_URL));
        if (key.isEmpty() && address.isEmpty()) {
            return Optional.empty();
        }
        URI url = url(address.orElse(DEFAULT_OPENAI_URL), OPENAI_BASE_URL);
        ModelClient client = ModelClient.openAiCompatible(url, key, model.orElse(DEFAULT_OPENAI_MODEL), REQUEST_TIMEOUT);
        return Optional.of(chosen(client, why));
    }

    private static Optional<Chosen> claude(Environment env, Path repository, boolean explicit, String why) {
        Optional<String> executable = explicit ? env.get("WAVE_CLAUDE").or(() -> env.onPath("claude"))
                : env.onPath("claude");
        return executable.map(path -> chosen(ModelClient.claudeCli(path, repository, REQUEST_TIMEOUT, env.variables()),
                why));
    }

    private static Chosen chosen(ModelClient client, String why) {
        return new Chosen(Planner.model(client, ATTEMPTS), "Planner: " + client.describe() + ", " + why
                + "; --planner heuristic plans offline");
    }

    private static URI url(String text, String variable) {
        try {
            URI uri = new URI(text.strip());
            if (uri.getRawUserInfo() != null || uri.getRawQuery() != null) {
                throw WaveException.invalidInput("%s must be a plain http:// or https:// address, without a user, password "
                        + "or query (keys go in the key variables). Fix it, or plan offline with --planner heuristic.",
                        variable);
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new java.net.URISyntaxException(text, "not an http address");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw WaveException.invalidInput("%s must be an http:// or https:// address, got \"%s\". Fix it, or plan "
                    + "offline with --planner heuristic.", variable, text);
        }
    }

    /** The environment's variables (blank ones are absent) and its PATH. */
    private record Environment(Map<String, String> variables) {
        Optional<String> get(String name) {
            return Optional.ofNullable(variables.get(name)).map(String::strip).filter(value -> !value.isEmpty());
        }

        boolean has(String name) {
            return get(name).isPresent();
        }

        /** The first executable {@code name} in the PATH directories, as an absolute path. */
        Optional<String> onPath(String name) {
            for (String directory : get("PATH").orElse("").split(java.io.File.pathSeparator)) {
                if (directory.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(directory).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toAbsolutePath().toString());
                }
            }
            return Optional.empty();
        }
    }
}
