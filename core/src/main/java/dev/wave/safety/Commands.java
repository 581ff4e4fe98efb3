package dev.wave.safety;

import dev.wave.safety.ShellParser.Command;
import dev.wave.safety.ShellParser.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How common commands read their arguments, as far as critical-command detection needs it:
 * wrappers that run another command ({@code sudo}, {@code env}, {@code xargs} ...), what
 * {@code rm}, {@code chmod -R}, {@code rsync --delete} and {@code find} act on, where a shell's
 * {@code -c} text is, and which interpreters run inline code. Long options may be abbreviated, as
 * getopt and git allow ({@code --rec} is {@code --recursive}). Stateless.
 */
final class Commands {
    /** Wrappers that run the command after their options, with the options that take a value. */
    private static final Map<String, Set<String>> WRAPPERS = Map.ofEntries(
            Map.entry("sudo", Set.of("-u", "-g", "-h", "-C", "-D", "-r", "-t", "-U", "-p", "-R", "-T")),
            Map.entry("doas", Set.of("-u", "-C")),
            Map.entry("env", Set.of("-u", "-C", "-S", "--unset", "--chdir", "--split-string")),
            Map.entry("command", Set.of()),
            Map.entry("builtin", Set.of()),
            Map.entry("exec", Set.of("-a")),
            Map.entry("nice", Set.of("-n", "--adjustment")),
            Map.entry("nohup", Set.of()),
            Map.entry("time", Set.of("-f", "-o", "--format", "--output")),
            Map.entry("timeout", Set.of("-s", "-k", "--signal", "--kill-after")),
            Map.entry("stdbuf", Set.of("-i", "-o", "-e")),
            Map.entry("ionice", Set.of("-c", "-n", "-p", "-P", "-u")),
            Map.entry("setsid", Set.of()),
            Map.entry("unbuffer", Set.of()),
            Map.entry("busybox", Set.of()),
            Map.entry("chrt", Set.of()),
            Map.entry("taskset", Set.of()),
            Map.entry("caffeinate", Set.of()),
            Map.entry("flock", Set.of("-w", "-E", "--timeout", "--conflict-exit-code")),
            Map.entry("xargs", Set.of("-I", "-i", "-n", "-L", "-l", "-P", "-d", "-E", "-e", "-s", "-a", "--max-args",
                    "--max-lines", "--max-procs", "--delimiter", "--eof", "--max-chars", "--arg-file", "--replace",
                    "--process-slot-var")));
    /** Wrappers whose first operand is not the command (a duration, a CPU list, a lock file ...). */
    private static final Set<String> WRAPPERS_WITH_OPERAND = Set.of("timeout", "taskset", "chrt", "flock");
    private static final Set<String> FIND_ACTIONS = Set.of("-exec", "-execdir", "-ok", "-okdir");
    private static final Set<String> FIND_FILTERS = Set.of("-name", "-iname", "-path", "-ipath", "-wholename",
            "-iwholename", "-regex", "-iregex", "-type", "-newer", "-mtime", "-mmin", "-atime", "-amin", "-ctime", "-cmin",
            "-size", "-empty", "-user", "-group", "-perm", "-links", "-inum", "-samefile", "-lname", "-ilname", "-uid", "-gid",
            "-nouser", "-nogroup", "-xtype", "-used", "-readable", "-writable", "-executable", "-prune");

    /** Tests that select by name or path: they narrow what find selects unless their glob is broad ({@code *}). */
    private static final Set<String> NAME_FILTERS = Set.of("-name", "-iname", "-path", "-ipath", "-wholename", "-iwholename");
    /**
     * Tests that select nearly everything: {@code find . -type f -delete} deletes every file, those in .git too; but
     * {@code -type l} (links only) narrows.
     */
    private static final Set<String> BROAD_FILTERS = Set.of("-type", "-xtype", "-readable", "-writable");

    private Commands() {}

    record Unwrapped(List<Word> words, boolean fromXargs) {}

