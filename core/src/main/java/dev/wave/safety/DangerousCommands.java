package dev.wave.safety;

import dev.wave.safety.ShellParser.Command;
import dev.wave.safety.ShellParser.Word;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the destructive operations in a shell command, reading it as the shell would
 * ({@link ShellParser}) and following it into {@code sh -c}, {@code bash -c}, command substitutions,
 * here-documents fed to a shell, {@code xargs}, {@code find -exec}, {@code git rebase --exec} and the like.
 *
 * <p>Reasons: each is one phrase starting with {@code "dangerous command: "}, naming what the command
 * does and the command itself, for example {@code dangerous command: force push (git push --forc origin main)}.
 * A command wave cannot read with confidence ({@code eval}, an interpreter running inline code, a
 * shell running text known only when it runs, a command name that comes from a variable or a
 * substitution, an unclosed quote) is reported as {@code dangerous command: cannot be checked: ...}.
 *
 * <p>Paths: recursive removals, {@code find -delete} and recursive {@code chmod}/{@code chown} are
 * dangerous when they reach outside the repository, into its {@code .git}, or the whole of it, or
 * when their target is not known before the command runs. {@code cd} is followed.
 *
 * <p>Stateless and thread-safe.
 */
final class DangerousCommands {
    static final String PREFIX = "dangerous command: ";
    static final String UNCHECKABLE = PREFIX + "cannot be checked: ";

    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh", "ash", "mksh", "fish", "busybox-sh");
    private static final Set<String> DISK_TOOLS = Set.of("wipefs", "mkswap", "mke2fs", "fdisk", "sfdisk", "cfdisk", "parted",
            "sgdisk", "gdisk", "blkdiscard", "badblocks", "cryptsetup", "hdparm", "zpool", "vgremove", "lvremove", "pvremove");
    private static final Set<String> KEYWORDS = Set.of("if", "then", "else", "elif", "fi", "do", "done", "while", "until",
            "!", "{", "}", "[[", "function", "coproc");
    private static final Pattern SQL_DROP = Pattern.compile(
            "(?i)\\bdrop\\s+(?:database|schema|table|view|materialized\\s+view|user|role|index|sequence|owned)\\b|\\bdropdb\\b");
    private static final Pattern SQL_TRUNCATE = Pattern.compile("(?i)\\btruncate\\s+(?:table\\s+)?(?:only\\s+)?[A-Za-z_\"`\\[]");
    private static final Pattern SQL_DELETE_ALL = Pattern.compile("(?i)\\bdelete\\s+from\\s+[\\w.\"`\\[\\]]+\\s*(?:;|$)");
    private static final Pattern SQL_ALTER_DROP = Pattern.compile("(?i)\\balter\\s+table\\s+\\S+\\s+drop\\b");
    private static final Pattern SQL_COMMENT = Pattern.compile("/\\*.*?\\*/|--[^\\n]*(?=\\n)", Pattern.DOTALL);

    private final Path root;
    private final Set<String> reasons = new LinkedHashSet<>();
    private Optional<Path> cwd;

    private DangerousCommands(Path root) {
        this.root = root;
        this.cwd = Optional.of(root);
    }

    /** The dangerous operations in {@code command}, run in {@code workDirectory} (the repository), as reasons. */
    static List<String> reasons(String command, Path workDirectory) {
        DangerousCommands commands = new DangerousCommands(workDirectory.toAbsolutePath().normalize());
        commands.script(command, 0);
        if (commands.reasons.stream().noneMatch(reason -> reason.startsWith(PREFIX + "SQL"))) {
            commands.sql(command, command); // comments and odd quoting the words did not show
        }
        return List.copyOf(commands.reasons);
    }

    private void script(String text, int depth) {
        if (depth > ShellParser.MAX_DEPTH) {
            reasons.add(UNCHECKABLE + "shell commands nested deeper than " + ShellParser.MAX_DEPTH + " levels");
            return;
        }
        ShellParser.Script script = ShellParser.parse(text);
        for (String doubt : script.doubts()) {
            reasons.add(UNCHECKABLE + doubt + " (" + cut(text) + ")");
        }
        for (Command command : script.commands()) {
            command(command, command.words(), depth);
        }
    }

