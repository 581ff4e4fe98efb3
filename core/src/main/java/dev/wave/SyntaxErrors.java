package dev.wave;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser errors of YAML and JSON files as one line with one position, for messages such as
 * {@code plan.yaml:5:7: not valid YAML: expected ',' or ']', but got ':' (in a flow sequence from line 4)}.
 * SnakeYAML's own text spreads one error over several lines with a quoted snippet and a caret under
 * each of two positions. Stateless.
 */
public final class SyntaxErrors {
    private static final Pattern MARK = Pattern.compile("^\\s*in '[^']*', line (\\d+), column (\\d+):?\\s*$");

    private SyntaxErrors() {}

    /**
     * The error in one line after the file's name: {@code plan.yaml:5:7: not valid YAML: expected ','
     * or ']', but got ':' (while parsing a flow sequence from line 4)}. The position is the
     * problem's, the one to fix; {@code plan.yaml: not valid YAML: ...} when the parser gave none.
     */
    public static String describe(String file, String format, JsonProcessingException e) {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        Problem problem = parse(e);
        return file + ":" + (problem.position().isEmpty() ? "" : problem.position() + ":") + " not valid " + format + ": "
                + problem.message();
    }

    /** Where the parser's problem is ({@code "5:7"}, or empty when it gave none) and what it is, in one line. */
    private record Problem(String position, String message) {}

    private static Problem parse(JsonProcessingException e) {
        requireNonNull(e, "e is null");
        String original = e.getOriginalMessage() == null ? e.getMessage() : e.getOriginalMessage();
        List<String> texts = new ArrayList<>();
        List<int[]> marks = new ArrayList<>();
        String[] lines = original.split("\\R");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            Matcher mark = MARK.matcher(lines[i]);
            if (mark.matches()) {
                texts.add(text.toString().strip());
                text.setLength(0);
                marks.add(new int[] {Integer.parseInt(mark.group(1)), Integer.parseInt(mark.group(2))});
                i += 2; // the quoted snippet and the caret under it
            } else {
                text.append(' ').append(lines[i].strip());
            }
        }
        if (text.toString().strip().length() > 0) {
            texts.add(text.toString().strip());
        }
        String position;
        String message;
        if (marks.isEmpty()) {
            JsonLocation location = e.getLocation();
            position = location == null || location.getLineNr() < 1 ? ""
                    : location.getLineNr() + ":" + location.getColumnNr();
            message = original.replaceAll("\\s+", " ").strip();
        } else if (marks.size() >= 2 && texts.size() >= 2) {
            int[] problem = marks.get(marks.size() - 1);
            position = problem[0] + ":" + problem[1];
            message = texts.get(1) + " (" + texts.get(0) + " from line " + marks.get(0)[0] + ")";
        } else {
            int[] problem = marks.get(0);
            position = problem[0] + ":" + problem[1];
            message = String.join(" ", texts);
        }
        String oneLine = message.replaceAll("\\s+", " ").replaceAll("got :( |$)", "got ':'$1")
                .replace("\\t(TAB)", "tab");
        return new Problem(position, oneLine.strip());
    }
}