    /** The command that wrappers such as {@code sudo -u x env A=1 nice -n 5} finally run. */
    static Unwrapped unwrap(List<Word> words) {
        int at = 0;
        boolean xargs = false;
        while (at < words.size() && !words.get(at).dynamic()) {
            String name = words.get(at).text();
            name = name.substring(name.lastIndexOf('/') + 1);
            Set<String> valued = WRAPPERS.get(name);
            if (valued == null) {
                break;
            }
            xargs |= name.equals("xargs");
            at++;
            while (at < words.size()) {
                String word = words.get(at).text();
                if (word.equals("--")) {
                    at++;
                    break;
                }
                if (name.equals("env") && word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                    at++;
                } else if (word.startsWith("-") && word.length() > 1) {
                    at += valued.contains(word) ? 2 : 1;
                } else {
                    break;
                }
            }
            if (WRAPPERS_WITH_OPERAND.contains(name) && at < words.size()) {
                at++;
            }
        }
        return new Unwrapped(words.subList(Math.min(at, words.size()), words.size()), xargs);
    }

    /** The targets of an {@code rm} that removes recursively; empty when it does not. */
    static Optional<List<Word>> removal(List<Word> arguments) {
        boolean recursive = false;
        boolean options = true;
        List<Word> targets = new ArrayList<>();
        for (Word word : arguments) {
            String text = word.text();
            if (options && text.equals("--")) {
                options = false;
            } else if (options && text.startsWith("--") && !word.dynamic()) {
                recursive |= abbreviates(text, "recursive") || abbreviates(text, "no-preserve-root");
            } else if (options && text.startsWith("-") && text.length() > 1 && !word.dynamic()) {
                recursive |= text.indexOf('r') > 0 || text.indexOf('R') > 0;
            } else {
                targets.add(word);
            }
        }
        return recursive ? Optional.of(targets) : Optional.empty();
    }

    /** The operands of a command such as {@code rm} (the words that are not options). */
    static List<Word> operands(List<Word> arguments) {
        List<Word> operands = new ArrayList<>();
        boolean options = true;
        for (Word word : arguments) {
            String text = word.text();
            if (options && text.equals("--")) {
                options = false;
            } else if (!(options && text.startsWith("-") && text.length() > 1 && !word.dynamic())) {
                operands.add(word);
            }
        }
        return operands;
    }

