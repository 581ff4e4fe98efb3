package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.plan.Durations;
import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;

/**
 * Plans a cleanup: finds the actual targets (the kinds the goal names, or every standard kind for a
 * plain "clean up"), deletes them in batches of neighbouring paths (one batch per agent), then
 * removes the directories left empty, then runs the project's tests. Parts of the goal that need
 * judgement (unused imports, organising outputs) become agent tasks after the deletions.
 *
 * <p>The scan never follows symbolic links, never lists one as a target, and never enters
 * {@code .git}, {@code .wave} or the other directories of {@link RepositoryFiles#SKIPPED_DIRECTORIES}.
 */
final class CleanupPlanner {
    /** Estimated cost of deleting one file with a built-in action (an estimate). */
    static final long DELETE_MILLIS_PER_FILE = 1;
    /** Estimated agent time to review one source file for unused imports or dead code (an estimate). */
    static final Duration AGENT_TIME_PER_FILE = Duration.ofMinutes(1);

    static final Kind CHECKPOINTS = new Kind("checkpoint files (WAVE_*.txt)", false,
            name -> name.startsWith("WAVE_") && name.endsWith(".txt"), "checkpoint|\\bwave_");
    static final Kind PYCACHE = new Kind("__pycache__ directories", true, "__pycache__"::equals,
            "__pycache__|pycache|python cache|\\bcache (?:dir|director|folder)|\\bcaches\\b|compiled python|python bytecode");
    static final Kind PYC = new Kind("*.pyc files", false, name -> name.endsWith(".pyc") || name.endsWith(".pyo"),
            "\\.py[co]\\b|\\bpyc files|bytecode|compiled python|python cache");
    static final Kind DS_STORE = new Kind(".DS_Store files", false, ".DS_Store"::equals,
            "ds_store|system files|mac(?:os)? (?:junk|files)");
    static final Kind LOGS = new Kind("*.log files", false, name -> name.endsWith(".log"), "\\.log\\b|\\blog files?|\\blogs\\b");
    static final Kind COVERAGE = new Kind(".coverage files", false,
            name -> name.equals(".coverage") || name.startsWith(".coverage."), "\\.coverage\\b|coverage (?:files|data|reports?)");
    static final List<Kind> STANDARD = List.of(CHECKPOINTS, PYCACHE, PYC, DS_STORE, LOGS, COVERAGE);
    /** Kinds that are never sources: they go whether git tracks them or not. Other kinds are kept when tracked, unless named. */
    static final List<Kind> NEVER_SOURCE = List.of(PYCACHE, PYC, DS_STORE, COVERAGE);
    private static final java.util.regex.Pattern FIXTURES = compile(
            "(?:^|/)(?:fixtures?|__fixtures__|testdata|test_data|test-data|__snapshots__|snapshots|golden)/", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern FIXTURES_NAMED = compile("\\bfixtures?\\b|\\btest ?data\\b|\\bsnapshots?\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern NAME_GLOB = compile(
            "\\b(?:remove|delete|purge)\\s+(?:all\\s+)?(?:the\\s+)?(?:stray\\s+)?`?([\\w.-]*\\*[\\w.*-]*)`?", CASE_INSENSITIVE);
    static final String EMPTY_DIRECTORIES = "empty directories";

    private static final java.util.regex.Pattern GENERIC = compile("\\bclean(?:s|ing)?[ -]?up\\b|\\bcleanup\\b|\\btidy\\b|\\bdeclutter|\\bpurge\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern EMPTY = compile("\\bempty (?:dir|director|folder)", CASE_INSENSITIVE);
    /** One extension: {@code .orig}, {@code *.rej}. */
    private static final String ONE_EXTENSION = "\\*?\\.[a-z0-9]{1,10}";
    /** "Remove all .pyc files", "delete the .orig and .rej files", "purge all *.bak, *.tmp". */
    private static final java.util.regex.Pattern EXTENSION = compile(
            "\\b(?:remove|delete|purge)\\s+(?:all\\s+)?(?:the\\s+)?(" + ONE_EXTENSION + "(?:\\s*(?:,\\s*and|,\\s*or|,|/|\\band\\b|\\bor\\b)\\s*"
                    + ONE_EXTENSION + ")*)\\s+files?\\b|\\b(?:remove|delete|purge)\\s+all\\s+(\\*\\.[a-z0-9]{1,10}(?:\\s*(?:,\\s*and|,|/|\\band\\b)\\s*"
                    + "\\*\\.[a-z0-9]{1,10})*)\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern EXTENSION_IN_LIST = compile("\\.([a-z0-9]{1,10})", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern CLAUSE_SPLIT = compile("\\s*(?:[,;:.]\\s+|\\s+-\\s+|\\s+and\\s+|\\s+then\\s+|\\n)\\s*",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern PER_FILE_JUDGEMENT = compile("\\bunused imports?\\b|\\bdead code\\b",
            CASE_INSENSITIVE);
    /** A clause that moves files about: planned after the other clauses' agents, whose files it may move. */
    private static final java.util.regex.Pattern REORGANISE = compile(
            "\\b(?:re)?organi[sz]e|\\brestructure|\\bremaining files\\b|\\bmove\\b", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern VERIFICATION = compile(
            "\\btests? (?:still )?pass|\\bnothing (?:breaks|is broken)|\\bverify\\b|\\bmake sure\\b", CASE_INSENSITIVE);

    private CleanupPlanner() {}

    /**
     * A kind of cleanup target.
     *
     * @param label for findings and titles
     * @param directory whether targets are whole directories
     * @param name matches a target's file or directory name
     * @param mentioned matches goal words that name this kind
     */
    record Kind(String label, boolean directory, Predicate<String> name, String mentioned) {
        boolean isMentionedIn(String goal) {
            return compile(mentioned, CASE_INSENSITIVE).matcher(goal).find();
        }
    }

    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match) {
        String text = goal.text();
        FileScope scope = FileScope.of(text, goal.repository());
        Kept kept = Kept.of(scope.excluded().remainder()).with(Kept.of(text).kinds());
        Selection selection = kept.from(select(kept.remainder()));
        List<String> named = NamedDeletions.in(text, goal.repository());
        CleanupScan.Result scan = keepWhatIsNotJunk(
                withNamed(within(CleanupScan.scan(goal.repository(), selection.kinds(), selection.emptyDirectories()), scope), named),
                GitStatus.of(goal.repository()), text);
        Optional<TestCommand> tests = TestCommand.detect(goal.repository());
        PlanBuilder builder = new PlanBuilder(text, tests);
        List<String> findings = new ArrayList<>();
        // "Remove unused imports in all Python files" names no kind of file to delete: no deletion findings
        boolean deletes = selection.generic() || selection.emptyDirectories() || !selection.kinds().isEmpty() || !named.isEmpty();
        if (deletes) {
            findings.add("scope: " + (scope.directories().isEmpty() ? "the whole repository" : String.join("/, ", scope.directories()) + "/")
                    + (scope.excluded().isEmpty() ? "" : " except " + scope.excluded().describe())
                    + " (" + scan.targets().size() + (scan.targets().size() == 1 ? " target)" : " targets)"));
        }
        findings.addAll(findings(scan, selection));
        if (!kept.kinds().isEmpty()) {
            findings.add("kept, as the goal says: " + String.join(", ", kept.kinds()));
        }
        findings.addAll(scan.kept());
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: " + String.join(", ", match.triggers()));
        notes.add(selection.generic() ? "A plain clean-up: every standard kind of junk was looked for."
                : !selection.kinds().isEmpty() ? "Only the kinds the goal names were looked for."
                : !named.isEmpty() ? "Only the files the goal names are deleted." : "The goal names no kind of file to delete: no deletion.");

        // a name glob of wildcards and dots only (*.*, .*) selects files by no name: nearly every file of the repository
        Optional<String> broad = broadNameGlob(text);
        broad.ifPresent(glob -> notes.add(glob + " selects files by no name, so its deletions are critical: they run "
                + "alone, after a backup, with approval."));
        Optional<Batching> batching = Optional.empty();
        List<String> deletions = new ArrayList<>();
        if (!scan.targets().isEmpty()) {
            long work = 0;
            for (CleanupScan.Target target : scan.targets()) {
                work += target.files() * DELETE_MILLIS_PER_FILE;
            }
            Batching batches = Scaler.batch(scan.targets().size(), work, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS,
                    goal.limits(), goal.machine());
            batching = Optional.of(batches);
            List<List<CleanupScan.Target>> parts = Partition.of(scan.targets(), batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<CleanupScan.Target> part = parts.get(i);
                List<String> paths = new ArrayList<>();
                long files = 0;
                for (CleanupScan.Target target : part) {
                    paths.add(target.path());
                    files += target.files();
                }
                Duration estimate = Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis() + files * DELETE_MILLIS_PER_FILE);
                deletions.add(builder.builtin("delete-" + (i + 1),
                        "Delete " + part.size() + (part.size() == 1 ? " cleanup target in " : " cleanup targets in ")
                                + Partition.describeDirectories(paths) + broad.map(glob -> " (every " + glob + " file)").orElse(""),
                        Roles.FILE_OPERATOR, Actions.delete(paths), estimate, List.of(), broad.isPresent()));
            }
        }
        List<String> removals = new ArrayList<>();
        // remove-empty-dirs keeps the directory it starts in: a top-level directory that empties is
        // removed by one task over the whole repository that skips every top-level directory that stays.
        Set<String> vanishing = new TreeSet<>();
        for (String top : topLevel(scan.emptyAfterCleanup())) {
            if (scan.emptyAfterCleanup().contains(top)) {
                vanishing.add(top);
                continue;
            }
            int count = countUnder(scan.emptyAfterCleanup(), top, false);
            removals.add(builder.builtin("remove-empty-dirs-" + slug(top),
                    "Remove " + count + " empty " + (count == 1 ? "directory" : "directories") + " under " + top,
                    Roles.CLEANUP_SPECIALIST, Actions.removeEmptyDirectories(top, List.of()),
                    Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis() + count * DELETE_MILLIS_PER_FILE), deletions));
        }
        if (!vanishing.isEmpty()) {
            int count = 0;
            for (String top : vanishing) {
                count += countUnder(scan.emptyAfterCleanup(), top, true);
            }
            List<String> staying = new ArrayList<>();
            for (String top : RepositoryFiles.topLevelDirectories(goal.repository())) {
                if (!vanishing.contains(top)) {
                    staying.add(top);
                }
            }
            for (String skipped : new TreeSet<>(RepositoryFiles.SKIPPED_DIRECTORIES)) {
                staying.add("**/" + skipped);
            }
            removals.add(builder.builtin("remove-empty-dirs",
                    "Remove " + count + " empty " + (count == 1 ? "directory" : "directories") + ": "
                            + String.join(", ", vanishing) + (vanishing.size() == 1 ? " and what it holds" : " and what they hold"),
                    Roles.CLEANUP_SPECIALIST, Actions.removeEmptyDirectories(".", staying),
                    Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis() + count * DELETE_MILLIS_PER_FILE), deletions));
        }