    /** Checks one simple command whose words are {@code words} (a suffix of the command's, after wrappers). */
    void command(Command command, List<Word> words, int depth) {
        String excerpt = command.excerpt();
        sql(joined(words), excerpt);
        for (ShellParser.Redirect redirect : command.redirects()) {
            if (!redirect.operator().startsWith("<") && isDisk(redirect.target().text())) {
                reasons.add(PREFIX + "overwriting a disk device (" + excerpt + " " + redirect.operator() + " "
                        + redirect.target().text() + ")");
            }
        }
        int at = 0;
        while (at < words.size() && (KEYWORDS.contains(words.get(at).text()) && !words.get(at).dynamic()
                || isAssignment(words.get(at)))) {
            at++;
        }
        if (at < words.size() && Set.of("for", "case", "select").contains(words.get(at).text())) {
            return; // their words are not commands; substitutions in them were read as commands
        }
        Commands.Unwrapped unwrapped = Commands.unwrap(words.subList(at, words.size()));
        List<Word> rest = unwrapped.words();
        if (rest.isEmpty()) {
            return;
        }
        Word name = rest.get(0);
        if (name.dynamic()) {
            reasons.add(UNCHECKABLE + "its command name comes from a variable or a substitution (" + excerpt + ")");
            return;
        }
        if (name.braces()) {
            reasons.add(UNCHECKABLE + "its command name comes from a brace expansion (" + excerpt + ")");
            return;
        }
        List<Word> arguments = new ArrayList<>(rest.subList(1, rest.size()));
        if (unwrapped.fromXargs()) {
            arguments.add(new Word("(xargs input)", true, false));
        }
        String program = programName(name.text());
        if (program.startsWith("mkfs") || DISK_TOOLS.contains(program)) {
            reasons.add(PREFIX + "formatting or wiping a disk (" + excerpt + ")");
        } else if (program.equals("shred")) {
            reasons.add(PREFIX + "shredding files beyond recovery (" + excerpt + ")");
        } else if (program.equals("dd")) {
            for (Word argument : arguments) {
                if (argument.text().startsWith("of=") && isDisk(argument.text().substring(3))) {
                    reasons.add(PREFIX + "overwriting a disk device (" + excerpt + ")");
                }
            }
        } else if (program.equals("cd") || program.equals("pushd")) {
            cwd = arguments.isEmpty() ? Optional.of(Path.of(System.getProperty("user.home")))
                    : Paths.resolve(cwd, arguments.get(0));
        } else if (program.equals("popd")) {
            cwd = Optional.empty();
        } else if (program.equals("rm")) {
            Optional<List<Word>> recursive = Commands.removal(arguments);
            if (recursive.isPresent()) {
                removal("rm -r", recursive.get(), excerpt);
            } else {
                broadRemoval("rm", Commands.operands(arguments), excerpt);
            }
        } else if (program.equals("mv")) {
            move(Commands.moved(arguments), excerpt);
        } else if (program.equals("chmod") || program.equals("chown") || program.equals("chgrp")) {
            Commands.recursiveChange(arguments).ifPresent(targets -> removal(program + " -R", targets, excerpt));
        } else if (program.equals("rsync")) {
            Commands.rsyncDeleting(arguments).ifPresent(target -> removal("rsync --delete", List.of(target), excerpt));
        } else if (program.equals("find")) {
            find(command, arguments, excerpt, depth);
        } else if (program.equals("git")) {
            GitCommands.Check check = GitCommands.check(arguments, cwd, root);
            check.reasons().forEach(reason -> reasons.add(PREFIX + reason + " (" + excerpt + ")"));
            check.scripts().forEach(script -> script(script, depth + 1));
            check.uncheckable().forEach(reason -> reasons.add(UNCHECKABLE + reason + " (" + excerpt + ")"));
        } else if (program.equals("eval")) {
            reasons.add(UNCHECKABLE + "eval runs text as a command (" + excerpt + ")");
            if (arguments.stream().noneMatch(Word::dynamic)) {
                script(joined(arguments), depth + 1);
            }
        } else if (SHELLS.contains(program)) {
            shell(command, arguments, excerpt, depth);
        } else {
            Commands.inlineCode(program, arguments, command).ifPresent(reason -> reasons.add(UNCHECKABLE + reason + " (" + excerpt + ")"));
        }
    }

