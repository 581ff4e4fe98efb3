package dev.wave.safety;

import static dev.wave.safety.Commands.abbreviates;

import dev.wave.safety.ShellParser.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The destructive git commands: force pushes and remote deletions in every spelling git accepts
 * ({@code --force}, {@code --forc}, {@code -f} in a cluster, {@code +refspec}, {@code :branch},
 * {@code --delete}, {@code --mirror}, {@code --prune}), {@code reset --hard}, discarding changes
 * ({@code checkout .}, {@code checkout -f}, {@code restore .}), {@code clean -x}, {@code clean -f} over the
 * whole repository, {@code rm} of the whole tree, dropping stashes,
 * deleting branches and tags, {@code update-ref}, history rewrites ({@code filter-branch},
 * {@code filter-repo}), {@code reflog expire|delete}, {@code gc --prune=...} and {@code prune}, and
 * commands that change a working tree outside the repository ({@code -C}, {@code --work-tree},
 * {@code cd}). Long options count when they abbreviate a dangerous one, as git's parser accepts
 * unique abbreviations; an ambiguous one is treated as the dangerous option. Stateless.
 */
final class GitCommands {
    /** Global options that take the next word as their value. */
    private static final Set<String> VALUED_GLOBALS = Set.of("-C", "-c", "--git-dir", "--work-tree", "--namespace",
            "--config-env", "--super-prefix", "--exec-path", "--list-cmds", "--attr-source");
    /** Subcommands that change the working tree or refs, so where they run matters. */
    private static final Set<String> WRITING = Set.of("clean", "reset", "checkout", "restore", "rm", "stash", "switch",
            "branch", "tag", "update-ref", "gc", "prune", "reflog", "filter-branch", "filter-repo", "commit", "merge",
            "pull", "rebase", "am", "apply", "mv", "push", "cherry-pick", "revert", "worktree");

    private GitCommands() {}

    /**
     * What a git command does that is dangerous.
     *
     * @param reasons phrases such as "force push"
     * @param scripts shell commands it runs ({@code rebase --exec}, {@code submodule foreach}), to check in turn
     * @param uncheckable why part of it cannot be checked (an alias defined on the command line)
     */
    record Check(List<String> reasons, List<String> scripts, List<String> uncheckable) {}