        List<String> judgement = judgementTasks(goal, builder, deletions, notes, selection.kinds(), scope.excluded().remainder());
        List<String> all = builder.ids();
        if (builder.isEmpty()) {
            notes.add("Nothing to clean: the plan only lists what a clean-up would look for.");
            builder.builtin("find-cleanup-targets", "List cleanup targets (none were found)", Roles.CLEANUP_SPECIALIST,
                    Actions.find("**/{__pycache__,*.pyc,*.pyo,.DS_Store,*.log,.coverage,WAVE_*.txt}"),
                    Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), List.of());
        } else {
            Optional<String> verify = builder.verify(all, false);
            if (verify.isEmpty()) {
                notes.add("No test command detected (Maven, Gradle, npm, pytest, go, cargo, make): no verification task.");
            }
        }
        if (!judgement.isEmpty()) {
            notes.add("Agent tasks (" + judgement.size() + ") need agent execution to run; the built-in deletions do not.");
        }
        return new GeneratedPlan(builder.build(), Pattern.CLEANUP, Pattern.CLEANUP.taskType(), findings, notes, batching);
    }

    /**
     * Keeps the targets that may not be junk: a file git tracks, of a kind that can be a source or
     * data (logs, text files, kinds the goal did not name), or anything under a test fixtures
     * directory, unless the goal names it. Never-source kinds (bytecode, __pycache__, .DS_Store,
     * coverage data) go whether tracked or not. Adds the kept files and the counts of tracked,
     * untracked and ignored deletions to the result.
     */
    static CleanupScan.Result keepWhatIsNotJunk(CleanupScan.Result scan, GitStatus status, String goal) {
        List<CleanupScan.Target> deleted = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        int[] counts = new int[GitStatus.State.values().length];
        boolean fixturesNamed = FIXTURES_NAMED.matcher(goal).find();
        for (CleanupScan.Target target : scan.targets()) {
            GitStatus.State state = status.state(target.path());
            boolean neverSource = NEVER_SOURCE.contains(target.kind());
            boolean fixture = FIXTURES.matcher(target.path()).find();
            boolean named = fixture ? fixturesNamed : target.kind().isMentionedIn(goal);
            if (!neverSource && state == GitStatus.State.TRACKED && !named) {
                kept.add(target.path());
            } else {
                deleted.add(target);
                counts[state.ordinal()] += target.files();
            }
        }
        List<String> lines = new ArrayList<>(scan.kept());
        if (status.isRepository() && !deleted.isEmpty()) {
            lines.add("files to delete: " + counts[GitStatus.State.TRACKED.ordinal()] + " tracked, "
                    + counts[GitStatus.State.UNTRACKED.ordinal()] + " untracked, " + counts[GitStatus.State.IGNORED.ordinal()] + " ignored by git");
        }
        if (!kept.isEmpty()) {
            lines.add("kept, tracked by git and maybe not junk (name them in the goal to delete them): " + kept.size() + " ("
                    + String.join(", ", kept.subList(0, Math.min(8, kept.size()))) + (kept.size() > 8 ? ", ..." : "") + ")");
        }
        List<String> empty = new ArrayList<>();
        for (String directory : scan.emptyAfterCleanup()) {
            boolean holdsKept = false;
            for (String path : kept) {
                holdsKept |= path.startsWith(directory + "/");
            }
            if (!holdsKept) {
                empty.add(directory);
            }
        }
        return new CleanupScan.Result(deleted, empty, scan.emptyNow(), lines);
    }

    /** Files the goal deletes by their path ("delete the file click/py.typed"). */
    private static final Kind NAMED_FILES = new Kind("files named in the goal", false, name -> false, "(?s).");

    private static CleanupScan.Result withNamed(CleanupScan.Result scan, List<String> named) {
        if (named.isEmpty()) {
            return scan;
        }
        List<CleanupScan.Target> targets = new ArrayList<>(scan.targets());
        for (String path : named) {
            if (targets.stream().noneMatch(target -> target.path().equals(path))) {
                targets.add(new CleanupScan.Target(NAMED_FILES, path, 1));
            }
        }
        return new CleanupScan.Result(targets, scan.emptyAfterCleanup(), scan.emptyNow(), scan.kept());
    }

    /** The targets in the scope's directories and not left out by its negations, and the directories then left empty. */
    private static CleanupScan.Result within(CleanupScan.Result scan, FileScope scope) {
        if (scope.directories().isEmpty() && scope.excluded().isEmpty()) {
            return scan;
        }
        List<CleanupScan.Target> targets = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (CleanupScan.Target target : scan.targets()) {
            if (scope.inDirectories(target.path())) {
                targets.add(target);
            } else if (scope.directories().isEmpty() || under(target.path(), scope.directories())) {
                kept.add(target.path());
            }
        }
        List<String> empty = new ArrayList<>();
        for (String directory : scan.emptyAfterCleanup()) {
            if ((scope.directories().isEmpty() || under(directory, scope.directories())) && !scope.excluded().excludes(directory)
                    && kept.stream().noneMatch(path -> path.startsWith(directory + "/"))) {
                empty.add(directory);
            }
        }
        List<String> lines = kept.isEmpty() ? List.of() : List.of("left alone, as the goal says (except "
                + scope.excluded().describe() + "): " + kept.size() + " (" + String.join(", ", kept.subList(0, Math.min(8, kept.size())))
                + (kept.size() > 8 ? ", ..." : "") + ")");
        return new CleanupScan.Result(targets, empty, scan.emptyNow(), lines);
    }

    private static boolean under(String path, List<String> directories) {
        for (String directory : directories) {
            if (path.startsWith(directory + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The kinds a goal keeps ("Clean up the repository but keep the log files", "..., except the
     * .coverage files"): left out of the selection, and their words out of the text it is read from.
     *
     * @param kinds the labels of the kinds kept
     * @param remainder the goal without the clauses that keep them
     */
    record Kept(List<String> kinds, String remainder) {
        private static final java.util.regex.Pattern KEEP = compile(
                "(?:,\\s*)?\\b(?:but\\s+|and\\s+)?(?:keep(?:ing)?|preserv(?:e|ing)|except(?:\\s+for)?|excluding|not|leav(?:e|ing))\\s+"
                        + "(?:the\\s+|any\\s+|all\\s+|our\\s+)?((?:[^,;.]|\\.(?=\\w)){1,60}?)(?=\\s*(?:[,;]|\\.(?:\\s|$)|\\s+and\\s|\\s+then\\s|$))",
                CASE_INSENSITIVE);

        static Kept of(String goal) {
            List<String> kinds = new ArrayList<>();
            StringBuilder remainder = new StringBuilder();
            int last = 0;
            Matcher matcher = KEEP.matcher(goal);
            while (matcher.find()) {
                List<String> named = new ArrayList<>();
                for (Kind kind : select(matcher.group(1).matches("(?i).*\\bfiles?\\b.*") ? "delete all " + matcher.group(1)
                        : "delete all " + matcher.group(1) + " files").kinds()) {
                    named.add(kind.label());
                }
                for (Kind kind : STANDARD) {
                    if (kind.isMentionedIn(matcher.group(1)) && !named.contains(kind.label())) {
                        named.add(kind.label());
                    }
                }
                if (!named.isEmpty()) {
                    kinds.addAll(named);
                    remainder.append(goal, last, matcher.start()).append(' ');
                    last = matcher.end();
                }
            }
            remainder.append(goal.substring(last));
            return new Kept(kinds, remainder.toString().strip());
        }

        /** These kinds kept, and {@code more} ("except the logs" may also have left out a logs/ directory). */
        Kept with(List<String> more) {
            List<String> all = new ArrayList<>(kinds);
            more.stream().filter(kind -> !all.contains(kind)).forEach(all::add);
            return new Kept(all, remainder);
        }

        Selection from(Selection selection) {
            if (kinds.isEmpty()) {
                return selection;
            }
            List<Kind> left = new ArrayList<>();
            for (Kind kind : selection.kinds()) {
                if (!kinds.contains(kind.label())) {
                    left.add(kind);
                }
            }
            return new Selection(left, selection.emptyDirectories(), selection.generic());
        }
    }

    /** Which kinds to look for: those the goal names, or all for a plain clean-up. */
    record Selection(List<Kind> kinds, boolean emptyDirectories, boolean generic) {}

    static Selection select(String goal) {
        List<Kind> named = new ArrayList<>();
        for (Kind kind : STANDARD) {
            if (kind.isMentionedIn(goal)) {
                named.add(kind);
            }
        }
        Matcher extension = EXTENSION.matcher(goal);
        while (extension.find()) {
            Matcher each = EXTENSION_IN_LIST.matcher(extension.group(1) != null ? extension.group(1) : extension.group(2));
            while (each.find()) {
                String ext = each.group(1).toLowerCase(Locale.ROOT);
                boolean known = false;
                for (Kind kind : named) {
                    known |= kind.name().test("x." + ext) || kind.name().test("." + ext);
                }
                if (!known) {
                    named.add(new Kind("*." + ext + " files", false, name -> name.toLowerCase(Locale.ROOT).endsWith("." + ext),
                            "\\." + ext + "\\b"));
                }
            }
        }
        Matcher glob = NAME_GLOB.matcher(goal);
        while (glob.find()) {
            String pattern = glob.group(1);
            if (pattern.matches("\\*\\.[A-Za-z0-9]+") || pattern.equals("*")) {
                continue; // *.ext is an extension kind, above; "*" alone names nothing
            }
            java.util.regex.Pattern regex = compile(globToRegex(pattern), CASE_INSENSITIVE);
            named.add(new Kind(pattern + " files", false, name -> regex.matcher(name).matches(), ReplacePlanner.escape(pattern)));
        }
        boolean empty = EMPTY.matcher(goal).find();
        boolean generic = GENERIC.matcher(goal).find() && hasGenericClause(goal);
        if (generic) {
            List<Kind> kinds = new ArrayList<>(STANDARD);
            for (Kind kind : named) {
                if (!STANDARD.contains(kind)) {
                    kinds.add(kind);
                }
            }
            return new Selection(kinds, true, true);
        }
        return new Selection(named, empty, false);
    }

    /** The first name glob the goal deletes by that is made of wildcards and dots only ({@code *.*}, {@code .*}). */
    static Optional<String> broadNameGlob(String goal) {
        Matcher glob = NAME_GLOB.matcher(goal);
        while (glob.find()) {
            if (glob.group(1).matches("[*?.]*\\*[*?.]*") && !glob.group(1).equals("*")) {
                return Optional.of(glob.group(1));
            }
        }
        return Optional.empty();
    }

    /** A file-name glob ({@code temp_*.py}, {@code ?}) as a regular expression over a name. */
    static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(c == '*' ? "[^/]*" : c == '?' ? "[^/]" : java.util.regex.Pattern.quote(String.valueOf(c)));
        }
        return regex.toString();
    }

    /** A plain "clean up the repository" clause, not only "clean up the __pycache__ directories". */
    private static boolean hasGenericClause(String goal) {
        for (String clause : CLAUSE_SPLIT.split(goal)) {
            if (GENERIC.matcher(clause).find() && !mentionsAnyKind(clause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsAnyKind(String clause) {
        for (Kind kind : STANDARD) {
            if (kind.isMentionedIn(clause)) {
                return true;
            }
        }
        return EXTENSION.matcher(clause).find() || EMPTY.matcher(clause).find() || NAME_GLOB.matcher(clause).find();
    }

    private static List<String> findings(CleanupScan.Result scan, Selection selection) {
        Map<Kind, int[]> counts = new LinkedHashMap<>();
        for (Kind kind : selection.kinds()) {
            counts.put(kind, new int[2]);
        }
        for (CleanupScan.Target target : scan.targets()) {
            int[] count = counts.computeIfAbsent(target.kind(), kind -> new int[2]);
            count[0]++;
            count[1] += target.files();
        }
        List<String> findings = new ArrayList<>();
        counts.forEach((kind, count) -> findings.add(kind.label() + ": " + count[0]
                + (kind.directory() && count[0] > 0 ? " (" + count[1] + (count[1] == 1 ? " file" : " files") + " inside)" : "")));
        if (selection.emptyDirectories()) {
            findings.add(EMPTY_DIRECTORIES + " once the targets are gone: " + scan.emptyAfterCleanup().size() + " ("
                    + scan.emptyNow() + " empty now)");
        }
        return findings;
    }

    /** How many of the directories are below {@code top}, and {@code top} itself when {@code inclusive}. */
    private static int countUnder(List<String> directories, String top, boolean inclusive) {
        int count = 0;
        for (String directory : directories) {
            count += directory.startsWith(top + "/") || inclusive && directory.equals(top) ? 1 : 0;
        }
        return count;
    }

    /** The first path segments of the directories, in order: one remove-empty-dirs task each. */
    private static Set<String> topLevel(List<String> directories) {
        Set<String> tops = new TreeSet<>();
        for (String directory : directories) {
            int slash = directory.indexOf('/');
            tops.add(slash < 0 ? directory : directory.substring(0, slash));
        }
        return tops;
    }

    /**
     * Clauses of the goal that no built-in action covers become agent tasks after the deletions:
     * unused imports and dead code in batches of source files, anything else as one task each; a
     * clause that organises or moves files waits for the others (tasks without a scope may run at
     * the same time, and a file moved while another agent edits it would conflict).
     */
    private static List<String> judgementTasks(Goal goal, PlanBuilder builder, List<String> deletions, List<String> notes,
            List<Kind> kinds, String clauses) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<String> sources = null; // listed once, on the first per-file clause
        List<String> reorganise = new ArrayList<>();
        for (String clause : CLAUSE_SPLIT.split(clauses)) {
            String trimmed = clause.strip().replaceAll("[.!]+$", "").replaceFirst("(?i)^(?:and|then|also|or)\\s+", "");
            if (trimmed.split("\\s+").length < 2 || GENERIC.matcher(trimmed).find() && !mentionsAnyKind(trimmed)
                    && !PER_FILE_JUDGEMENT.matcher(trimmed).find()) {
                continue;
            }
            if (mentionsAnyKind(trimmed) || VERIFICATION.matcher(trimmed).find()
                    || kinds.stream().anyMatch(kind -> kind.isMentionedIn(trimmed)) || NamedDeletions.NAMED.matcher(trimmed).find()) {
                continue;
            }
            Matcher perFile = PER_FILE_JUDGEMENT.matcher(trimmed);
            if (perFile.find()) {
                String what = perFile.group().toLowerCase(Locale.ROOT);
                if (seen.add(what)) {
                    if (sources == null) {
                        sources = sourceFiles(goal);
                    }
                    ids.addAll(perFileTasks(goal, builder, what, sources, deletions, notes));
                }
                continue;
            }
            if (seen.add(trimmed.toLowerCase(Locale.ROOT))) {
                if (REORGANISE.matcher(trimmed).find()) {
                    reorganise.add(trimmed);
                } else {
                    ids.add(clauseTask(builder, trimmed, deletions));
                }
            }
        }
        List<String> before = new ArrayList<>(deletions);
        before.addAll(ids);
        for (String clause : reorganise) { // moves files the other agents edit: after them, one at a time
            String id = clauseTask(builder, clause, List.copyOf(before));
            ids.add(id);
            before.add(id);
        }
        return ids;
    }

    private static String clauseTask(PlanBuilder builder, String clause, List<String> dependsOn) {
        return builder.agent("cleanup-" + slug(clause), capitalise(clause), Roles.CLEANUP_SPECIALIST, Duration.ofMinutes(8),
                dependsOn, capitalise(clause) + ", as part of cleaning up the repository. Keep every change reversible and "
                        + "explain each in the checkpoint.",
                List.of(), Prompts.Access.EDIT,
                List.of("the clause \"" + clause + "\" of the goal is done",
                        "no source behaviour changed; nothing outside the repository was touched"));
    }

    /** The source files in the goal's scope: its languages, its directories, less what its negations leave out. */
    private static List<String> sourceFiles(Goal goal) {
        FileScope scope = FileScope.of(goal.text(), goal.repository());
        List<String> extensions = new ArrayList<>();
        for (String extension : Languages.extensionsNamedIn(scope.excluded().remainder())) {
            if (Languages.isSource("x." + extension)) {
                extensions.add(extension); // a goal naming *.pyc files to delete does not make .pyc a source language
            }
        }
        List<String> files = new ArrayList<>();
        for (RepositoryFiles.FileEntry file : RepositoryFiles.list(goal.repository())) {
            if ((extensions.isEmpty() ? Languages.isSource(file.path()) : Languages.hasExtension(file.path(), extensions))
                    && scope.inDirectories(file.path())) {
                files.add(file.path());
            }
        }
        return files;
    }

    private static List<String> perFileTasks(Goal goal, PlanBuilder builder, String what, List<String> sources,
            List<String> deletions, List<String> notes) {
        if (sources.isEmpty()) {
            notes.add("No source files found for \"" + what + "\": no task for it.");
            return List.of();
        }
        List<String> files = sources;
        if (what.startsWith("unused import")) {
            files = UnusedImportScan.candidates(goal.repository(), sources);
            if (files.size() < sources.size()) {
                notes.add(capitalise(what) + ": " + (sources.size() - files.size()) + " of " + sources.size() + " Python "
                        + "files left alone: every name they import is used in them (or they are __init__.py re-exports).");
            }
            if (files.isEmpty()) {
                return List.of();
            }
        }
        Batching batching = Scaler.batch(files.size(), AGENT_TIME_PER_FILE.toMillis() * files.size(), ExecutorKind.AGENT,
                TaskType.CODE_ANALYSIS, goal.limits(), goal.machine());
        List<String> ids = new ArrayList<>();
        List<List<String>> parts = Partition.of(files, batching.batches());
        String slug = slug(what);
        for (int i = 0; i < parts.size(); i++) {
            List<String> part = parts.get(i);
            ids.add(builder.agent(slug + "-" + (i + 1),
                    "Remove " + what + " in " + part.size() + (part.size() == 1 ? " file in " : " files in ")
                            + Partition.describeDirectories(part),
                    Roles.CODE_ANALYZER, AGENT_TIME_PER_FILE.multipliedBy(part.size()), deletions,
                    "Remove " + what + " from the files you own. Remove only what is certainly unused (no re-exports, "
                            + "no side-effect imports, nothing used by reflection or string lookups). Change nothing else.",
                    part, Prompts.Access.EDIT_IF_NEEDED,
                    List.of("no " + what + " remain in the owned files",
                            "each owned file still parses; behaviour is unchanged")));
        }
        notes.add(capitalise(what) + ": " + files.size() + " source files in " + parts.size()
                + (parts.size() == 1 ? " agent batch" : " agent batches") + " ("
                + Durations.format(AGENT_TIME_PER_FILE) + " per file, estimate).");
        return ids;
    }

    static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "root" : slug;
    }

    static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