    private void shell(Command command, List<Word> arguments, String excerpt, int depth) {
        Optional<Word> script = Commands.shellScript(arguments);
        if (script.isPresent()) {
            if (script.get().dynamic()) {
                reasons.add(UNCHECKABLE + "a shell runs text known only when it runs (" + excerpt + ")");
            } else {
                script(script.get().text(), depth + 1);
            }
            return;
        }
        if (Commands.firstOperand(arguments).isPresent()) {
            return; // a script file, like ./build.sh
        }
        Optional<String> input = ShellParser.input(command);
        if (input.isPresent()) {
            script(input.get(), depth + 1);
        } else if (command.piped()) {
            reasons.add(UNCHECKABLE + "a shell runs commands from a pipe (" + excerpt + ")");
        }
    }

    private void find(Command command, List<Word> arguments, String excerpt, int depth) {
        Commands.Find find = Commands.Find.of(arguments);
        List<Word> children = new ArrayList<>();
        for (Word start : find.starts()) {
            children.add(new Word(start.text() + "/{}", start.dynamic(), start.braces()));
        }
        // an unfiltered find (or one whose tests select by no name: -type f, -name '*') deletes all it walks to, .git too
        List<Word> targets = new ArrayList<>(children);
        if (!find.filtered()) {
            targets.addAll(find.starts());
        }
        if (find.deletes()) {
            removal("find -delete", targets, excerpt);
        }
        for (List<Word> executed : find.executed()) {
            List<Word> run = Commands.unwrap(executed).words();
            if (!run.isEmpty() && Set.of("rm", "unlink").contains(programName(run.get(0).text()))
                    && run.stream().anyMatch(word -> word.text().contains("{}"))) {
                removal("find -exec " + programName(run.get(0).text()), targets, excerpt); // every file find walks to
            }
            List<Word> substituted = new ArrayList<>();
            for (Word word : executed) {
                if (word.text().equals("{}")) {
                    substituted.addAll(children);
                } else {
                    substituted.add(word);
                }
            }
            command(new Command(substituted, List.of(), List.of(), false), substituted, depth + 1);
        }
    }

    /** Reports targets of a recursive removal (or change) that reach outside the repository, its .git, or all of it. */
    private void removal(String what, List<Word> targets, String excerpt) {
        for (Word target : targets) {
            for (Word word : Paths.braces(target)) {
                String expanded = word.text();
                Optional<Path> resolved = Paths.resolve(cwd, word);
                if (resolved.isEmpty()) {
                    reasons.add(PREFIX + what + " of a path wave cannot resolve (" + expanded
                            + "), which may reach outside the repository");
                } else if (!resolved.get().startsWith(root)) {
                    reasons.add(PREFIX + what + " reaching outside the repository (" + expanded + ")");
                } else if (resolved.get().equals(root) && narrowedGlob(word)) {
                    continue; // a glob at the top that names what it selects (*.pyc, *.egg-info) and cannot match .git
                } else if (resolved.get().equals(root) || resolved.get().startsWith(root.resolve(".git")) || mayMatchGit(word)) {
                    reasons.add(PREFIX + what + " of the whole repository or its .git (" + expanded + ")");
                } else {
                    continue;
                }
                return;
            }
        }
    }

    /**
     * Reports a move taking away the whole repository (or a directory holding it), its .git, or every file a broad glob
     * matches. A file moved in from elsewhere ({@code mv /tmp/out.txt .}) or a path known only when the command runs
     * ({@code mv "$tmp" words.txt}) is an ordinary move.
     */
    private void move(List<Word> sources, String excerpt) {
        List<Word> reaching = new ArrayList<>();
        for (Word source : sources) {
            for (Word word : Paths.braces(source)) {
                Optional<Path> resolved = Paths.resolve(cwd, word);
                if (resolved.isPresent() && (resolved.get().startsWith(root) || root.startsWith(resolved.get()))) {
                    reaching.add(word);
                }
            }
        }
        removal("mv", reaching, excerpt);
    }

