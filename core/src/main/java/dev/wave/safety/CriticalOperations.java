package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.request.Requests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the critical tasks of a plan: those that say so ({@code critical: true}), those whose title,
 * prompt or command names a critical operation (the seeds' keywords, plus any configured), and those
 * whose command (or verify command) does something destructive, read as the shell would read it
 * ({@link DangerousCommands}): force pushes in any spelling, {@code git reset --hard}, deleting
 * branches, tags and refs, history rewrites, {@code DROP TABLE}, wiping disks, recursive removals
 * reaching outside the repository, and the like; a command wave cannot read with confidence
 * ({@code eval}, inline interpreter code) counts as destructive. A built-in {@code delete} or {@code move}
 * is critical when one of its globs is broad ({@link Globs#broad}: {@code **}, {@code **}{@code /*.*}).
 *
 * <p>A keyword matches as whole words, case-insensitive, plurals included ("drop tables" matches
 * "drop table", "truncated" does not match "truncate"), in time linear in the text.
 *
 * <p>Immutable and thread-safe.
 */
public final class CriticalOperations {
    /** The seeds' critical keywords. */
    public static final List<String> DEFAULT_KEYWORDS = Requests.defaultCriticalKeywords();


    private final List<String> keywords;
    private final List<Pattern> keywordPatterns;
    /** The same keywords, not matching inside a path ({@code functions/truncate.js}): for built-in actions' texts. */
    private final List<Pattern> keywordOutsidePaths;
    private final List<String> loweredKeywords;
    private final boolean readsPrompts;

    private CriticalOperations(List<String> keywords, boolean readsPrompts) {
        this.keywords = List.copyOf(keywords);
        this.readsPrompts = readsPrompts;
        List<Pattern> patterns = new ArrayList<>(keywords.size());
        List<Pattern> outsidePaths = new ArrayList<>(keywords.size());
        for (String keyword : keywords) {
            String words = Pattern.quote(normalise(keyword));
            patterns.add(Pattern.compile("(?<![\\w-])" + words + "(?:s|es)?(?![\\w])", Pattern.CASE_INSENSITIVE));
            outsidePaths.add(Pattern.compile("(?<![\\w./\\\\-])" + words + "(?:s|es)?(?![\\w/\\\\]|\\.\\w)",
                    Pattern.CASE_INSENSITIVE));
        }
        this.keywordPatterns = List.copyOf(patterns);
        this.keywordOutsidePaths = List.copyOf(outsidePaths);
        this.loweredKeywords = keywords.stream().map(keyword -> normalise(keyword).toLowerCase(Locale.ROOT)).toList();
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
        return reasons(task, workDirectory, new HashMap<>());
    }

    /**
     * As {@link #reasons(Task, Path)}; {@code dangerous} holds the dangerous operations of each command already read
     * in {@code workDirectory}: a plan's tasks often share one command ({@code make test}, {@code true}), which is then
     * parsed once.
     */
    private List<String> reasons(Task task, Path workDirectory, Map<String, List<String>> dangerous) {
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
        task.verify().ifPresent(verify -> texts.put("its verify command", verify));
        texts.replaceAll((where, text) -> normalise(text));
        Map<String, String> lowered = new java.util.HashMap<>();
        texts.forEach((where, text) -> lowered.put(where, text.toLowerCase(Locale.ROOT)));
        // a built-in action's texts name the files it edits: a keyword there as a file name is no operation
        List<Pattern> patterns = action instanceof Action.Builtin ? keywordOutsidePaths : keywordPatterns;
        for (int k = 0; k < keywords.size(); k++) {
            for (Map.Entry<String, String> text : texts.entrySet()) {
                // a plain search first: the pattern runs only where the words are (it is slower on long texts)
                if (lowered.get(text.getKey()).contains(loweredKeywords.get(k))
                        && patterns.get(k).matcher(text.getValue()).find()) {
                    reasons.add("keyword \"" + keywords.get(k) + "\" in " + text.getKey());
                    break;
                }
            }
        }
        if (action instanceof Action.Shell shell) {
            reasons.addAll(dangerous.computeIfAbsent(shell.command(), command -> dangerous(command, workDirectory)));
        }
        if (action instanceof Action.Builtin builtin) {
            broadGlob(builtin.fileAction()).ifPresent(reasons::add);
        }
        task.verify().ifPresent(verify -> dangerous.computeIfAbsent(verify, command -> dangerous(command, workDirectory)).forEach(
                reason -> reasons.add(reason + " in its verify command")));
        return reasons;
    }

    /** The critical tasks of a plan, in plan order, with their reasons. */
    public CriticalTasks detect(Plan plan, Path workDirectory) {
        requireNonNull(plan, "plan is null");
        requireNonNull(workDirectory, "workDirectory is null");
        List<CriticalTask> found = new ArrayList<>();
        Map<String, List<String>> dangerous = new HashMap<>();
        for (Task task : plan.tasks()) {
            List<String> reasons = reasons(task, workDirectory, dangerous);
            if (!reasons.isEmpty()) {
                found.add(new CriticalTask(task.id(), reasons));
            }
        }
        return new CriticalTasks(found);
    }

    /**
     * The destructive operations in a shell command, as reasons (see {@link DangerousCommands}): the
     * command is read as a shell would read it, and a command wave cannot read with confidence is
     * reported as such.
     */
    static List<String> dangerous(String command, Path workDirectory) {
        return DangerousCommands.reasons(command, workDirectory);
    }

    /**
     * Why a built-in delete or move is critical: one of its globs selects by no name ({@link Globs#broad}), such as
     * {@code **}, {@code *} or {@code **}{@code /*.*}: it empties the repository, or nearly.
     */
    static java.util.Optional<String> broadGlob(dev.wave.plan.FileAction action) {
        String verb;
        List<String> globs;
        if (action instanceof dev.wave.plan.FileAction.Delete delete) {
            verb = "deletes";
            globs = delete.scope().globs();
        } else if (action instanceof dev.wave.plan.FileAction.Move move) {
            verb = "moves";
            globs = move.scope().globs();
        } else {
            return java.util.Optional.empty();
        }
        for (String glob : globs) {
            if (matchesEveryPath(glob)) {
                return java.util.Optional.of(verb + " everything glob '" + glob + "' matches, the whole repository");
            }
            if (Globs.broad(glob)) {
                return java.util.Optional.of(verb + " every file glob '" + glob + "' matches, across the repository");
            }
        }
        return java.util.Optional.empty();
    }

    /** A glob made of wildcards only ({@code **}, {@code *}, {@code **}{@code /*}): it matches every entry at its depth. */
    static boolean matchesEveryPath(String glob) {
        for (String segment : glob.split("/", -1)) {
            if (!segment.equals("*") && !segment.equals("**")) {
                return false;
            }
        }
        return true;
    }

    private static final Pattern BLANKS = Pattern.compile("[ \\t]+");

    private static String normalise(String text) {
        if (text.indexOf('\t') < 0 && !text.contains("  ")) {
            return text.strip(); // no run of blanks to fold: the common case, without a matcher
        }
        return BLANKS.matcher(text).replaceAll(" ").strip();
    }
}
