package dev.wave.planner;

import static java.util.regex.Pattern.compile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Recognises a goal's pattern from trigger words. Each pattern's triggers carry weights; the
 * pattern with the highest total wins, ties going to the more specific pattern (the order of
 * {@link #PRECEDENCE}); a total under {@link #MINIMUM_SCORE} is unrecognised. A goal naming an
 * exact replacement ("recieve" -> "receive") with a word such as typo, replace or rename is a
 * find-and-replace whatever else it says.
 */
final class PatternMatcher {
    static final int MINIMUM_SCORE = 2;
    static final List<Pattern> PRECEDENCE = List.of(Pattern.FIND_AND_REPLACE, Pattern.IMPORT_UPDATE, Pattern.CLEANUP,
            Pattern.DATABASE_MIGRATION, Pattern.BUG_FIX, Pattern.TESTING_SUITE, Pattern.REFACTORING,
            Pattern.CODE_GENERATION, Pattern.CODE_ADDITION, Pattern.FULL_STACK_FEATURE);

    private static final Map<Pattern, List<Trigger>> TRIGGERS = new EnumMap<>(Pattern.class);

    static {
        triggers(Pattern.CLEANUP,
                3, "\\bclean(?:s|ing)?[ -]?up\\b", 3, "\\bcleanup\\b", 3, "\\btid(?:y|y up)\\b", 3, "\\bdeclutter",
                3, "\\bpurge\\b", 3, "__pycache__", 3, "\\.pyc\\b", 3, "\\.ds_store", 3, "checkpoint files",
                3, "wave_\\*", 3, "\\bempty (?:dir|director|folder)", 3, "\\bcache (?:dir|director|folder|files)",
                2, "\\b(?:remove|delete) (?:all|every|each|any) (?:the )?(?:\\S+ ){0,3}?(?:files?|dirs?|director(?:y|ies)|"
                        + "folders?|caches?|logs|artifacts|junk|backups|outputs)\\b|\\b(?:remove|delete) (?:all|every|each|any) "
                        + "(?:the )?\\S*[.*]", 2, "\\blog files?\\b", 2, "\\.log\\b",
                2, "\\.coverage\\b", 3, "\\bcompiled python\\b|\\bpython bytecode\\b",
                3, NamedDeletions.READS_AS_FILE,
                3, "\\b(?:remove|delete|purge)\\s+(?:the\\s+)?\\*?\\.[a-z0-9]{1,10}(?:\\s*(?:,|\\band\\b|\\bor\\b|/)\\s*\\*?\\.[a-z0-9]{1,10})*\\s+files?\\b",
                2, "\\btemp(?:orary)? files\\b", 1, "\\bjunk\\b", 1, "\\bstale\\b",
                3, "\\b(?:remove|delete|drop|strip|prune|clean(?: up)?|get rid of) (?:all |the |any |every )?(?:unused imports?|dead code)\\b");
        triggers(Pattern.FIND_AND_REPLACE,
                3, "\\btypos?\\b", 3, "\\breplace\\b", 4, "\\bfind[ -]and[ -]replace\\b", 4, "\\bsearch[ -]and[ -]replace\\b",
                2, "\\bmisspell", 1, "\\bspelling\\b");
        triggers(Pattern.IMPORT_UPDATE,
                4, "\\bimport statements?\\b", 2, "\\bimports?\\b", 4, "\\bmodule paths?\\b", 3, "\\bpackage paths?\\b",
                2, "\\bfrom [\\w.]+ import\\b", -4, "\\bunused imports?\\b",
                4, "\\b(?:move|rename|relocate)\\s+(?:the\\s+)?(?:python\\s+|java\\s+)?(?:module|package)\\b");
        triggers(Pattern.FULL_STACK_FEATURE,
                2, "\\bfeatures?\\b", 2, "\\bfrontend\\b", 2, "\\bbackend\\b", 1, "\\bapi\\b", 2, "\\bendpoints?\\b",
                2, "\\bcomponents?\\b", 1, "\\bpages?\\b", 2, "\\bbuttons?\\b", 2, "\\btoggle\\b", 1, "\\bui\\b",
                2, "\\bimplement", 1, "\\badd\\b", 1, "\\bbuild\\b", 2, "\\bdark mode\\b", 1, "\\bforms?\\b",
                1, "\\bmodal\\b", 1, "\\bscreen\\b", 1, "\\b(?:application|app)\\b", 1, "\\bsupport for\\b");
        triggers(Pattern.CODE_ADDITION,
                4, "\\b(?:add|write|create|introduce|implement)\\s+(?:a|an|one|the)\\s+(?:new\\s+)?(?:[\\w-]+\\s+){0,3}?"
                        + "(?:helpers?|functions?|methods?|utilit(?:y|ies)|utils?|decorators?|wrappers?|context managers?|"
                        + "constants?|properties|property|dataclass|enum|exception class|classmethod|staticmethod)\\b",
                4, "\\b(?:add|write)\\s+(?:the\\s+)?(?:missing\\s+)?(?:type hints|type annotations|annotations|docstrings)\\b");
        triggers(Pattern.BUG_FIX,
                4, "\\bfix (?:the |a |this )?bug", 3, "\\bbugs?\\b", 3, "\\bcrash(?:es|ed|ing)?\\b", 3, "\\bnot working\\b",
                3, "\\bbroken\\b", 1, "\\berrors?\\b", 1, "\\bissues?\\b", 2, "\\bfail(?:s|ed|ing)?\\b",
                2, "\\bexceptions?\\b", 2, "\\bregression\\b", 1, "\\bfix(?:es)?\\b", 2, "\\bwrong\\b");
        triggers(Pattern.DATABASE_MIGRATION,
                3, "\\bmigrations?\\b", 4, "\\bmigrate (?:the )?(?:database|db|schema)\\b", 4, "\\balembic\\b",
                3, "\\bcolumns?\\b", 4, "\\balter table\\b", 4, "\\bdrop table\\b", 2, "\\bschema\\b",
                1, "\\b(?:database|db)\\b", 1, "\\btables?\\b", 1, "\\bindex on\\b");
        triggers(Pattern.TESTING_SUITE,
                1, "\\btests?\\b", 3, "\\b(?:add|write|create) (?:\\S+ ){0,3}tests\\b", 2, "\\btest coverage\\b",
                2, "\\bunit tests\\b", 2, "\\bintegration tests\\b", 2, "\\b(?:e2e|end-to-end)\\b",
                3, "\\btest(?:ing)? suite\\b", 3, "\\bcomprehensive testing\\b");
        triggers(Pattern.REFACTORING,
                4, "\\brefactor", 3, "\\brestructur", 3, "\\breorgani[sz]", 2, "\\bextract\\b", 2, "\\basync/await\\b",
                3, "\\brename (?:the )?(?:class|function|method|module|variable|package)", 2, "\\bsimplif",
                2, "\\bduplicate code\\b", 2, "\\bdeduplicate\\b", 2, "\\bsplit (?:the )?(?:\\S+ )?(?:module|class|file)",
                1, "\\bclean code\\b");
        triggers(Pattern.CODE_GENERATION,
                3, "\\bgenerate\\b", 4, "\\bscaffold", 4, "\\bboilerplate\\b", 3, "\\bcreate all\\b",
                3, "\\bclient librar(?:y|ies)\\b", 1, "\\bstubs?\\b", 2, "\\bsdks?\\b", 4, "\\bcode ?gen(?:eration)?\\b");
    }

    private PatternMatcher() {}

    /** A recognised pattern and the trigger words that decided it. */
    record Match(Pattern pattern, int score, List<String> triggers) {}

    private record Trigger(java.util.regex.Pattern regex, int weight) {}

    private static final java.util.regex.Pattern TEST_RUN = compile(
            "^(?:please\\s+)?(?:run|execute|rerun|re-run)\\s+(?:all\\s+|the\\s+|every\\s+|our\\s+|of\\s+)*(?:\\w+\\s+)?(?:tests|test suite|test files|specs|suite)\\b");

    static Match match(String goal) {
        String text = goal.toLowerCase(Locale.ROOT);
        if (FileRenamePlanner.extensions(goal).isPresent()) {
            return new Match(Pattern.FILE_RENAME, 10, List.of("a rename of file extensions"));
        }
        if (TEST_RUN.matcher(text.strip()).find() && !matches(text, "\\b(?:fix|write|add|create|refactor|update|repair|debug)\\b")) {
            return new Match(Pattern.TEST_RUN, 10, List.of("run the tests"));
        }
        if (FixTemplates.isReview(goal)) {
            return new Match(Pattern.UNRECOGNISED, 0, List.of(FixTemplates.access(goal) == Prompts.Access.READ_ONLY
                    ? "a review that changes nothing" : "a review that changes files only if needed"));
        }
        if (ReplacePlanner.TRAILING_WHITESPACE.matcher(goal).find()) {
            return new Match(Pattern.FIND_AND_REPLACE, 10, List.of("trailing whitespace"));
        }
        if (ModulePlanner.namedMove(goal).isPresent()) {
            List<String> words = new ArrayList<>(words(text, Pattern.IMPORT_UPDATE));
            words.add(0, "a module named with its new name");
            return new Match(Pattern.IMPORT_UPDATE, 10 + score(text, Pattern.IMPORT_UPDATE), words);
        }
        if (Replacement.find(goal).isPresent() && score(text, Pattern.IMPORT_UPDATE) >= 2) {
            return new Match(Pattern.IMPORT_UPDATE, 10 + score(text, Pattern.IMPORT_UPDATE), words(text, Pattern.IMPORT_UPDATE));
        }
        if (Replacement.find(goal).isPresent() && matches(text, "\\btypos?\\b|\\breplace|\\brename|\\bchange|\\bfix|\\bcorrect|\\bswap|\\bspell")) {
            List<String> words = new ArrayList<>(words(text, Pattern.FIND_AND_REPLACE));
            words.add(0, "an exact replacement");
            return new Match(Pattern.FIND_AND_REPLACE, 10 + score(text, Pattern.FIND_AND_REPLACE), words);
        }
        Match best = new Match(Pattern.UNRECOGNISED, 0, List.of());
        for (Pattern pattern : PRECEDENCE) {
            int score = score(text, pattern);
            if (score > best.score()) {
                best = new Match(pattern, score, words(text, pattern));
            }
        }
        return best.score() >= MINIMUM_SCORE ? best : new Match(Pattern.UNRECOGNISED, best.score(), List.of());
    }

    private static int score(String text, Pattern pattern) {
        int score = 0;
        for (Trigger trigger : TRIGGERS.getOrDefault(pattern, List.of())) {
            if (trigger.regex().matcher(text).find()) {
                score += trigger.weight();
            }
        }
        return score;
    }

    private static List<String> words(String text, Pattern pattern) {
        List<String> words = new ArrayList<>();
        for (Trigger trigger : TRIGGERS.getOrDefault(pattern, List.of())) {
            Matcher matcher = trigger.regex().matcher(text);
            if (trigger.weight() > 0 && matcher.find()) {
                words.add(matcher.group().strip());
            }
        }
        return words;
    }

    private static boolean matches(String text, String regex) {
        return compile(regex).matcher(text).find();
    }

    private static void triggers(Pattern pattern, Object... weightsAndRegexes) {
        List<Trigger> triggers = new ArrayList<>();
        for (int i = 0; i < weightsAndRegexes.length; i += 2) {
            triggers.add(new Trigger(compile((String) weightsAndRegexes[i + 1]), (Integer) weightsAndRegexes[i]));
        }
        TRIGGERS.put(pattern, List.copyOf(triggers));
    }

    /** An exact replacement named in a goal: {@code "recieve" -> "receive"}, {@code replace 'a' with 'b'}. */
    record Replacement(String find, String with, boolean wholeWords) {
        /** A replacement of the text as written, wherever it occurs. */
        Replacement(String find, String with) {
            this(find, with, false);
        }

        private static final java.util.regex.Pattern TYPOS = compile("\\btypos?\\b|\\bmisspel|\\bspelling\\b",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        /** Unquoted URLs: "replace http://a.example/x with https://b.example/x", "change the link http://... to https://...". */
        private static final String URL = "[a-z][a-z0-9+.-]*://[^\\s'\"<>]*[^\\s'\"<>.,;:!?)]";
        private static final java.util.regex.Pattern URLS = compile(
                "\\b(?:replace|change|update|switch|swap|point)\\s+(?:all\\s+|every\\s+)?(?:(?:occurrences?|uses?|links?|references?"
                        + "|mentions?)\\s+(?:of|to)\\s+)?(?:the\\s+)?(?:(?:url|link|address)\\s+)?(" + URL + ")\\s+(?:with|by|to|into|for)\\s+"
                        + "(?:the\\s+)?(?:(?:url|link|address)\\s+)?(" + URL + ")(?=[.,;:!?)]*(?:\\s|$))",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        private static final java.util.regex.Pattern ARROW = compile(
                "(?<![\\w.])([\\w.$-]+)\\s*(?:->|\u2192|=>|\u21d2)\\s*([\\w.$-]+)(?![\\w])");
        private static final java.util.regex.Pattern REPLACE_WITH = compile(
                "\\breplace\\s+(?:all\\s+)?(?:occurrences\\s+of\\s+)?([\\w.$-]+\\(?)\\s+(?:with|by)\\s+([\\w.$-]+\\(?)(?![\\w.$(-])",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        /** Unquoted: "rename X to Y", "change every X into Y", "swap X for Y". */
        private static final java.util.regex.Pattern WORDS = compile(
                "\\b(rename|replace|swap|change|convert|turn)\\s+(all\\s+|every\\s+|each\\s+)?(?:(?:occurrences?|instances?|uses?|mentions?)\\s+of\\s+|references?\\s+to\\s+)?"
                        + "(?:the\\s+)?(?:(?:function|method|class|variable|identifier|word|term|constant|name|field|attribute|string|symbol|type)\\s+)?"
                        + "([\\w$][\\w.$-]*)(?:\\s+(?:class|function|method|variable|constant|field|attribute|property|type|enum|interface))?"
                        + "\\s+(to|into|with|by|for)\\s+([\\w$][\\w.$-]*)",
                java.util.regex.Pattern.CASE_INSENSITIVE);
        private static final java.util.Set<String> NOT_A_TERM = java.util.Set.of("all", "every", "each", "the", "a", "an", "it", "them",
                "this", "that", "these", "those", "files", "file", "imports", "import", "module", "package", "everything", "name", "names",
                // kinds of character, not texts: "replace tabs with spaces" converts whitespace, which needs judgement
                "tab", "tabs", "space", "spaces", "whitespace", "newline", "newlines", "quote", "quotes", "crlf", "lf", "semicolons",
                "commas", "indentation", "indents", "underscores", "hyphens", "dashes");

        static Optional<Replacement> find(String goal) {
            List<Replacement> all = findAll(goal);
            return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
        }

        /**
         * Every replacement the goal names, in its order: each quoted pair ("Fix typos: 'recieve' ->
         * 'receive' and 'occured' -> 'occurred'"), else each unquoted arrow, else the one the goal's
         * words name. A text the words name without quotes ("replace var with let") and led by or
         * ending in a letter is matched as a whole name at that end ({@code var} but not
         * {@code variable}), unless the goal is about typos; quoted texts and arrows are matched as
         * written.
         */
        static List<Replacement> findAll(String goal) {
            boolean typos = TYPOS.matcher(goal).find();
            List<Replacement> pairs = new ArrayList<>();
            for (QuotedPairs.Pair pair : QuotedPairs.of(goal)) {
                if (!pair.find().isEmpty() && !pair.find().equals(pair.with())) {
                    pairs.add(new Replacement(pair.find(), pair.with()));
                }
            }
            if (!pairs.isEmpty() || !QuotedPairs.of(goal).isEmpty()) {
                return pairs;
            }
            Matcher urls = URLS.matcher(goal);
            if (urls.find() && !urls.group(1).equals(urls.group(2))) {
                return List.of(new Replacement(urls.group(1), urls.group(2)));
            }
            Matcher arrows = ARROW.matcher(goal);
            while (arrows.find()) {
                String find = arrows.group(1).replaceAll("[.]+$", "");
                String with = arrows.group(2).replaceAll("[.]+$", "");
                if (!find.isEmpty() && !with.isEmpty() && !find.equals(with)) {
                    pairs.add(new Replacement(find, with));
                }
            }
            if (!pairs.isEmpty()) {
                return pairs;
            }
            Matcher replaceWith = REPLACE_WITH.matcher(goal);
            if (replaceWith.find() && !replaceWith.group(1).equals(replaceWith.group(2).replaceAll("[.]+$", ""))
                    && !NOT_A_TERM.contains(replaceWith.group(1).toLowerCase(Locale.ROOT))
                    && !NOT_A_TERM.contains(replaceWith.group(2).replaceAll("[.]+$", "").toLowerCase(Locale.ROOT))) {
                return List.of(new Replacement(replaceWith.group(1), replaceWith.group(2).replaceAll("[.]+$", ""), !typos));
            }
            Matcher words = WORDS.matcher(goal);
            while (words.find()) {
                String verb = words.group(1).toLowerCase(Locale.ROOT);
                String find = words.group(3).replaceAll("[.]+$", "");
                String with = words.group(5).replaceAll("[.]+$", "");
                boolean explicit = words.group(2) != null || words.group(4).equalsIgnoreCase("into")
                        || verb.equals("rename") || verb.equals("replace") || verb.equals("swap") || looksLikeCode(find);
                if (explicit && !find.equals(with) && !NOT_A_TERM.contains(find.toLowerCase(Locale.ROOT))
                        && !NOT_A_TERM.contains(with.toLowerCase(Locale.ROOT))) {
                    return List.of(new Replacement(find, with, !typos));
                }
            }
            return List.of();
        }

        /** The text a goal replaces with itself ("replace foo with foo", "a -> a"), which would change nothing. */
        static Optional<String> sameOnBothSides(String goal) {
            for (QuotedPairs.Pair pair : QuotedPairs.of(goal)) {
                if (pair.find().equals(pair.with())) {
                    return Optional.of(pair.find());
                }
            }
            for (java.util.regex.Pattern pattern : List.of(URLS, ARROW, REPLACE_WITH)) {
                Matcher matcher = pattern.matcher(goal);
                if (matcher.find() && matcher.group(1).equals(matcher.group(2))) {
                    return Optional.of(matcher.group(1));
                }
            }
            Matcher words = WORDS.matcher(goal);
            if (words.find() && words.group(3).replaceAll("[.]+$", "").equals(words.group(5).replaceAll("[.]+$", ""))
                    && !NOT_A_TERM.contains(words.group(3).toLowerCase(Locale.ROOT))) {
                return Optional.of(words.group(3).replaceAll("[.]+$", ""));
            }
            return Optional.empty();
        }

        private static boolean looksLikeCode(String word) {
            return word.matches(".*[_.$0-9].*|.*[a-z][A-Z].*");
        }
    }
}