    /**
     * Reports plain (not recursive) removals of every file a broad glob matches across the repository ({@code rm *.*},
     * {@code rm -f **}{@code /*}) and of files in its .git.
     */
    private void broadRemoval(String what, List<Word> targets, String excerpt) {
        for (Word target : targets) {
            for (Word word : Paths.braces(target)) {
                Optional<String> glob = repositoryGlob(word);
                if (glob.filter(Globs::broad).isPresent()) {
                    reasons.add(PREFIX + what + " of every file glob '" + word.text() + "' matches, across the repository");
                    return;
                }
                if (glob.filter(relative -> relative.equals(".git") || relative.startsWith(".git/")).isPresent()) {
                    reasons.add(PREFIX + what + " of files in the repository's .git (" + word.text() + ")");
                    return;
                }
            }
        }
    }

    /** The word as a path relative to the repository, wildcards kept; empty when unknown or outside it. */
    private Optional<String> repositoryGlob(Word word) {
        if (word.dynamic() || cwd.isEmpty() || word.text().startsWith("~")) {
            return Optional.empty();
        }
        try {
            Path full = cwd.get().resolve(word.text()).normalize();
            return full.startsWith(root) ? Optional.of(root.relativize(full).toString()) : Optional.empty();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Whether a glob's top segment in the repository may match .git ({@code .g*}). */
    private boolean mayMatchGit(Word word) {
        Optional<String> glob = repositoryGlob(word);
        if (glob.isEmpty()) {
            return false;
        }
        int slash = glob.get().indexOf('/');
        String top = slash < 0 ? glob.get() : glob.get().substring(0, slash);
        return Globs.hasWildcard(top) && Globs.firstSegmentMayMatch(top, ".git");
    }

    /** Whether a word resolving to the repository's top is a glob that names what it selects and cannot match .git. */
    private boolean narrowedGlob(Word word) {
        Optional<String> glob = repositoryGlob(word);
        return glob.isPresent() && Globs.hasWildcard(glob.get()) && !Globs.broad(glob.get())
                && !Globs.firstSegmentMayMatch(glob.get(), ".git");
    }

    private void sql(String text, String excerpt) {
        String code = SQL_COMMENT.matcher(text).replaceAll(" ");
        Matcher drop = SQL_DROP.matcher(code);
        if (drop.find()) {
            reasons.add(PREFIX + "SQL " + drop.group().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT) + " (" + cut(excerpt) + ")");
        } else if (SQL_TRUNCATE.matcher(code).find()) {
            reasons.add(PREFIX + "SQL TRUNCATE (" + cut(excerpt) + ")");
        } else if (SQL_DELETE_ALL.matcher(code).find()) {
            reasons.add(PREFIX + "SQL DELETE without WHERE (" + cut(excerpt) + ")");
        } else if (SQL_ALTER_DROP.matcher(code).find()) {
            reasons.add(PREFIX + "SQL ALTER TABLE ... DROP (" + cut(excerpt) + ")");
        }
    }

    // Compiled once rather than per word: every shell task's words pass here.
    private static final java.util.regex.Pattern ASSIGNMENT = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\+?=.*");
    private static final java.util.regex.Pattern HARMLESS_DEVICE =
            java.util.regex.Pattern.compile("/dev/(?:null|zero|full|u?random|stdout|stderr|stdin|tty\\w*|fd/\\d+|pts/\\d+|shm/.*)");

    private static boolean isAssignment(Word word) {
        return word.text().indexOf('=') > 0 && ASSIGNMENT.matcher(word.text()).matches();
    }

    private static boolean isDisk(String path) {
        return path.startsWith("/dev/") && !HARMLESS_DEVICE.matcher(path).matches();
    }

    private static String programName(String word) {
        String name = word.substring(word.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.endsWith(".exe") ? name.substring(0, name.length() - ".exe".length()) : name;
    }

    private static String joined(List<Word> words) {
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            text.append(word.text()).append(' ');
        }
        return text.toString();
    }

    private static String cut(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
