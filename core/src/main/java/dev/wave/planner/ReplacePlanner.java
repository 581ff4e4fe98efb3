package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.WaveException;
import dev.wave.plan.Durations;
import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Plans a find-and-replace or an import / module path update: finds the text files in scope that
 * contain the old text, and replaces it with built-in {@code replace} actions over explicit
 * {@code paths:}, in batches of neighbouring files (one batch per agent), then runs the project's
 * tests. A module path update renames whole dotted names only ({@code app.utils} but not
 * {@code myapp.utils} or {@code app.utilities}). An import update that names no old and new path
 * needs judgement: agent tasks over the files with import statements.
 *
 * <p>Scope: the languages or globs the goal names ("all Python files", "*.ts"), and the
 * directories it names ("in src/"); else every text file. Binary files (a NUL byte in the first
 * 8000 bytes), files over 10 MB, symbolic links and skipped directories are never in scope.
 */
final class ReplacePlanner {
    /** Estimated cost of a built-in replace: per file, plus reading and writing its bytes at 100 MB/s. */
    static final long REPLACE_MILLIS_PER_FILE = 1;
    static final long BYTES_PER_MILLI = 100_000;
    /** Estimated agent time to update the imports of one file (an estimate). */
    static final Duration AGENT_TIME_PER_FILE = Duration.ofMinutes(2);

