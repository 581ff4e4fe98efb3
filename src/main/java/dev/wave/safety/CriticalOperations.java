package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.request.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the critical tasks of a plan: those that say so ({@code critical: true}), those whose title,
 * prompt or command names a critical operation (the seeds' keywords, plus any configured), and those
 * whose command matches a dangerous pattern (force pushes, {@code git reset --hard}, {@code git clean}
 * that removes ignored files, dropping stashes, {@code DROP DATABASE}, recursive {@code rm} reaching
 * outside the repository, and the like).
 *
 * <p>A keyword matches as whole words, case-insensitive, plurals included ("drop tables" matches
 * "drop table", "truncated" does not match "truncate"). Commands are read as a shell would split them
 * into simple commands, so {@code cd /tmp && rm -rf build} is seen to reach outside the repository.
 *
 * <p>Immutable and thread-safe.
 */
public final class CriticalOperations {
    /** The seeds' critical keywords. */
    public static final List<String> DEFAULT_KEYWORDS = Requests.defaultCriticalKeywords();

    private static final String SEPARATORS = "(?:;|&&|\\|\\||\\||&|\\n|\\$\\(|`|\\(|\\))";
    private static final Map<String, Pattern> DANGEROUS = dangerousPatterns();

    private final List<String> keywords;
    private final List<Pattern> keywordPatterns;
    private final boolean readsPrompts;

    private CriticalOperations(List<String> keywords, boolean readsPrompts) {
        this.keywords = List.copyOf(keywords);
        this.readsPrompts = readsPrompts;
        List<Pattern> patterns = new ArrayList<>(keywords.size());
        for (String keyword : keywords) {
            String words = Pattern.quote(normalise(keyword));
            patterns.add(Pattern.compile("(?<![\\w-])" + words + "(?:s|es)?(?![\\w])", Pattern.CASE_INSENSITIVE));
        }
        this.keywordPatterns = List.copyOf(patterns);
    }

    /** Detection with the seeds' keywords and wave's dangerous command patterns. */
    public static CriticalOperations defaults() {
        return new CriticalOperations(DEFAULT_KEYWORDS, true);
    }

    /** The same detection with more keywords (for example {@code critical_keywords} from the configuration). */
    public CriticalOperations withKeywords(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(keywords);
        for (String keyword : more) {
            if (!keyword.isBlank()) {
                all.add(keyword.strip());
            }
        }
        return new CriticalOperations(new ArrayList<>(all), readsPrompts);
    }

    /**
     * The same detection, reading an agent task's title but not its prompt: for plans made by wave's
     * planner, whose prompts all repeat the goal and the plan's context, so that a keyword there says
     * what the goal is about, not what the task does; their titles name what each task does.
     */
    public CriticalOperations withoutPrompts() {
        return new CriticalOperations(keywords, false);
    }

    public List<String> keywords() {
        return keywords;
    }

    /**
     * Why a task is critical: each reason is one phrase, such as {@code declared critical: true} or
     * {@code keyword "drop table" in its command}. Empty when it is not.
     *
     * @param workDirectory where the task's commands run, to tell paths inside the repository from others
     */
    public List<String> reasons(Task task, Path workDirectory) {
        requireNonNull(task, "task is null");
        requireNonNull(workDirectory, "workDirectory is null");
        List<String> reasons = new ArrayList<>();
        if (task.critical()) {
            reasons.add("declared critical: true");
        }
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        texts.put("its title", task.title());
        Action action = task.action();
        if (action instanceof Action.Shell shell) {
            texts.put("its command", shell.command());
        } else if (action instanceof Action.Agent agent) {
            if (readsPrompts) {
                texts.put("its prompt", agent.prompt());
            }
        } else if (action instanceof Action.Builtin builtin) {
            texts.put("its action", builtin.describe());
        } else {
            throw new AssertionError(action);
        }
        for (int k = 0; k < keywords.size(); k++) {
            for (Map.Entry<String, String> text : texts.entrySet()) {
                if (keywordPatterns.get(k).matcher(normalise(text.getValue())).find()) {
                    reasons.add("keyword \"" + keywords.get(k) + "\" in " + text.getKey());
                    break;
                }
            }
        }
        if (action instanceof Action.Shell shell) {
            reasons.addAll(dangerous(shell.command(), workDirectory));
        }
        return reasons;
    }

    /** The critical tasks of a plan, in plan order, with their reasons. */
    public CriticalTasks detect(Plan plan, Path workDirectory) {
        requireNonNull(plan, "plan is null");
        List<CriticalTask> found = new ArrayList<>();
        for (Task task : plan.tasks()) {
            List<String> reasons = reasons(task, workDirectory);
            if (!reasons.isEmpty()) {
                found.add(new CriticalTask(task.id(), reasons));
            }
        }
        return new CriticalTasks(found);
    }

    /** The dangerous patterns a shell command matches, as reasons. */
    static List<String> dangerous(String command, Path workDirectory) {
        List<String> reasons = new ArrayList<>();
        String normalised = normalise(command);
        for (Map.Entry<String, Pattern> pattern : DANGEROUS.entrySet()) {
            Matcher matcher = pattern.getValue().matcher(normalised);
            if (matcher.find()) {
                reasons.add("dangerous command: " + pattern.getKey() + " (" + matcher.group().strip() + ")");
            }
        }
        recursiveRemovalOutside(command, workDirectory).ifPresent(reasons::add);
        return reasons;
    }

    private static Map<String, Pattern> dangerousPatterns() {
        Map<String, Pattern> patterns = new java.util.LinkedHashMap<>();
        String git = "\\bgit\\b(?:\\s+-[cC]\\s+\\S+|\\s+--?[\\w-]+(?:=\\S+)?)*\\s+";
        String rest = "[^;&|\\n]*?";
        patterns.put("force push", Pattern.compile(git + "push\\b" + rest
                + "(?:\\s--force(?:-with-lease|-if-includes)?\\b|\\s-[a-zA-Z]*f[a-zA-Z]*\\b|\\s\\+[\\w./:-]+|\\s--mirror\\b)"));
        patterns.put("git reset --hard", Pattern.compile(git + "reset\\b" + rest + "\\s--hard\\b"));
        patterns.put("git clean removing ignored files", Pattern.compile(git + "clean\\b" + rest + "\\s-[a-zA-Z]*[xX][a-zA-Z]*\\b"));
        patterns.put("discarding uncommitted changes", Pattern.compile(git + "(?:checkout\\b" + rest
                + "\\s(?:--\\s+)?\\.(?=\\s|$)|restore\\b(?![^;&|\\n]*--staged)" + rest + "\\s\\.(?=\\s|$))"));
        patterns.put("dropping stashes", Pattern.compile(git + "stash\\s+(?:drop|clear)\\b"));
        patterns.put("deleting a branch", Pattern.compile(git + "branch\\b" + rest + "\\s(?:-D|--delete\\s+--force|-d\\s+-f|-df|-fd)\\b"));
        patterns.put("DROP DATABASE", Pattern.compile("(?i)\\bdrop\\s+(?:database|schema)\\b|\\bdropdb\\b"));
        patterns.put("formatting or overwriting a disk", Pattern.compile("\\bmkfs(?:\\.\\w+)?\\b|\\bdd\\b[^;&|\\n]*\\bof=/dev/"));
        return patterns;
    }

    /**
     * Whether a recursive {@code rm} reaches outside the work directory: an absolute path or {@code ~}
     * elsewhere, {@code ..} climbing out, a variable or command substitution whose value is unknown, or a
     * relative path after a {@code cd} elsewhere.
     */
    static Optional<String> recursiveRemovalOutside(String command, Path workDirectory) {
        Path root = workDirectory.toAbsolutePath().normalize();
        Optional<Path> cwd = Optional.of(root);
        for (String simple : command.split(SEPARATORS)) {
            List<String> words = words(simple);
            int at = 0;
            while (at < words.size() && (words.get(at).matches("[A-Za-z_][A-Za-z0-9_]*=.*")
                    || List.of("sudo", "command", "exec", "nice", "nohup", "time", "env", "xargs").contains(words.get(at)))) {
                at++;
            }
            if (at >= words.size()) {
                continue;
            }
            String program = words.get(at);
            if (program.equals("cd")) {
                cwd = at + 1 < words.size() ? resolve(cwd, words.get(at + 1)) : Optional.empty();
                continue;
            }
            if (!program.equals("rm") && !program.endsWith("/rm")) {
                continue;
            }
            boolean recursive = false;
            boolean options = true;
            List<String> targets = new ArrayList<>();
            for (String word : words.subList(at + 1, words.size())) {
                if (options && word.equals("--")) {
                    options = false;
                } else if (options && word.startsWith("--")) {
                    recursive |= word.equals("--recursive");
                } else if (options && word.startsWith("-") && word.length() > 1) {
                    recursive |= word.indexOf('r') > 0 || word.indexOf('R') > 0;
                } else {
                    targets.add(word);
                }
            }
            if (!recursive) {
                continue;
            }
            for (String target : targets) {
                Optional<Path> resolved = resolve(cwd, target);
                if (resolved.isEmpty()) {
                    return Optional.of("dangerous command: rm -r of a path wave cannot resolve (" + target
                            + "), which may reach outside the repository");
                }
                if (!resolved.get().startsWith(root)) {
                    return Optional.of("dangerous command: rm -r reaching outside the repository (" + target + ")");
                }
                if (resolved.get().equals(root) || resolved.get().startsWith(root.resolve(".git"))) {
                    return Optional.of("dangerous command: rm -r of the whole repository or its .git (" + target + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> resolve(Optional<Path> cwd, String word) {
        if (word.contains("$") || word.contains("`")) {
            return Optional.empty();
        }
        String path = word;
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        } else if (path.startsWith("~")) {
            return Optional.empty();
        }
        String literal = path.replaceAll("[*?\\[].*$", "");
        if (path.startsWith("/")) {
            return Optional.of(Path.of(literal.isEmpty() ? "/" : literal).normalize());
        }
        if (cwd.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cwd.get().resolve(literal).normalize());
    }

    /** Splits a simple command into words, honouring single and double quotes. */
    private static List<String> words(String simple) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < simple.length(); i++) {
            char c = simple.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static String normalise(String text) {
        return text.replaceAll("[ \\t]+", " ").strip();
    }
}