    static Check check(List<Word> arguments, Optional<Path> cwd, Path root) {
        List<String> reasons = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        List<String> uncheckable = new ArrayList<>();
        Optional<Path> workTree = cwd;
        int at = 0;
        while (at < arguments.size() && arguments.get(at).text().startsWith("-")) {
            Word option = arguments.get(at);
            String text = option.text();
            int equals = text.indexOf('=');
            String name = equals < 0 ? text : text.substring(0, equals);
            Optional<Word> value = Optional.empty();
            if (VALUED_GLOBALS.contains(name) && equals < 0 && at + 1 < arguments.size()) {
                value = Optional.of(arguments.get(++at));
            } else if (equals >= 0) {
                value = Optional.of(new Word(text.substring(equals + 1), option.dynamic(), option.braces()));
            } else if (text.startsWith("-c") && text.length() > 2) {
                name = "-c";
                value = Optional.of(new Word(text.substring(2), option.dynamic(), false));
            }
            if (value.isPresent()) {
                if (name.equals("-c") && value.get().text().toLowerCase(java.util.Locale.ROOT).startsWith("alias.")) {
                    uncheckable.add("a git alias defined on the command line");
                } else if (name.equals("-C")) {
                    workTree = workTree.isPresent() ? Paths.resolve(workTree, value.get()) : Optional.empty();
                } else if (name.equals("--work-tree") || name.equals("--git-dir")) {
                    workTree = Paths.resolve(workTree, value.get());
                }
            }
            at++;
        }
        if (at >= arguments.size()) {
            return new Check(reasons, scripts, uncheckable);
        }
        Word subcommandWord = arguments.get(at);
        if (subcommandWord.dynamic()) {
            uncheckable.add("its git subcommand comes from a variable or a substitution");
            return new Check(reasons, scripts, uncheckable);
        }
        String subcommand = subcommandWord.text();
        List<Word> rest = arguments.subList(at + 1, arguments.size());
        if (WRITING.contains(subcommand) && (workTree.isEmpty() || !workTree.get().startsWith(root))) {
            reasons.add("git " + subcommand + " " + (workTree.isEmpty() ? "in a directory wave cannot resolve"
                    : "outside the repository (" + workTree.get() + ")"));
        }
        Options options = Options.of(rest);
        switch (subcommand) {
            case "push" -> push(options, reasons);
            case "reset" -> {
                if (options.has("hard", "h")) {
                    reasons.add("git reset --hard");
                }
            }
            case "checkout", "switch" -> {
                if (options.hasShort('f') || options.has("force", "") || options.has("discard-changes", "")
                        || subcommand.equals("checkout") && options.operands().stream().anyMatch(GitCommands::isEverything)) {
                    reasons.add("discarding uncommitted changes");
                }
            }
            case "restore" -> {
                boolean stagedOnly = (options.hasShort('S') || options.has("staged", "s"))
                        && !(options.hasShort('W') || options.has("worktree", "w"));
                if (!stagedOnly && options.operands().stream().anyMatch(GitCommands::isEverything)) {
                    reasons.add("discarding uncommitted changes");
                }
            }
            case "clean" -> {
                boolean dryRun = options.hasShort('n') || options.has("dry-run", "d");
                if (options.hasShort('x') || options.hasShort('X')) {
                    reasons.add("git clean removing ignored files");
                } else if (!dryRun && (options.hasShort('f') || options.has("force", "f"))
                        && (workTree.isEmpty() || workTree.get().equals(root))
                        && (options.operands().isEmpty() || options.operands().stream().anyMatch(GitCommands::isEverything))) {
                    // every untracked file of the repository: the user's and other tasks' new files, which git cannot restore
                    reasons.add("git clean removing every untracked file");
                }
            }
            case "rm" -> {
                boolean cached = options.has("cached", "c");
                // a path known when it runs is a file list (xargs git rm, a loop's "$f"), not the whole tree
                if (!cached && options.operands().stream().anyMatch(word -> !word.dynamic() && isEverything(word))) {
                    reasons.add("deleting every tracked file (git rm of the whole tree)");
                }
            }
            case "stash" -> {
                if (!options.operands().isEmpty() && Set.of("drop", "clear").contains(options.operands().get(0).text())) {
                    reasons.add("dropping stashes");
                }
            }
            case "branch" -> {
                boolean delete = options.hasShort('d') || options.has("delete", "d");
                boolean force = options.hasShort('f') || options.has("force", "f");
                if (options.hasShort('D') || delete && force) {
                    reasons.add("deleting a branch");
                } else if (options.hasShort('M') || options.hasShort('C')) {
                    reasons.add("overwriting a branch (git branch -M or -C)");
                }
            }
            case "tag" -> {
                if (options.hasShort('d') || options.has("delete", "d")) {
                    reasons.add("deleting a tag");
                } else if (options.hasShort('f') || options.has("force", "f")) {
                    reasons.add("moving a tag");
                }
            }
            case "update-ref" -> reasons.add(options.hasShort('d') ? "deleting a ref (git update-ref -d)"
                    : "moving a ref directly (git update-ref)");
            case "symbolic-ref" -> {
                if (options.hasShort('d') || options.has("delete", "d")) {
                    reasons.add("deleting a ref (git symbolic-ref -d)");
                }
            }
            case "filter-branch", "filter-repo" -> reasons.add("rewriting history (git " + subcommand + ")");
            case "reflog" -> {
                if (!options.operands().isEmpty() && Set.of("expire", "delete").contains(options.operands().get(0).text())) {
                    reasons.add("expiring the reflog");
                }
            }
            case "gc" -> {
                if (options.valued("prune", "p")) {
                    reasons.add("pruning unreachable objects (git gc --prune=...)");
                }
            }
            case "prune" -> reasons.add("pruning unreachable objects (git prune)");
            case "rebase" -> options.values("exec", 'x').forEach(script -> scriptOrDoubt(script, scripts, uncheckable));
            case "worktree" -> {
                List<Word> operands = options.operands();
                if (!operands.isEmpty() && operands.get(0).text().equals("remove")
                        && (options.hasShort('f') || options.has("force", "f"))) {
                    reasons.add("removing a worktree with its uncommitted changes (git worktree remove --force)");
                }
            }
            case "submodule" -> {
                List<Word> operands = options.operands();
                if (!operands.isEmpty() && operands.get(0).text().equals("deinit")
                        && (options.hasShort('f') || options.has("force", "f") || options.has("all", "a"))) {
                    reasons.add("removing submodules' working trees (git submodule deinit)");
                }
                if (!operands.isEmpty() && operands.get(0).text().equals("foreach")) {
                    List<Word> command = new ArrayList<>(rest.subList(rest.indexOf(operands.get(0)) + 1, rest.size()));
                    command.removeIf(word -> word.text().equals("--recursive") || word.text().equals("--quiet"));
                    scriptOrDoubt(joined(command), scripts, uncheckable);
                }
            }
            case "bisect" -> {
                List<Word> operands = options.operands();
                if (!operands.isEmpty() && operands.get(0).text().equals("run")) {
                    scriptOrDoubt(joined(rest.subList(rest.indexOf(operands.get(0)) + 1, rest.size())), scripts, uncheckable);
                }
            }
            default -> { }
        }
        return new Check(reasons, scripts, uncheckable);
    }