    private static final java.util.regex.Pattern MODULE_MOVE = compile(
            "\\bfrom\\s+[`'\"]?([A-Za-z_][\\w./-]*[\\w])[`'\"]?\\s+(?:to|into)\\s+[`'\"]?([A-Za-z_][\\w./-]*[\\w])[`'\"]?",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern DIRECTORY = compile(
            "(?:\\b(?:in|under|within|inside)\\s+(?:the\\s+)?)`?([\\w.-]+(?:/[\\w.-]+)*)/?`?(?:\\s+(?:director(?:y|ies)|folders?|dirs?))?",
            CASE_INSENSITIVE);
    /** A dotted module name or a module path: {@code app.utils}, {@code src/lib/new}. */
    private static final java.util.regex.Pattern MODULE_NAME = compile("[A-Za-z_][\\w]*(?:\\.[A-Za-z_]\\w*)+|[\\w.-]+(?:/[\\w.-]+)+");
    private static final java.util.regex.Pattern IMPORT_LINE = compile(
            "(?m)^\\s*(?:import\\s|from\\s+\\S+\\s+import\\s|#include\\s|using\\s+[\\w.]+;|require\\s*\\(|use\\s+[\\w:]+)|\\brequire\\s*\\(|\\bimport\\s*\\(");

    private ReplacePlanner() {}

    /**
     * A find-and-replace: the goal names the old and the new text, or several pairs ("Fix typos:
     * 'recieve' -> 'receive' and 'occured' -> 'occurred"), replaced one pair after the other.
     */
    static GeneratedPlan findAndReplace(Goal goal, PatternMatcher.Match match) {
        if (TRAILING_WHITESPACE.matcher(goal.text()).find()) {
            return trailingWhitespace(goal, match);
        }
        Optional<WaveException> refusal = unusableReplacement(goal.text());
        if (refusal.isPresent()) {
            throw refusal.get();
        }
        List<PatternMatcher.Replacement> replacements = PatternMatcher.Replacement.findAll(goal.text());
        if (replacements.isEmpty()) {
            return withoutPair(goal, match);
        }
        for (int i = 0; i < replacements.size(); i++) {
            for (int j = i + 1; j < replacements.size(); j++) {
                PatternMatcher.Replacement first = replacements.get(i);
                PatternMatcher.Replacement later = replacements.get(j);
                if (first.with().contains(later.find()) || later.with().contains(first.find())) {
                    throw WaveException.invalidInput("the goal replaces '%s' with '%s' and '%s' with '%s': one would change what the "
                            + "other wrote, so the order would decide the result. Run them as two goals, in the order you mean.",
                            first.find(), first.with(), later.find(), later.with());
                }
            }
        }
        List<Edit> edits = new ArrayList<>();
        for (PatternMatcher.Replacement replacement : replacements) {
            edits.add(Edit.of(replacement, goal.text()));
        }
        return replace(goal, match, Pattern.FIND_AND_REPLACE, edits);
    }

    /** "Remove trailing whitespace", "strip the trailing spaces in src/", "trim trailing whitespace from all Python files". */
    static final java.util.regex.Pattern TRAILING_WHITESPACE = compile(
            "\\b(?:remove|strip|trim|delete|drop|clean(?:\\s+up)?|fix|get\\s+rid\\s+of)\\s+(?:all\\s+|the\\s+|any\\s+)*trailing\\s+"
                    + "(?:white\\s*-?\\s*spaces?|spaces?|blanks|tabs)\\b",
            CASE_INSENSITIVE);

    /**
     * Trailing spaces and tabs removed from every line, a built-in regular-expression replace over
     * the files in scope; with no language named, source files only, as trailing spaces can mean
     * something elsewhere (a Markdown line break, a patch's context line).
     */
    private static final Edit TRAILING = new Edit("trailing whitespace", "", true, "[ \\t]+$");

    private static GeneratedPlan trailingWhitespace(Goal goal, PatternMatcher.Match match) {
        FileScope scope = scope(goal);
        boolean sourcesOnly = scope.extensions().isEmpty() && scope.named().isEmpty()
                && scope.directories().stream().noneMatch(path -> Files.isRegularFile(goal.repository().resolve(path))); // "in docs/a.md"
        GeneratedPlan plan = replace(goal, match, Pattern.FIND_AND_REPLACE,
                List.of(TRAILING),
                sourcesOnly ? Languages::isSource : ALL);
        if (!sourcesOnly) {
            return plan;
        }
        List<String> notes = new ArrayList<>(plan.notes());
        notes.add(1, "No language named: source files only (Markdown, text and patch files can mean "
                + "something by trailing spaces); name the files (\"in all Markdown files\") to include others.");
        return new GeneratedPlan(plan.plan(), plan.pattern(), plan.taskType(), plan.findings(), notes, plan.batching());
    }

    /**
     * One text to replace: literal, or a regular expression that matches it as a whole name.
     *
     * @param expression what the action looks for: {@code find} itself, or the regular expression
     */
    record Edit(String find, String with, boolean regex, String expression) {
        /** The task title's verb and texts: {@code Replace "a" with "b"}. */
        String title() {
            return this.equals(TRAILING) ? "Remove trailing whitespace"
                    : "Replace \"" + find + "\" with \"" + with + "\"";
        }

        /** Whether the expression matches the text as a whole name (not only where it is not the new text yet). */
        boolean wholeWord() {
            return expression.contains("(?<![\\w$])") || expression.endsWith("(?![\\w$])");
        }

        static Edit literal(String find, String with) {
            return new Edit(find, with, false, find);
        }

        static Edit wholeName(String find, String with, String expression) {
            return new Edit(find, with, true, expression);
        }

        /**
         * "Rename the class Application to WadlApplication": a whole name, not inside WADLApplication or
         * ApplicationError; an unquoted text ("replace var with let") a whole name at its ends that are
         * letters; a quoted one as written.
         */
        static Edit of(PatternMatcher.Replacement replacement, String goal) {
            String find = replacement.find();
            if (IDENTIFIER.matcher(find).matches() && RENAMES_AN_IDENTIFIER.matcher(goal).find()
                    || replacement.wholeWords() && WORD_EDGE.matcher(find).find()) {
                String before = Character.isLetterOrDigit(find.charAt(0)) || find.charAt(0) == '_' || find.charAt(0) == '$'
                        ? "(?<![\\w$])" : "";
                char last = find.charAt(find.length() - 1);
                String after = Character.isLetterOrDigit(last) || last == '_' || last == '$' ? "(?![\\w$])" : "";
                return wholeName(find, replacement.with(), before + escape(find) + after);
            }
            String with = replacement.with();
            if (with.length() > find.length() && (with.startsWith(find) || with.endsWith(find))) {
                return wholeName(find, with, notYetReplaced(find, with, escape(find)));
            }
            return literal(find, with);
        }

        /**
         * {@code expression}, not where the text already reads as the new one: 'from a.util' -> 'from
         * a.utils' leaves "from a.utils" as it is (not "from a.utilss"), 'log' -> 'syslog' leaves "syslog".
         */
        private static String notYetReplaced(String find, String with, String expression) {
            if (with.length() > find.length() && with.startsWith(find)) {
                return expression + "(?!" + escape(with.substring(find.length())) + ")";
            }
            if (with.length() > find.length() && with.endsWith(find)) {
                return "(?<!" + escape(with.substring(0, with.length() - find.length())) + ")" + expression;
            }
            return expression;
        }

        /** What the action puts in: a regular expression's replacement has its {@code $} and {@code \\} quoted. */
        String replacement() {
            return regex ? Matcher.quoteReplacement(with) : with;
        }
    }

    private static final java.util.regex.Pattern WORD_EDGE = compile("^[\\w$]|[\\w$]$");
    private static final java.util.regex.Pattern IDENTIFIER = compile("[A-Za-z_$][\\w$]*");
    /** A goal that renames a name in code, which a replace must match as a whole word. */
    private static final java.util.regex.Pattern RENAMES_AN_IDENTIFIER = compile(
            "\\brename\\b|\\b(?:class|function|method|variable|identifier|constant|field|attribute|symbol|type|enum|interface)\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /**
     * A find-and-replace that names no exact old and new text ("Fix typo in README", "Replace the
     * old logger"): one agent task over the files the goal points at, and a note saying what a
     * built-in replace needs.
     */
    private static GeneratedPlan withoutPair(Goal goal, PatternMatcher.Match match) {
        FileScope scope = scope(goal);
        List<String> all = new ArrayList<>();
        List<String> inScope = new ArrayList<>();
        GeneratedFiles generated = GeneratedFiles.of(goal.repository(), scope);
        for (RepositoryFiles.FileEntry file : RepositoryFiles.list(goal.repository())) {
            if (generated.excludes(file.path())) {
                continue;
            }
            all.add(file.path());
            if (scope.contains(file.path()) && file.size() <= RepositoryFiles.MAX_TEXT_BYTES) {
                inScope.add(file.path());
            }
        }
        boolean narrowed = !scope.named().isEmpty() || !scope.directories().isEmpty() || !scope.extensions().isEmpty();
        List<String> owned = narrowed && inScope.size() <= GoalFacts.MAX_RELEVANT ? inScope
                : GoalFacts.pointedAt(goal.text(), all, goal.repository());
        List<String> findings = new ArrayList<>();
        findings.add(scope.line(inScope.size()));
        if (!owned.isEmpty()) {
            findings.add("files the goal points at: " + String.join(", ", owned));
        }
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: " + String.join(", ", match.triggers()));
        notes.add("The goal names no exact text to replace. Write it as 'old' -> 'new' (or: replace old with new) for a "
                + "built-in replace that wave runs; planned as an agent task, which this version shows and writes but does not run.");
        PlanBuilder builder = new PlanBuilder(goal.text(), TestCommand.detect(goal.repository()));
        boolean documents = !owned.isEmpty() && owned.stream().allMatch(Languages::isDocumentation);
        String edit = builder.agent("edit-text", CleanupPlanner.capitalise(shorten(goal.text())),
                documents ? Roles.TECHNICAL_WRITER : Roles.engineerFor(goal.text(), owned),
                Duration.ofMinutes(5), List.of(),
                "Do what the goal asks: " + goal.text() + (goal.text().endsWith(".") ? "" : ".")
                        + " Find each place with Grep first; change only the text the goal is about.",
                owned, Prompts.Access.EDIT,
                List.of("every occurrence the goal is about is changed", "no other text changed"));
        builder.verify(List.of(edit), false);
        return new GeneratedPlan(builder.build(), Pattern.FIND_AND_REPLACE, Pattern.FIND_AND_REPLACE.taskType(), findings,
                notes, Optional.empty());
    }

    /** The excluded directories or files of {@code leftAlone}, at most three, for a finding. */
    private static String abbreviate(List<String> globs, List<String> leftAlone) {
        List<String> shown = new ArrayList<>();
        for (String glob : globs) {
            if (!glob.startsWith("**/")) {
                shown.add(glob);
            }
        }
        if (shown.isEmpty()) {
            shown.addAll(leftAlone);
        }
        return shown.size() <= 3 ? String.join(", ", shown) : String.join(", ", shown.subList(0, 3)) + ", ...";
    }

    static String shorten(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }

    /**
     * Why a goal that quotes a pair of texts cannot be a find-and-replace, as a one-line refusal:
     * the old text is empty, or both are the same. Empty when the goal quotes no pair.
     */
    private static Optional<WaveException> unusableReplacement(String goal) {
        for (QuotedPairs.Pair pair : QuotedPairs.of(goal)) {
            if (pair.find().isEmpty()) {
                return Optional.of(WaveException.invalidInput("the goal's text to replace is empty ('' -> '%s'), and wave cannot search "
                        + "for empty text. Quote the text to replace, as in 'recieve' -> 'receive'.", pair.with()));
            }
            if (pair.find().equals(pair.with())) {
                return Optional.of(WaveException.invalidInput("the goal replaces '%s' with '%s', which changes nothing. Quote two "
                        + "different texts, as in 'recieve' -> 'receive'.", pair.find(), pair.with()));
            }
        }
        Optional<String> same = PatternMatcher.Replacement.sameOnBothSides(goal);
        if (same.isPresent()) {
            return Optional.of(WaveException.invalidInput("the goal replaces %s with %s, which changes nothing. Name two "
                    + "different texts, as in: replace old_name with new_name.", same.get(), same.get()));
        }
        return Optional.empty();
    }

    /** An import update: with old and new module paths, a whole-name replacement; without, agent tasks. */
    static GeneratedPlan imports(Goal goal, PatternMatcher.Match match) {
        Optional<PatternMatcher.Replacement> pair = PatternMatcher.Replacement.find(goal.text());
        Matcher move = MODULE_MOVE.matcher(goal.text());
        if (pair.isEmpty() && move.find()) {
            pair = Optional.of(new PatternMatcher.Replacement(move.group(1), move.group(2)));
        }
        if (pair.isEmpty()) {
            pair = ModulePlanner.namedMove(goal.text());
        }
        List<QuotedPairs.Quoted> quoted = QuotedPairs.quoted(goal.text());
        if (pair.isEmpty() && quoted.size() == 2 && quoted.stream().allMatch(q -> MODULE_NAME.matcher(q.text()).matches())) {
            // "Swap every 'app.utils' import for 'app.helpers'": two quoted module names, in the goal's order
            pair = Optional.of(new PatternMatcher.Replacement(quoted.get(0).text(), quoted.get(1).text()));
        }
        if (pair.isPresent() && pair.get().find().equals(pair.get().with())) {
            throw dev.wave.WaveException.invalidInput("the goal moves %s to itself. Name the new path: "
                    + "\"Update imports from OLD.PATH to NEW.PATH\".", pair.get().find());
        }
        if (pair.isPresent() && ModulePlanner.accepts(pair.get())) {
            return ModulePlanner.plan(goal, match, pair.get().find(), pair.get().with());
        }
        if (pair.isPresent()) {
            String old = pair.get().find();
            String regex = "(?<![\\w.])" + escape(old) + "(?![\\w])";
            return replace(goal, match, Pattern.IMPORT_UPDATE, old, pair.get().with(), true, regex);
        }
        return agentImports(goal, match);
    }

    private static GeneratedPlan replace(Goal goal, PatternMatcher.Match match, Pattern pattern, String find, String with,
            boolean regex, String expression) {
        return replace(goal, match, pattern, List.of(regex ? Edit.wholeName(find, with, expression) : Edit.literal(find, with)));
    }

    /**
     * Built-in replace tasks for each edit over the files in scope that hold its text, in batches of
     * neighbouring files; with several edits, each edit's tasks wait for the one before's, as they
     * may change the same files.
     */
    private static GeneratedPlan replace(Goal goal, PatternMatcher.Match match, Pattern pattern, List<Edit> edits) {
        return replace(goal, match, pattern, edits, ALL);
    }

    /** Every file the scope holds. */
    private static final java.util.function.Predicate<String> ALL = path -> true;

    private static GeneratedPlan replace(Goal goal, PatternMatcher.Match match, Pattern pattern, List<Edit> edits,
            java.util.function.Predicate<String> alsoInScope) {
        Path root = goal.repository();
        FileScope scope = scope(goal);
        List<String> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: " + String.join(", ", match.triggers()));
        for (Edit edit : edits) {
            notes.add((edit.equals(TRAILING) ? "Removing the spaces and tabs at the end of every line,"
                    : "Replacing \"" + edit.find() + "\" with \"" + edit.with() + "\"" + (!edit.regex() ? ", case-sensitive,"
                    : edit.wholeWord() ? " as a whole name," : ", case-sensitive, where it does not read as the new text already,"))
                    + " in " + scope.describe() + ".");
        }
        if (edits.size() > 1) {
            notes.add(edits.size() + " replacements, one after the other, in the goal's order.");
        }
        List<java.util.regex.Pattern> patterns = new ArrayList<>();
        for (Edit edit : edits) {
            patterns.add(edit.regex() ? compile(edit.expression(), java.util.regex.Pattern.MULTILINE) : null); // as the action reads it
        }
        List<List<String>> files = new ArrayList<>();
        List<Map<String, Long>> sizes = new ArrayList<>();
        long[] bytes = new long[edits.size()];
        int[] occurrences = new int[edits.size()];
        int[] binary = new int[edits.size()];
        for (int e = 0; e < edits.size(); e++) {
            files.add(new ArrayList<>());
            sizes.add(new HashMap<>());
        }
        int inScope = 0;
        GeneratedFiles generated = GeneratedFiles.of(root, scope);
        List<String> leftAlone = new ArrayList<>();
        for (RepositoryFiles.FileEntry file : RepositoryFiles.list(root)) {
            if (!scope.contains(file.path()) || !alsoInScope.test(file.path()) || file.size() > RepositoryFiles.MAX_TEXT_BYTES) {
                continue;
            }
            if (generated.excludes(file.path())) {
                leftAlone.add(file.path());
                continue;
            }
            inScope++;
            String content = read(root.resolve(file.path()));
            for (int e = 0; e < edits.size(); e++) {
                int count = patterns.get(e) != null ? count(patterns.get(e), content) : count(content, latin1(edits.get(e).find()));
                if (count == 0) {
                    continue;
                }
                if (RepositoryFiles.isBinary(content)) {
                    binary[e]++;
                    continue;
                }
                files.get(e).add(file.path());
                sizes.get(e).put(file.path(), file.size());
                bytes[e] += file.size();
                occurrences[e] += count;
            }
        }
        findings.add(scope.line(inScope));
        for (int e = 0; e < edits.size(); e++) {
            int count = files.get(e).size();
            findings.add(edits.get(e).equals(TRAILING)
                    ? count + (count == 1 ? " file has" : " files have") + " trailing whitespace (" + occurrences[e]
                            + (occurrences[e] == 1 ? " line)" : " lines)")
                    : count + (count == 1 ? " file contains \"" : " files contain \"") + edits.get(e).find() + "\" ("
                            + occurrences[e] + (occurrences[e] == 1 ? " occurrence)" : " occurrences)"));
        }
        if (!leftAlone.isEmpty()) {
            findings.add(leftAlone.size() + (leftAlone.size() == 1 ? " file" : " files") + " that git ignores or in caches "
                    + "left alone (" + abbreviate(generated.excludeGlobs(leftAlone), leftAlone) + "); name the directory "
                    + "(\"in DIR/\") to edit there");
        }
        for (int e = 0; e < edits.size(); e++) {
            if (binary[e] > 0) {
                String what = edits.size() == 1 ? "it" : "\"" + edits.get(e).find() + "\"";
                findings.add(binary[e] + (binary[e] == 1 ? " binary file also contains " + what + " and is left alone"
                        : " binary files also contain " + what + " and are left alone"));
            }
        }
        PlanBuilder builder = new PlanBuilder(goal.text(), TestCommand.detect(root));
        Optional<Batching> batching = Optional.empty();
        List<String> all = new ArrayList<>();
        List<String> previous = List.of();
        boolean filtered = alsoInScope != ALL;
        for (int e = 0; e < edits.size(); e++) {
            Edit edit = edits.get(e);
            String prefix = edits.size() == 1 ? "replace-" : "replace-" + (e + 1) + "-";
            List<String> tasks = new ArrayList<>();
            List<String> found = files.get(e);
            if (found.isEmpty() && filtered) {
                notes.add("No file in scope has " + edit.find() + ": the plan only lists the files that have it.");
                tasks.add(builder.builtin(prefix + "1", "List files with " + edit.find() + " (none were found)", Roles.FILE_OPERATOR,
                        Actions.findContaining(edit.expression()), Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), previous));
            } else if (found.isEmpty()) {
                notes.add(edits.size() == 1 ? "No file in scope contains it: the plan's one task replaces over the whole scope and is "
                        + "expected to change nothing." : "No file in scope contains \"" + edit.find() + "\": its one task replaces over "
                        + "the whole scope and is expected to change nothing.");
                tasks.add(builder.builtin(prefix + "1", edit.title() + " in " + scope.describe(),
                        Roles.FILE_OPERATOR, Actions.replaceGlob(scope.globs(), scope.excludeGlobs(generated.excludeGlobs(leftAlone)),
                                edit.expression(), edit.replacement(), edit.regex()),
                        Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), previous));
            } else {
                long work = found.size() * REPLACE_MILLIS_PER_FILE + bytes[e] / BYTES_PER_MILLI;
                Batching batches = Scaler.batch(found.size(), work, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS,
                        goal.limits(), goal.machine());
                if (batching.isEmpty() || batches.batches() > batching.get().batches()) {
                    batching = Optional.of(batches);
                }
                List<List<String>> parts = Partition.of(found, batches.batches());
                for (int i = 0; i < parts.size(); i++) {
                    List<String> part = parts.get(i);
                    long partBytes = 0;
                    for (String file : part) {
                        partBytes += sizes.get(e).get(file);
                    }
                    Duration estimate = Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()
                            + part.size() * REPLACE_MILLIS_PER_FILE + partBytes / BYTES_PER_MILLI);
                    tasks.add(builder.builtin(prefix + (i + 1),
                            edit.title() + " in " + part.size()
                                    + (part.size() == 1 ? " file in " : " files in ") + Partition.describeDirectories(part),
                            Roles.FILE_OPERATOR, Actions.replace(part, edit.expression(), edit.replacement(), edit.regex()), estimate,
                            previous));
                }
            }
            if (edit.wholeWord() && IDENTIFIER.matcher(edit.find()).matches() && RENAMES_AN_IDENTIFIER.matcher(goal.text()).find()) {
                for (String path : found) {
                    String name = RepositoryFiles.nameOf(path);
                    String renamed = edit.with() + ".java";
                    String sibling = RepositoryFiles.directoryOf(path).equals(".") ? renamed
                            : RepositoryFiles.directoryOf(path) + "/" + renamed;
                    if (name.equals(edit.find() + ".java") && IDENTIFIER.matcher(edit.with()).matches()
                            && !Files.exists(root.resolve(sibling))) {
                        // a public Java class lives in the file of its name: rename the file after its declaration
                        tasks.add(builder.builtin(prefix + "rename-file-" + (tasks.size() + 1), "Rename " + path + " to " + renamed,
                                Roles.FILE_OPERATOR, new dev.wave.plan.Action.Builtin(new dev.wave.plan.FileAction.Rename(
                                        new dev.wave.plan.FileAction.Scope(List.of(), List.of(path), List.of()),
                                        "^" + java.util.regex.Pattern.quote(name) + "$", renamed.replace("$", "\\$"),
                                        dev.wave.plan.FileAction.EntryType.FILE)),
                                Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), List.copyOf(tasks)));
                        notes.add("The class's file is renamed too (" + path + " -> " + sibling + "), after its text is replaced.");
                    }
                }
            }
            all.addAll(tasks);
            previous = tasks;
        }
        if (builder.verify(all, false).isEmpty()) {
            notes.add("No test command detected (Maven, Gradle, npm, pytest, go, cargo, make): no verification task.");
        }
        return new GeneratedPlan(builder.build(), pattern, pattern.taskType(), findings, notes, batching);
    }

    private static GeneratedPlan agentImports(Goal goal, PatternMatcher.Match match) {
        Path root = goal.repository();
        FileScope scope = scope(goal);
        List<String> files = new ArrayList<>();
        for (RepositoryFiles.FileEntry file : RepositoryFiles.list(root)) {
            if ((scope.extensions().isEmpty() ? Languages.isSource(file.path()) : scope.contains(file.path()))
                    && scope.inDirectories(file.path()) && file.size() <= RepositoryFiles.MAX_TEXT_BYTES
                    && IMPORT_LINE.matcher(read(root.resolve(file.path()))).find()) {
                files.add(file.path());
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: " + String.join(", ", match.triggers()));
        notes.add("The goal names no old and new module path (write \"from old.path to new.path\" for built-in replacements), "
                + "so agents update the imports.");
        List<String> findings = List.of(files.size() + (files.size() == 1 ? " source file has" : " source files have")
                + " import statements in " + scope.describe());
        PlanBuilder builder = new PlanBuilder(goal.text(), TestCommand.detect(root));
        Optional<Batching> batching = Optional.empty();
        List<String> edits = new ArrayList<>();
        if (files.isEmpty()) {
            edits.add(builder.agent("update-imports", "Update the import statements", Roles.BACKEND_ENGINEER,
                    Duration.ofMinutes(10), List.of(), "Update the import statements the goal describes: " + goal.text(),
                    List.of(), Prompts.Access.EDIT,
                    List.of("every import the goal describes uses the new path", "the project still builds")));
        } else {
            Batching batches = Scaler.batch(files.size(), AGENT_TIME_PER_FILE.toMillis() * files.size(), ExecutorKind.AGENT,
                    TaskType.FILE_OPERATIONS, goal.limits(), goal.machine());
            batching = Optional.of(batches);
            List<List<String>> parts = Partition.of(files, batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                edits.add(builder.agent("update-imports-" + (i + 1),
                        "Update imports in " + part.size() + (part.size() == 1 ? " file in " : " files in ")
                                + Partition.describeDirectories(part),
                        Roles.FILE_OPERATOR, AGENT_TIME_PER_FILE.multipliedBy(part.size()), List.of(),
                        "Update the import statements of the files you own as the goal describes: " + goal.text(),
                        part, Prompts.Access.EDIT,
                        List.of("every import in the owned files that the goal concerns uses the new module path",
                                "no other line changed")));
            }
            notes.add(files.size() + " files in " + parts.size() + (parts.size() == 1 ? " agent batch" : " agent batches")
                    + " (" + Durations.format(AGENT_TIME_PER_FILE) + " per file, estimate).");
        }
        builder.verify(edits, true);
        return new GeneratedPlan(builder.build(), Pattern.IMPORT_UPDATE, Pattern.IMPORT_UPDATE.taskType(), findings, notes,
                batching);
    }

    static FileScope scope(Goal goal) {
        return FileScope.of(goal.text(), goal.repository());
    }

    /** {@code text} as a regular expression that matches it literally, escaping each special character. */
    static String escape(String text) {
        return text.replaceAll("([\\\\.\\[\\]{}()<>*+?^$|=!:#-])", "\\\\$1");
    }

    /** The file's bytes as ISO-8859-1 text: one char per byte, so any encoding can be searched byte for byte. */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private static String latin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static int count(String content, String find) {
        int count = 0;
        for (int at = content.indexOf(find); at >= 0; at = content.indexOf(find, at + find.length())) {
            count++;
        }
        return count;
    }

    private static int count(java.util.regex.Pattern pattern, String content) {
        int count = 0;
        for (Matcher matcher = pattern.matcher(content); matcher.find(); ) {
            count++;
        }
        return count;
    }
}
