package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a shell command line the way a POSIX shell would split it, so that critical-command
 * detection sees the commands that would run rather than the spelling.
 *
 * <p>What it understands: blanks, single and double quotes, backslashes (and line continuations),
 * ANSI-C {@code $'...'} strings, the operators {@code ; & && || | |&}, newlines, subshells and
 * groups, comments, redirections (their targets are kept apart from the words), here-documents and
 * here-strings (their text is kept as the command's input), and expansions. A word holding a
 * variable, {@code ${...}}, arithmetic or a command substitution is marked {@link Word#dynamic()},
 * since its value is only known when it runs; the commands inside a command substitution
 * ({@code $(...)}, backquotes, {@code <(...)}) are read too, as commands of their own.
 *
 * <p>What it does not pretend to know is reported as a doubt ({@link Script#doubts()}): an unclosed
 * quote or substitution, or nesting deeper than {@value #MAX_DEPTH} levels.
 *
 * <p>Stateless and thread-safe; linear in the length of the text (nested substitutions are read once
 * per level).
 */
final class ShellParser {
    static final int MAX_DEPTH = 12;
    /** Redirection operators, longest first. */
    private static final List<String> OPERATORS = List.of("&>>", "<<<", "<<-", "&>", "<<", "<>", "<&", ">&", ">>", ">|", "<", ">");

    /**
     * One word after quote removal.
     *
     * @param text the word's text, quotes and backslashes removed; expansions are kept as written
     * @param dynamic whether it holds an expansion whose value is unknown before it runs
     * @param braces whether it holds an unquoted brace expansion such as {@code {a,b}}
     */
    record Word(String text, boolean dynamic, boolean braces) {
        Word {
            requireNonNull(text, "text is null");
        }

        static Word literal(String text) {
            return new Word(text, false, false);
        }
    }

    /**
     * One simple command.
     *
     * @param words the command name and its arguments, assignments in front included
     * @param redirects the targets of its output and input redirections, with the operator ({@code >}, {@code <} ...)
     * @param input the text of its here-documents and here-strings
     * @param piped whether a pipe feeds its standard input
     */
    record Command(List<Word> words, List<Redirect> redirects, List<String> input, boolean piped) {
        Command {
            words = List.copyOf(words);
            redirects = List.copyOf(redirects);
            input = List.copyOf(input);
        }

        /** The words as text, joined by spaces, cut to a readable length. */
        String excerpt() {
            StringBuilder text = new StringBuilder();
            for (Word word : words) {
                if (text.length() > 0) {
                    text.append(' ');
                }
                text.append(word.text());
                if (text.length() > 80) {
                    return text.substring(0, 77) + "...";
                }
            }
            return text.toString();
        }
    }

    record Redirect(String operator, Word target) {}

    /** The commands of a command line in the order they appear, and what could not be read with confidence. */
    record Script(List<Command> commands, List<String> doubts) {
        Script {
            commands = List.copyOf(commands);
            doubts = List.copyOf(doubts);
        }
    }

    private final String text;
    private final int depth;
    private final List<Command> commands = new ArrayList<>();
    private final List<String> doubts = new ArrayList<>();
    private int position;
    // the command being read
    private final List<Word> words = new ArrayList<>();
    private final List<Redirect> redirects = new ArrayList<>();
    private final List<String> input = new ArrayList<>();
    private boolean piped;
    // here-documents whose text starts after the next newline: the delimiter, whether tabs are stripped, and the command index
    private final List<PendingDocument> pending = new ArrayList<>();

    private record PendingDocument(String delimiter, boolean stripTabs, int command) {}

    private ShellParser(String text, int depth) {
        this.text = text;
        this.depth = depth;
    }

    /** Reads a command line. */
    static Script parse(String text) {
        requireNonNull(text, "text is null");
        return parse(text, 0);
    }

    private static Script parse(String text, int depth) {
        ShellParser parser = new ShellParser(text, depth);
        if (depth > MAX_DEPTH) {
            parser.doubts.add("command substitutions nested deeper than " + MAX_DEPTH + " levels");
            return new Script(List.of(), parser.doubts);
        }
        parser.run();
        return new Script(parser.commands, parser.doubts);
    }

    private void run() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == ' ' || c == '\t' || c == '\r') {
                position++;
            } else if (c == '\\' && peek(1) == '\n') {
                position += 2;
            } else if (c == '\n') {
                end();
                position++;
                readDocuments();
            } else if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (c == ';' || c == '(' || c == ')') {
                position += c == ';' && peek(1) == ';' ? 2 : 1;
                end();
            } else if (c == '&' && peek(1) != '>') {
                position += peek(1) == '&' ? 2 : 1;
                end();
            } else if (c == '|') {
                boolean or = peek(1) == '|';
                position += or || peek(1) == '&' ? 2 : 1;
                end();
                piped = !or;
            } else if (isRedirectStart()) {
                redirect();
            } else {
                words.add(word());
            }
        }
        end();
        if (!pending.isEmpty()) {
            doubts.add("a here-document without its closing " + pending.get(0).delimiter() + " line");
        }
    }

    private char peek(int offset) {
        int at = position + offset;
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void end() {
        if (!words.isEmpty() || !redirects.isEmpty()) {
            commands.add(new Command(words, redirects, input, piped));
            for (int i = 0; i < pending.size(); i++) {
                if (pending.get(i).command() < 0) {
                    PendingDocument document = pending.get(i);
                    pending.set(i, new PendingDocument(document.delimiter(), document.stripTabs(), commands.size() - 1));
                }
            }
        }
        words.clear();
        redirects.clear();
        input.clear();
        piped = false;
    }

    private boolean isRedirectStart() {
        char c = text.charAt(position);
        if (c == '<' || c == '>') {
            return true;
        }
        if (c == '&' && peek(1) == '>') {
            return true;
        }
        int digits = 0;
        while (Character.isDigit(peek(digits))) {
            digits++;
        }
        return digits > 0 && (peek(digits) == '<' || peek(digits) == '>');
    }

    private void redirect() {
        while (Character.isDigit(text.charAt(position))) {
            position++;
        }
        int start = position;
        if ((text.charAt(position) == '<' || text.charAt(position) == '>') && peek(1) == '(') {
            words.add(substitution(position + 1, ')', true)); // process substitution: a file name to the command
            return;
        }
        for (String operator : OPERATORS) {
            if (text.startsWith(operator, position)) {
                position += operator.length();
                break;
            }
        }
        String operator = text.substring(start, position);
        skipBlanks();
        if (position >= text.length() || "\n;&|()".indexOf(text.charAt(position)) >= 0) {
            doubts.add("a redirection (" + operator + ") without a target");
            return;
        }
        Word target = word();
        if (operator.startsWith("<<<")) {
            input.add(target.text());
        } else if (operator.startsWith("<<")) {
            pending.add(new PendingDocument(target.text(), operator.endsWith("-"), -1)); // its command is known at its end
        } else if (!operator.endsWith("&") || !target.text().matches("\\d+|-")) {
            redirects.add(new Redirect(operator, target));
        }
    }

    private void skipBlanks() {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
    }

    /** Reads the bodies of the here-documents opened on the line that just ended. */
    private void readDocuments() {
        for (PendingDocument document : pending) {
            StringBuilder body = new StringBuilder();
            boolean closed = false;
            while (position < text.length()) {
                int end = text.indexOf('\n', position);
                String line = text.substring(position, end < 0 ? text.length() : end);
                position = end < 0 ? text.length() : end + 1;
                String compared = document.stripTabs() ? line.replaceFirst("^\t+", "") : line;
                if (compared.equals(document.delimiter())) {
                    closed = true;
                    break;
                }
                body.append(compared).append('\n');
            }
            if (!closed) {
                doubts.add("a here-document without its closing " + document.delimiter() + " line");
            }
            int index = document.command();
            if (index >= 0 && index < commands.size()) {
                Command command = commands.get(index);
                List<String> all = new ArrayList<>(command.input());
                all.add(body.toString());
                commands.set(index, new Command(command.words(), command.redirects(), all, command.piped()));
            }
        }
        pending.clear();
    }

    /** Reads one word, removing quotes and backslashes, up to a blank or an operator. */
    private Word word() {
        StringBuilder word = new StringBuilder();
        boolean dynamic = false;
        boolean braces = false;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (" \t\r\n;&|()<>".indexOf(c) >= 0) {
                break;
            }
            if (c == '\\') {
                if (peek(1) != '\n' && position + 1 < text.length()) {
                    word.append(text.charAt(position + 1));
                }
                position += 2;
            } else if (c == '\'') {
                int end = text.indexOf('\'', position + 1);
                if (end < 0) {
                    doubts.add("an unclosed single quote");
                    end = text.length();
                }
                word.append(text, position + 1, end);
                position = end + 1;
            } else if (c == '"') {
                dynamic |= doubleQuoted(word);
            } else if (c == '$' || c == '`') {
                dynamic |= expansion(word);
            } else {
                if (c == '{' && text.indexOf('}', position) > 0) {
                    String inside = text.substring(position, text.indexOf('}', position));
                    braces |= inside.contains(",") || inside.contains("..");
                }
                word.append(c);
                position++;
            }
        }
        return new Word(word.toString(), dynamic, braces);
    }

    /** Reads a double-quoted string into {@code word}; returns whether it held an expansion. */
    private boolean doubleQuoted(StringBuilder word) {
        position++;
        boolean dynamic = false;
        while (position < text.length() && text.charAt(position) != '"') {
            char c = text.charAt(position);
            if (c == '\\' && "$`\"\\\n".indexOf(peek(1)) >= 0 && position + 1 < text.length()) {
                if (peek(1) != '\n') {
                    word.append(peek(1));
                }
                position += 2;
            } else if (c == '$' || c == '`') {
                dynamic |= expansion(word);
            } else {
                word.append(c);
                position++;
            }
        }
        if (position >= text.length()) {
            doubts.add("an unclosed double quote");
        }
        position++;
        return dynamic;
    }

    /** Reads an expansion starting with {@code $} or a backquote; returns whether its value is unknown. */
    private boolean expansion(StringBuilder word) {
        char c = text.charAt(position);
        if (c == '`') {
            Word inner = substitution(position, '`', false);
            word.append(inner.text());
            return true;
        }
        char next = peek(1);
        if (next == '\'') {
            position += 2;
            ansiC(word);
            return false;
        }
        if (next == '(') {
            Word inner = substitution(position + 1, ')', !(peek(2) == '('));
            word.append('$').append(inner.text());
            return true;
        }
        if (next == '{') {
            int end = matching(position + 1, '{', '}');
            word.append(text, position, Math.min(end + 1, text.length()));
            String inside = text.substring(position + 2, Math.min(end, text.length()));
            int substitution = Math.max(inside.indexOf("$("), inside.indexOf('`'));
            if (substitution >= 0) {
                Script script = parse(inside.substring(substitution), depth + 1);
                commands.addAll(script.commands());
                doubts.addAll(script.doubts());
            }
            position = end + 1;
            return true;
        }
        if (Character.isLetterOrDigit(next) || next == '_' || "@*#?$!-".indexOf(next) >= 0 && next != '\0') {
            int end = position + 1;
            if (Character.isLetter(next) || next == '_') {
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
            } else {
                end++;
            }
            word.append(text, position, end);
            position = end;
            return true;
        }
        word.append('$');
        position++;
        return false;
    }

    /**
     * Reads {@code (...)} or a backquoted command starting at {@code open}, and the commands inside it.
     *
     * @param commandsInside whether the inside is commands (false for arithmetic)
     * @return a dynamic word showing what was substituted
     */
    private Word substitution(int open, char close, boolean commandsInside) {
        int end = close == '`' ? closingBackquote(open) : matching(open, '(', ')');
        String inside = text.substring(open + 1, Math.min(end, text.length()));
        if (end >= text.length()) {
            doubts.add("an unclosed " + (close == '`' ? "backquote" : "$( or ("));
        }
        if (commandsInside) {
            Script script = parse(close == '`' ? inside.replace("\\`", "`").replace("\\\\", "\\") : inside, depth + 1);
            commands.addAll(script.commands());
            doubts.addAll(script.doubts());
        }
        position = Math.min(end + 1, text.length());
        return new Word((close == '`' ? "`" : "(") + inside + close, true, false);
    }

    private int closingBackquote(int open) {
        int at = open + 1;
        while (at < text.length() && text.charAt(at) != '`') {
            at += text.charAt(at) == '\\' ? 2 : 1;
        }
        return Math.min(at, text.length());
    }

    /** The index of the bracket closing the one at {@code open}, skipping quotes and nested pairs; the text's length if none. */
    private int matching(int open, char opening, char closing) {
        int level = 0;
        int at = open;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\\') {
                at += 2;
                continue;
            }
            if (c == '\'' && opening == '(') {
                int end = text.indexOf('\'', at + 1);
                at = end < 0 ? text.length() : end + 1;
                continue;
            }
            if (c == '"') {
                at++;
                while (at < text.length() && text.charAt(at) != '"') {
                    at += text.charAt(at) == '\\' ? 2 : 1;
                }
                at++;
                continue;
            }
            if (c == opening) {
                level++;
            } else if (c == closing && --level == 0) {
                return at;
            }
            at++;
        }
        return text.length();
    }

    /** Decodes a {@code $'...'} string, its opening quote already read. */
    private void ansiC(StringBuilder word) {
        while (position < text.length() && text.charAt(position) != '\'') {
            char c = text.charAt(position++);
            if (c != '\\' || position >= text.length()) {
                word.append(c);
                continue;
            }
            char escape = text.charAt(position++);
            switch (escape) {
                case 'n' -> word.append('\n');
                case 't' -> word.append('\t');
                case 'r' -> word.append('\r');
                case 'a' -> word.append('\u0007');
                case 'b' -> word.append('\b');
                case 'e', 'E' -> word.append('\u001b');
                case 'f' -> word.append('\f');
                case 'v' -> word.append('\u000b');
                case 'x' -> word.append((char) number(16, 2));
                case 'u' -> word.append((char) number(16, 4));
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    position--;
                    word.append((char) number(8, 3));
                }
                default -> word.append(escape);
            }
        }
        if (position >= text.length()) {
            doubts.add("an unclosed $' quote");
        }
        position++;
    }

    private int number(int radix, int maxDigits) {
        int value = 0;
        int digits = 0;
        while (digits < maxDigits && position < text.length() && Character.digit(text.charAt(position), radix) >= 0) {
            value = value * radix + Character.digit(text.charAt(position), radix);
            position++;
            digits++;
        }
        return value;
    }

    /** The text of a command's here-documents, if it has any. */
    static Optional<String> input(Command command) {
        return command.input().isEmpty() ? Optional.empty() : Optional.of(String.join("\n", command.input()));
    }
}