    private static void push(Options options, List<String> reasons) {
        if (options.hasShort('f') || options.has("force", "f") || options.has("force-with-lease", "f")
                || options.has("force-if-includes", "f")) {
            reasons.add("force push");
        }
        if (options.hasShort('d') || options.has("delete", "d")) {
            reasons.add("deleting a remote branch (git push --delete)");
        }
        if (options.has("mirror", "m")) {
            reasons.add("force push (git push --mirror)");
        }
        if (options.has("prune", "p")) {
            reasons.add("deleting remote branches (git push --prune)");
        }
        List<Word> operands = options.operands();
        for (Word refspec : operands.subList(Math.min(1, operands.size()), operands.size())) {
            String text = refspec.text();
            if (text.startsWith("+")) {
                reasons.add("force push (" + text + ")");
            } else if (text.startsWith(":") && text.length() > 1) {
                reasons.add("deleting a remote branch (" + text + ")");
            }
        }
    }

    private static void scriptOrDoubt(Word script, List<String> scripts, List<String> uncheckable) {
        if (script.dynamic()) {
            uncheckable.add("git runs a command known only when it runs");
        } else {
            scripts.add(script.text());
        }
    }

    private static Word joined(List<Word> words) {
        StringBuilder text = new StringBuilder();
        boolean dynamic = false;
        for (Word word : words) {
            text.append(text.length() == 0 ? "" : " ").append(word.text());
            dynamic |= word.dynamic();
        }
        return new Word(text.toString(), dynamic, false);
    }

    /** A pathspec for the whole tree: {@code .}, {@code ./}, {@code *}, {@code :/}, {@code :(top)}. */
    private static boolean isEverything(Word word) {
        return word.dynamic() || word.text().matches("\\.|\\./|\\*|:/|:/\\*|:\\(top\\)|:\\(top\\)\\*|\\./\\*");
    }

    /**
     * A subcommand's arguments: short option clusters, long options and operands ({@code --} ends options).
     * Operands are the words after {@code --} and the words not taken as an option's value.
     */
    private record Options(List<Word> shorts, List<Word> longs, List<Word> operands, List<Word> words) {
        static Options of(List<Word> words) {
            List<Word> shorts = new ArrayList<>();
            List<Word> longs = new ArrayList<>();
            List<Word> operands = new ArrayList<>();
            boolean options = true;
            for (int i = 0; i < words.size(); i++) {
                Word word = words.get(i);
                String text = word.text();
                if (options && text.equals("--")) {
                    options = false;
                } else if (options && text.startsWith("--")) {
                    longs.add(word);
                } else if (options && text.startsWith("-") && text.length() > 1) {
                    shorts.add(word);
                    if (text.equals("-o") || text.equals("-m") || text.equals("-x")) {
                        i++; // a value: a push option, a message, an exec command
                    }
                } else {
                    operands.add(word);
                }
            }
            return new Options(shorts, longs, operands, words);
        }

        /**
         * Whether a short cluster holds {@code letter} (before any option that takes the rest of the cluster as its value).
         */
        boolean hasShort(char letter) {
            for (Word word : shorts) {
                String text = word.text();
                for (int i = 1; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c == letter) {
                        return true;
                    }
                    if (c == 'o' || c == 'm' || c == 'C' || c == 'c') {
                        break; // the rest of the cluster is that option's value
                    }
                }
            }
            return false;
        }

        /**
         * Whether a long option is {@code name} or an abbreviation of it at least as long as
         * {@code shortest} plus one character (shorter ones are left to other options).
         */
        boolean has(String name, String shortest) {
            for (Word word : longs) {
                String text = word.text();
                int equals = text.indexOf('=');
                String given = equals < 0 ? text.substring(2) : text.substring(2, equals);
                if (given.length() > shortest.length() - 1 && abbreviates(text, name)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a long option abbreviating {@code name} is given a value ({@code --prune=now}). */
        boolean valued(String name, String shortest) {
            for (Word word : longs) {
                if (word.text().contains("=") && has(name, shortest) && abbreviates(word.text(), name)) {
                    return true;
                }
            }
            return false;
        }

        /** The values of a long option {@code name} (or its abbreviation) and of the short option {@code letter}. */
        List<Word> values(String name, char letter) {
            List<Word> values = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                String text = words.get(i).text();
                if (text.equals("--")) {
                    break;
                }
                if (text.startsWith("--") && abbreviates(text, name) && text.length() > 3) {
                    int equals = text.indexOf('=');
                    if (equals >= 0) {
                        values.add(new Word(text.substring(equals + 1), words.get(i).dynamic(), false));
                    } else if (i + 1 < words.size()) {
                        values.add(words.get(++i));
                    }
                } else if (text.equals("-" + letter) && i + 1 < words.size()) {
                    values.add(words.get(++i));
                } else if (text.startsWith("-" + letter) && text.length() > 2 && !text.startsWith("--")) {
                    values.add(new Word(text.substring(2), words.get(i).dynamic(), false));
                }
            }
            return values;
        }
    }
}
