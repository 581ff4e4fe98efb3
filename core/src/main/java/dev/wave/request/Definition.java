package dev.wave.request;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * One option key of SPEC F2: its default, what values it takes and how to read them from flag text,
 * request text or a config file value (text, boolean, number or list).
 *
 * @param key the snake_case key
 * @param defaultValue the value when no layer sets it
 * @param expected what a valid value looks like, for messages ("yes or no")
 * @param defaultText the default as a person reads it, for messages
 * @param parser reads a raw value, throwing {@link IllegalArgumentException} when it is not valid
 * @param requestRule the values the request text may not choose ({@link RequestRule#anyValue()} for most keys)
 */
record Definition<T>(String key, T defaultValue, String expected, String defaultText, Parser<T> parser,
        RequestRule<T> requestRule) {
    static final int MAX_AGENTS = RequestParser.MAX_AGENTS;
    static final int WAVE_LIMIT = 1000;
    static final int DEFAULT_MAX_INSTANCES = 100;

    /** The seeds' critical keywords; critical_keywords adds to these and cannot remove them. */
    static final List<String> DEFAULT_CRITICAL_KEYWORDS = List.of("database migration", "alembic upgrade",
            "schema change", "production deployment", "data deletion", "drop table", "truncate", "git push --force",
            "npm publish", "docker push", "alter table");

    static final Definition<Optional<Integer>> AGENTS = new Definition<>("agents", Optional.empty(),
            "a whole number from 1 to " + MAX_AGENTS, "automatic scaling", raw -> Optional.of(integer(raw, 1, MAX_AGENTS)));
    static final Definition<Boolean> DRY_RUN = bool("dry_run", false);
    static final Definition<Boolean> REQUIRE_APPROVAL = safetySwitch("require_approval", "the approval of critical tasks");
    static final Definition<Priority> PRIORITY = choice("priority", Priority.BALANCED, Priority.values());
    static final Definition<Optional<Integer>> MAX_WAVES = new Definition<>("max_waves", Optional.empty(),
            "a whole number from 1 to " + WAVE_LIMIT, "no limit", raw -> Optional.of(integer(raw, 1, WAVE_LIMIT)));
    static final Definition<Integer> MAX_INSTANCES = new Definition<>("max_instances", DEFAULT_MAX_INSTANCES,
            "a whole number from 1 to " + MAX_AGENTS, String.valueOf(DEFAULT_MAX_INSTANCES),
            raw -> integer(raw, 1, MAX_AGENTS));
    static final Definition<CheckpointRetention> CHECKPOINT_RETENTION =
            choice("checkpoint_retention", CheckpointRetention.KEEP, CheckpointRetention.values());
    static final Definition<Boolean> FAVOR_PARALLELIZATION = bool("favor_parallelization", false);
    static final Definition<CheckpointVerbosity> CHECKPOINT_VERBOSITY =
            choice("checkpoint_verbosity", CheckpointVerbosity.DETAILED, CheckpointVerbosity.values());
    static final Definition<ProgressDisplay> PROGRESS_DISPLAY =
            choice("progress_display", ProgressDisplay.LIVE, ProgressDisplay.values());
    static final Definition<OnFailure> ON_FAILURE = choice("on_failure", OnFailure.ROLLBACK, OnFailure.values());
    static final Definition<Boolean> ALWAYS_BACKUP = safetySwitch("always_backup", "the Wave 0 backup");
    static final Definition<Boolean> AUTO_ROLLBACK = bool("auto_rollback", true);
    static final Definition<Boolean> CREATE_ROLLBACK_SCRIPTS = bool("create_rollback_scripts", true);
    static final Definition<List<String>> CRITICAL_KEYWORDS = new Definition<>("critical_keywords",
            DEFAULT_CRITICAL_KEYWORDS, "a list of words or phrases (in text: separated by commas)",
            "the built-in list", raw -> withBuiltInKeywords(keywords(raw)));
    static final Definition<Verify> VERIFY = new Definition<>("verify", new Verify.Auto(),
            "auto, none or a shell command", "auto: the detected test command", Verify::parse);
    static final Definition<SandboxMode> SANDBOX = choice("sandbox", SandboxMode.AUTO, SandboxMode.values())
            .refusedInRequest(SandboxMode.OFF::equals, "cannot turn the sandbox off. Use a flag or the config file.");
    static final Definition<Boolean> NETWORK = bool("network", false)
            .refusedInRequest(Boolean.TRUE::equals, "cannot give tasks the network. Use a flag or the config file.");
    static final Definition<String> AGENT = new Definition<>("agent", "claude",
            "claude, codex, aider or a command template with {prompt} or {prompt_file}", "claude", Definition::agent);
    static final Definition<PlannerKind> PLANNER = choice("planner", PlannerKind.AUTO, PlannerKind.values());
    static final Definition<Optional<String>> PLANNER_MODEL = new Definition<>("planner_model", Optional.empty(),
            "a model name such as claude-sonnet-4-5 or llama3.1", "the provider's default model",
            raw -> Optional.of(word(raw)));
    /** The API key from the environment goes to this address: the request text may not set it. */
    static final Definition<Optional<String>> PLANNER_BASE_URL = new Definition<Optional<String>>("planner_base_url",
            Optional.empty(), "an http:// or https:// address such as http://127.0.0.1:11434/v1", "the provider's address",
            raw -> Optional.of(baseUrl(raw)))
            .refusedInRequest(value -> true, "cannot choose where the API key is sent. Use --planner-base-url or the "
                    + "config file.");
    static final Definition<OnConflict> ON_CONFLICT = choice("on_conflict", OnConflict.REPORT, OnConflict.values());
    static final Definition<List<String>> WORKTREE_COPY = paths("worktree_copy");
    static final Definition<List<String>> WORKTREE_LINK = paths("worktree_link");
    static final Definition<Boolean> CHECK_BETWEEN_MERGES = bool("check_between_merges", false);
    static final Definition<Optional<String>> WORKTREE_SETUP = new Definition<>("worktree_setup", Optional.empty(),
            "none or a shell command", "none", Definition::setup);

    /** 256 MiB: every .env and the build output of an ordinary project; dependency trees are left out anyway. */
    static final long DEFAULT_BACKUP_IGNORED_MAX = 256L << 20;
    static final Definition<Long> BACKUP_IGNORED_MAX = new Definition<>("backup_ignored_max", DEFAULT_BACKUP_IGNORED_MAX,
            "a size such as 0, 500KB, 256MB or 2GB", "256MB", Definition::size);

    /** The most a budget may be: a typo of a few digits too many is refused rather than spent. */
    static final double MAX_BUDGET_USD = 1_000_000;
    static final long MAX_BUDGET_TOKENS = 100_000_000_000L;
    static final int MAX_FIX_ATTEMPTS = 5;
    static final int DEFAULT_FIX_ATTEMPTS = 1;
    /** What {@code caps} may name: the task kinds, and the agent CLIs as providers. */
    static final List<String> CAP_GROUPS = List.of("run", "action", "prompt", "claude", "codex", "aider", "template");

    static final Definition<Optional<Double>> BUDGET_USD = new Definition<>("budget_usd", Optional.empty(),
            "an amount of US dollars above 0, such as 5 or 2.50", "no budget", raw -> Optional.of(dollars(raw)));
    static final Definition<Optional<Long>> BUDGET_TOKENS = new Definition<>("budget_tokens", Optional.empty(),
            "a number of tokens above 0, such as 200000, 500k or 2M", "no budget", raw -> Optional.of(tokens(raw)));
    static final Definition<Integer> FIX_ATTEMPTS = new Definition<>("fix_attempts", DEFAULT_FIX_ATTEMPTS,
            "a whole number from 0 to " + MAX_FIX_ATTEMPTS, String.valueOf(DEFAULT_FIX_ATTEMPTS),
            raw -> integer(raw, 0, MAX_FIX_ATTEMPTS));
    static final Definition<java.util.Map<String, Integer>> CAPS = new Definition<>("caps", java.util.Map.of(),
            "caps such as prompt=2,claude=1 (groups: " + String.join(", ", CAP_GROUPS) + "; each cap 1 to " + MAX_AGENTS + ")",
            "no caps", Definition::caps);

    /** The F2 keys, in the order of SPEC F2, then wave's own; {@code agents} is not among them (flags and request text only). */
    static final List<Definition<?>> OPTIONS = List.of(DRY_RUN, REQUIRE_APPROVAL, PRIORITY, MAX_WAVES, MAX_INSTANCES,
            CHECKPOINT_RETENTION, FAVOR_PARALLELIZATION, CHECKPOINT_VERBOSITY, PROGRESS_DISPLAY, ON_FAILURE,
            ALWAYS_BACKUP, AUTO_ROLLBACK, CREATE_ROLLBACK_SCRIPTS, CRITICAL_KEYWORDS, VERIFY, BACKUP_IGNORED_MAX, SANDBOX,
            NETWORK, AGENT, PLANNER, PLANNER_MODEL, PLANNER_BASE_URL, BUDGET_USD, BUDGET_TOKENS, FIX_ATTEMPTS, CAPS,
            ON_CONFLICT, WORKTREE_COPY, WORKTREE_LINK, WORKTREE_SETUP, CHECK_BETWEEN_MERGES);

    /**
     * Every setting a run resolves: {@code agents}, then the {@link #OPTIONS}. To add a setting, declare its
     * definition above, add it to {@link #OPTIONS}, give {@link Settings} an accessor, and give {@code wave plan}
     * and {@code wave run} a flag named after its key.
     */
    static final List<Definition<?>> ALL = concat(List.of(AGENTS), OPTIONS);

    Definition {
        requireNonNull(key, "key is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(expected, "expected is null");
        requireNonNull(defaultText, "defaultText is null");
        requireNonNull(parser, "parser is null");
        requireNonNull(requestRule, "requestRule is null");
    }

    Definition(String key, T defaultValue, String expected, String defaultText, Parser<T> parser) {
        this(key, defaultValue, expected, defaultText, parser, RequestRule.anyValue());
    }

    /**
     * Which values the request text may not choose, because they weaken safety or send a secret; a flag or the
     * config file may. A refused value is skipped with a warning.
     *
     * @param refused the values refused
     * @param refusal ends the warning ("... is ignored: the request text " + refusal), saying what to use instead
     */
    record RequestRule<T>(Predicate<T> refused, String refusal) {
        RequestRule {
            requireNonNull(refused, "refused is null");
            requireNonNull(refusal, "refusal is null");
        }

        static <T> RequestRule<T> anyValue() {
            return new RequestRule<>(value -> false, "");
        }
    }

    /** This definition, with the values {@code refused} refused in the request text (see {@link RequestRule}). */
    Definition<T> refusedInRequest(Predicate<T> refused, String refusal) {
        return new Definition<>(key, defaultValue, expected, defaultText, parser, new RequestRule<>(refused, refusal));
    }

    /** Reads one raw value. */
    interface Parser<T> {
        T parse(Object raw);
    }

    static boolean isOptionKey(String key) {
        for (Definition<?> definition : OPTIONS) {
            if (definition.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    static List<String> optionKeys() {
        List<String> keys = new ArrayList<>();
        for (Definition<?> definition : OPTIONS) {
            keys.add(definition.key());
        }
        return keys;
    }

    /** A safety switch, on by default: the request text may turn it on, never off; that takes a flag or the config file. */
    private static Definition<Boolean> safetySwitch(String key, String what) {
        return bool(key, true).refusedInRequest(Boolean.FALSE::equals,
                "cannot turn " + what + " off. Use a flag or the config file to turn it off.");
    }

    private static List<Definition<?>> concat(List<Definition<?>> first, List<Definition<?>> second) {
        List<Definition<?>> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private static Definition<Boolean> bool(String key, boolean defaultValue) {
        return new Definition<>(key, defaultValue, "yes or no", defaultValue ? "yes" : "no", Definition::bool);
    }

    private static <E extends Enum<E> & Choice> Definition<E> choice(String key, E defaultValue, E[] values) {
        List<String> labels = new ArrayList<>();
        for (E value : values) {
            labels.add(value.label());
        }
        String expected = "one of " + String.join(", ", labels);
        return new Definition<>(key, defaultValue, expected, defaultValue.label(), raw -> {
            String text = text(raw).toLowerCase(Locale.ROOT);
            for (E value : values) {
                if (value.label().equals(text)) {
                    return value;
                }
            }
            throw new IllegalArgumentException();
        });
    }

    static boolean bool(Object raw) {
        if (raw instanceof Boolean bool) {
            return bool;
        }
        switch (text(raw).toLowerCase(Locale.ROOT)) {
            case "yes", "y", "true", "on", "1":
                return true;
            case "no", "n", "false", "off", "0":
                return false;
            default:
                throw new IllegalArgumentException();
        }
    }

    private static int integer(Object raw, int min, int max) {
        long value;
        if (raw instanceof Integer || raw instanceof Long) {
            value = ((Number) raw).longValue();
        } else {
            String text = text(raw);
            if (!text.matches("\\d{1,9}")) {
                throw new IllegalArgumentException();
            }
            value = Long.parseLong(text);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException();
        }
        return (int) value;
    }

    private static List<String> keywords(Object raw) {
        List<String> keywords = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object item : list) {
                if (!(item instanceof String) || ((String) item).isBlank()) {
                    throw new IllegalArgumentException();
                }
                keywords.add(((String) item).strip().toLowerCase(Locale.ROOT));
            }
        } else {
            for (String item : text(raw).split(",")) {
                if (!item.isBlank()) {
                    keywords.add(item.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (keywords.isEmpty()) {
            throw new IllegalArgumentException();
        }
        return keywords;
    }

    /** critical_keywords adds to the built-in list; it cannot remove a built-in keyword. */
    private static List<String> withBuiltInKeywords(List<String> keywords) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(DEFAULT_CRITICAL_KEYWORDS);
        all.addAll(keywords);
        return List.copyOf(all);
    }

    /** The coding agent CLI for prompt tasks: a known name, or a command template naming the prompt. */
    private static String agent(Object raw) {
        String text = text(raw);
        String name = text.toLowerCase(Locale.ROOT);
        if (name.equals("claude") || name.equals("codex") || name.equals("aider")) {
            return name;
        }
        if (text.contains("{prompt}") || text.contains("{prompt_file}")) {
            return text;
        }
        throw new IllegalArgumentException();
    }

    /** A list of repository paths for agents' worktrees (copied or linked in); none by default. */
    private static Definition<List<String>> paths(String key) {
        return new Definition<>(key, List.of(), "a list of paths inside the repository, such as .env or node_modules "
                + "(relative, no '..', not in .git or .wave; in text: separated by commas)", "none", Definition::paths);
    }

    /** Relative paths that stay inside the repository, normalised; refuses absolute ones, '..', .git and .wave. */
    private static List<String> paths(Object raw) {
        List<String> paths = new ArrayList<>();
        for (String item : items(raw)) {
            String path = repositoryPath(item);
            if (!paths.contains(path)) {
                paths.add(path);
            }
        }
        return List.copyOf(paths);
    }

    private static String repositoryPath(String item) {
        if (item.isBlank() || item.startsWith("/") || item.startsWith("~") || item.indexOf('\0') >= 0) {
            throw new IllegalArgumentException();
        }
        List<String> parts = new ArrayList<>();
        for (String part : item.split("/+")) {
            if (part.equals("..")) {
                throw new IllegalArgumentException();
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        if (parts.isEmpty() || parts.get(0).equals(".git") || parts.get(0).equals(".wave")) {
            throw new IllegalArgumentException();
        }
        return String.join("/", parts);
    }

    private static Optional<String> setup(Object raw) {
        String text = text(raw);
        if (text.isEmpty()) {
            throw new IllegalArgumentException();
        }
        return text.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(text);
    }

    /** A size in bytes: a whole number, or a number with B, KB, MB, GB or TB (powers of 1024; KiB and the like too). */
    static long size(Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            long value = ((Number) raw).longValue();
            if (value < 0) {
                throw new IllegalArgumentException();
            }
            return value;
        }
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d{1,15})(?:\\.(\\d{1,3}))?\\s*([kmgt]?)(?:i?b)?")
                .matcher(text(raw).toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException();
        }
        int shift = switch (matcher.group(3)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        java.math.BigDecimal number = new java.math.BigDecimal(matcher.group(1)
                + (matcher.group(2) == null ? "" : "." + matcher.group(2)));
        java.math.BigDecimal bytes = number.multiply(java.math.BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
            throw new IllegalArgumentException();
        }
        return bytes.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
    }

    /** One word with no spaces: a model name. */
    private static String word(Object raw) {
        String text = text(raw);
        if (text.isEmpty() || !text.matches("[\\w.:/@+-]+")) {
            throw new IllegalArgumentException();
        }
        return text;
    }

    /** An absolute http or https address with a host, without user info (a key in it would leak). */
    static String baseUrl(Object raw) {
        String text = text(raw);
        try {
            java.net.URI uri = new java.net.URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || uri.getRawQuery() != null) {
                throw new IllegalArgumentException();
            }
            return text;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static double dollars(Object raw) {
        String text = text(raw).replaceFirst("^\\$", "");
        if (!text.matches("\\d{1,9}(\\.\\d{1,6})?|\\.\\d{1,6}")) {
            throw new IllegalArgumentException();
        }
        double value = Double.parseDouble(text);
        if (!(value > 0) || value > MAX_BUDGET_USD) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    private static long tokens(Object raw) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d{1,12})([km]?)")
                .matcher(text(raw).toLowerCase(Locale.ROOT).replace("_", "").replace(",", ""));
        if (!matcher.matches()) {
            throw new IllegalArgumentException();
        }
        long value = Long.parseLong(matcher.group(1)) * switch (matcher.group(2)) {
            case "k" -> 1_000L;
            case "m" -> 1_000_000L;
            default -> 1L;
        };
        if (value < 1 || value > MAX_BUDGET_TOKENS) {
            throw new IllegalArgumentException();
        }
        return value;
    }

    /** {@code prompt=2,claude=1}, as text (also with {@code :}), a list of such entries, or a config mapping. */
    private static java.util.Map<String, Integer> caps(Object raw) {
        java.util.Map<String, Integer> caps = new java.util.LinkedHashMap<>();
        for (String entry : items(raw)) {
            String[] parts = entry.split("\\s*[=:]\\s*", 2);
            String group = parts[0].strip().toLowerCase(Locale.ROOT);
            if (parts.length != 2 || !CAP_GROUPS.contains(group) || caps.containsKey(group)) {
                throw new IllegalArgumentException();
            }
            caps.put(group, integer(parts[1].strip(), 1, MAX_AGENTS));
        }
        if (caps.isEmpty()) {
            throw new IllegalArgumentException();
        }
        return java.util.Collections.unmodifiableMap(caps);
    }

    /** The items of a list value (a config list or flow list), or of text separated by commas; each stripped. */
    private static List<String> items(Object raw) {
        List<String> items = new ArrayList<>();
        if (raw instanceof List<?> list) {
            for (Object item : list) {
                items.add(text(item));
            }
        } else {
            for (String item : text(raw).split(",")) {
                items.add(item.strip());
            }
        }
        return items;
    }

    private static String text(Object raw) {
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
            return String.valueOf(raw).strip();
        }
        throw new IllegalArgumentException();
    }
}