    /** The sources of an {@code mv}: every operand but the last, or every operand with {@code -t DIR}. */
    static List<Word> moved(List<Word> arguments) {
        boolean directoryGiven = false;
        List<Word> operands = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < arguments.size(); i++) {
            Word word = arguments.get(i);
            String text = word.text();
            if (options && text.equals("--")) {
                options = false;
            } else if (options && (text.equals("-t") || text.equals("--target-directory")) && !word.dynamic()) {
                directoryGiven = true;
                i++;
            } else if (options && text.startsWith("-") && text.length() > 1 && !word.dynamic()) {
                directoryGiven |= text.startsWith("--target-directory=") || text.matches("-[a-zA-Z]*t.+");
            } else {
                operands.add(word);
            }
        }
        return directoryGiven || operands.isEmpty() ? operands : operands.subList(0, operands.size() - 1);
    }

    /** The targets of a recursive {@code chmod}, {@code chown} or {@code chgrp}; empty when not recursive. */
    static Optional<List<Word>> recursiveChange(List<Word> arguments) {
        boolean recursive = false;
        boolean reference = false;
        List<Word> operands = new ArrayList<>();
        for (Word word : arguments) {
            String text = word.text();
            if (text.startsWith("--")) {
                recursive |= abbreviates(text, "recursive");
                reference |= text.startsWith("--reference");
            } else if (text.startsWith("-") && text.length() > 1 && !text.matches("-[rwxXst]+(?:,.*)?")) {
                recursive |= text.indexOf('R') > 0;
            } else {
                operands.add(word);
            }
        }
        if (!recursive || operands.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reference ? operands : operands.subList(1, operands.size()));
    }

    /** The destination of an {@code rsync} that deletes files there; empty when it deletes none. */
    static Optional<Word> rsyncDeleting(List<Word> arguments) {
        boolean deletes = false;
        Word last = null;
        for (Word word : arguments) {
            String text = word.text();
            if (text.startsWith("--")) {
                deletes |= abbreviates(text, "delete") || text.startsWith("--delete-") || text.startsWith("--del")
                        || abbreviates(text, "remove-source-files");
            } else if (!text.startsWith("-")) {
                last = word;
            }
        }
        if (!deletes || last == null) {
            return Optional.empty();
        }
        boolean remote = !last.dynamic() && last.text().matches("[^/]*:.*");
        return Optional.of(remote ? new Word(last.text(), true, false) : last);
    }

    /** Whether {@code option} (such as {@code --forc} or {@code --forc=x}) is {@code name} or an abbreviation of it. */
    static boolean abbreviates(String option, String name) {
        if (!option.startsWith("--") || option.length() < 3) {
            return false;
        }
        int equals = option.indexOf('=');
        String given = equals < 0 ? option.substring(2) : option.substring(2, equals);
        return !given.isEmpty() && name.startsWith(given);
    }

    /** The text a shell runs with {@code -c}, if it is given one ({@code sh -c}, {@code bash -lc}, {@code bash -o x -c}). */
    static Optional<Word> shellScript(List<Word> arguments) {
        boolean command = false;
        for (int i = 0; i < arguments.size(); i++) {
            String text = arguments.get(i).text();
            if (text.equals("--") || text.equals("-")) {
                break;
            }
            if (text.startsWith("-") || text.startsWith("+")) {
                if (text.equals("-o") || text.equals("+o") || text.equals("-O") || text.equals("+O")
                        || text.equals("--rcfile") || text.equals("--init-file")) {
                    i++;
                } else if (!text.startsWith("--") && text.indexOf('c') > 0) {
                    command = true;
                } else if (text.equals("--command")) {
                    command = true;
                }
                continue;
            }
            return command ? Optional.of(arguments.get(i)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** The first argument that is not an option. */
    static Optional<Word> firstOperand(List<Word> arguments) {
        for (Word word : arguments) {
            if (!word.text().startsWith("-") || word.text().equals("-")) {
                return word.text().equals("-") ? Optional.empty() : Optional.of(word);
            }
        }
        return Optional.empty();
    }

    /** Why an interpreter's command cannot be checked: inline code, or code from a pipe or a here-document. */
    static Optional<String> inlineCode(String program, List<Word> arguments, Command command) {
        String language = language(program);
        if (language == null) {
            return Optional.empty();
        }
        if (language.equals("awk")) {
            for (Word word : arguments) {
                if (word.text().contains("system") || word.text().contains("|") || word.dynamic()
                        && !word.text().startsWith("-")) {
                    return Optional.of("an awk program that runs commands");
                }
            }
            return Optional.empty();
        }
        for (Word word : arguments) {
            String text = word.text();
            if (!text.startsWith("-")) {
                return Optional.empty(); // a script file, or the arguments of one
            }
            if (isInlineOption(language, text)) {
                return Optional.of(language + " running inline code");
            }
            if (language.equals("python") && (text.equals("-m") || text.equals("-W") || text.equals("-X"))) {
                return Optional.empty(); // a module, or an option's value: not inline code
            }
        }
        if (command.piped() || !command.input().isEmpty()) {
            return Optional.of(language + " running code from " + (command.piped() ? "a pipe" : "a here-document"));
        }
        return Optional.empty();
    }

    private static boolean isInlineOption(String language, String option) {
        return switch (language) {
            case "python" -> option.matches("-[bBdEhiIOqsSuvVx]*c.*");
            case "node" -> option.matches("-[ep].*") || abbreviates(option, "eval") || abbreviates(option, "print");
            case "perl", "ruby" -> option.matches("-[a-zA-Z0-9]*[eE].*") && !option.startsWith("--");
            case "php" -> option.startsWith("-r") || abbreviates(option, "run");
            case "pwsh" -> option.equalsIgnoreCase("-c") || option.equalsIgnoreCase("-command")
                    || option.equalsIgnoreCase("-encodedcommand") || option.equalsIgnoreCase("-e");
            default -> option.startsWith("-e") || abbreviates(option, "eval") || abbreviates(option, "execute");
        };
    }

    // compiled once: language() runs for every command of every task the critical-task detection reads
    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*|pypy[0-9.]*");
    private static final Pattern NODE = Pattern.compile("(?:node|nodejs|deno|bun)");
    private static final Pattern PERL = Pattern.compile("perl[0-9.]*");
    private static final Pattern RUBY = Pattern.compile("ruby[0-9.]*|irb");
    private static final Pattern PHP = Pattern.compile("php[0-9.]*");
    private static final Pattern PWSH = Pattern.compile("pwsh|powershell");
    private static final Pattern AWK = Pattern.compile("[gmn]?awk");
    private static final Pattern OTHER_LANGUAGES =
            Pattern.compile("lua[0-9.]*|luajit|rscript|osascript|tclsh|jshell|groovy|scala|julia");

    private static String language(String program) {
        if (PYTHON.matcher(program).matches()) {
            return "python";
        }
        if (NODE.matcher(program).matches()) {
            return "node";
        }
        if (PERL.matcher(program).matches()) {
            return "perl";
        }
        if (RUBY.matcher(program).matches()) {
            return "ruby";
        }
        if (PHP.matcher(program).matches()) {
            return "php";
        }
        if (PWSH.matcher(program).matches()) {
            return "pwsh";
        }
        if (AWK.matcher(program).matches()) {
            return "awk";
        }
        if (OTHER_LANGUAGES.matcher(program).matches()) {
            return program;
        }
        return null;
    }

    /**
     * A {@code find} command: where it starts, whether it deletes ({@code -delete}), whether tests narrow what each
     * deleting action ({@code -delete}, {@code -exec rm}) gets, and the commands its {@code -exec}, {@code -execdir},
     * {@code -ok} run.
     */
    record Find(List<Word> starts, boolean deletes, boolean filtered, List<List<Word>> executed) {
        static Find of(List<Word> arguments) {
            int at = 0;
            while (at < arguments.size() && arguments.get(at).text().matches("-[HLP]|-D|-O\\d*")) {
                at += arguments.get(at).text().equals("-D") ? 2 : 1;
            }
            List<Word> starts = new ArrayList<>();
            while (at < arguments.size() && !arguments.get(at).text().matches("[-(!,].*|\\)")) {
                starts.add(arguments.get(at++));
            }
            if (starts.isEmpty()) {
                starts.add(Word.literal("."));
            }
            boolean deletes = false;
            // find reads its expression left to right and -o starts a new branch: a test narrows the deleting actions
            // after it in its branch only (find . -path ./.git -prune -o -type f -delete deletes every other file)
            boolean branchFiltered = false;
            boolean filtered = true;
            // a negated test selects all but what it names (find . ! -name '*.py' -delete deletes .git too): it narrows
            // nothing, and neither does a test inside a negated group
            boolean negated = false;
            int negatedDepth = 0;
            int depth = 0;
            List<List<Word>> executed = new ArrayList<>();
            while (at < arguments.size()) {
                String text = arguments.get(at).text();
                boolean narrows = !negated && negatedDepth == 0;
                boolean wasNegated = negated;
                negated = false;
                if (text.equals("!") || text.equals("-not")) {
                    negated = !wasNegated;
                } else if (text.equals("(")) {
                    depth++;
                    if (wasNegated && negatedDepth == 0) {
                        negatedDepth = depth;
                    }
                } else if (text.equals(")")) {
                    if (depth == negatedDepth) {
                        negatedDepth = 0;
                    }
                    depth = Math.max(0, depth - 1);
                } else if (text.equals("-delete")) {
                    deletes = true;
                    filtered &= branchFiltered;
                } else if (text.equals("-o") || text.equals("-or")) {
                    branchFiltered = false;
                } else if (NAME_FILTERS.contains(text) && at + 1 < arguments.size()) {
                    Word name = arguments.get(++at);
                    // -name '*' selects all
                    branchFiltered |= narrows && (name.dynamic() || !dev.wave.safety.Globs.broad(name.text()));
                } else if ((text.equals("-type") || text.equals("-xtype")) && at + 1 < arguments.size()
                        && arguments.get(at + 1).text().equals("l") && !arguments.get(at + 1).dynamic()) {
                    at++;
                    branchFiltered |= narrows; // symbolic links only (find . -xtype l -delete: the dangling ones)
                } else if (FIND_FILTERS.contains(text) && !BROAD_FILTERS.contains(text)) {
                    branchFiltered |= narrows;
                } else if (FIND_ACTIONS.contains(text)) {
                    List<Word> command = new ArrayList<>();
                    at++;
                    while (at < arguments.size() && !arguments.get(at).text().equals(";")
                            && !(arguments.get(at).text().equals("+") && !command.isEmpty()
                                    && command.get(command.size() - 1).text().equals("{}"))) {
                        command.add(arguments.get(at++));
                    }
                    if (!command.isEmpty()) {
                        executed.add(command);
                        List<Word> run = unwrap(command).words();
                        String program = run.isEmpty() ? "" : run.get(0).text().substring(run.get(0).text().lastIndexOf('/') + 1);
                        if (program.equals("rm") || program.equals("unlink")) {
                            filtered &= branchFiltered;
                        }
                    }
                }
                at++;
            }
            return new Find(starts, deletes, filtered, executed);
        }
    }
}
