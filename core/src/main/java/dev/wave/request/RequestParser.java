package dev.wave.request;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.DOTALL;

import dev.wave.WaveException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the four request forms of SPEC F1 and the OPTIONS / PREFERENCES blocks of the seeds:
 *
 * <pre>
 * Execute this task dynamically with auto-scaled parallel instances: GOAL      auto
 * Execute this task using N parallel agents: GOAL                              N agents
 * GOAL using N parallel agents                                                 N agents
 * GOAL with N agents, GOAL on N parallel agents, GOAL (N agents)               N agents
 * Execute this task dynamically with N parallel instances: GOAL               budget of N
 * GOAL                                                                         auto
 * </pre>
 *
 * The goal may also follow a {@code TASK:} line. A block starts with a line {@code OPTIONS:} or
 * {@code PREFERENCES:} and holds {@code - key: value (remark)} lines; it ends at the first other
 * line. Stateless.
 */
final class RequestParser {
    static final int MAX_AGENTS = 1000;

    private static final String COUNT = "(\\d{1,9})";
    private static final String UNIT = "parallel\\s+(?:agents?|instances?)";
    private static final String REST = "\\s*[:.\\-]?\\s*(.*)";
    private static final Pattern AUTO_LEAD = Pattern.compile(
            "\\s*execute\\s+(?:this|the)\\s+task\\s+(?:dynamically\\s+)?with\\s+auto[- ]?scaled\\s+" + UNIT + REST,
            CASE_INSENSITIVE | DOTALL);
    private static final Pattern AGENTS_LEAD = Pattern.compile(
            "\\s*execute\\s+(?:this|the)\\s+task\\s+(?:dynamically\\s+)?using\\s+" + COUNT + "\\s+" + UNIT + REST,
            CASE_INSENSITIVE | DOTALL);
    private static final Pattern BUDGET_LEAD = Pattern.compile(
            "\\s*execute\\s+(?:this|the)\\s+task\\s+(?:dynamically\\s+)?with\\s+" + COUNT + "\\s+" + UNIT + REST,
            CASE_INSENSITIVE | DOTALL);
    /** A count at the end of the goal: "using 8 parallel agents", "with 4 agents", "on 4 parallel workers", "(4 agents)". */
    private static final Pattern AGENTS_TRAILING = Pattern.compile(
            "(.*?)[\\s,;]*((?:\\b(?:using|with|on|across|in)\\s+|\\()" + COUNT
                    + "\\s+(?:parallel\\s+)?(?:agents?|instances?|workers?)\\)?)\\s*[.!]?\\s*", CASE_INSENSITIVE | DOTALL);
    private static final Pattern TASK_OF = Pattern.compile("\\s*execute\\s+the\\s+task\\s+of\\s+(.*)",
            CASE_INSENSITIVE | DOTALL);
    private static final Pattern BLOCK_HEADER = Pattern.compile(
            "\\s*(?:#+\\s*)?[*_]*(OPTIONS|PREFERENCES)[*_]*\\s*:\\s*[*_]*\\s*", CASE_INSENSITIVE);
    private static final Pattern TASK_HEADER = Pattern.compile("\\s*(?:#+\\s*)?[*_]*TASK[*_]*\\s*:[*_]*\\s*(.*)",
            CASE_INSENSITIVE);
    private static final Pattern ENTRY = Pattern.compile(
            "\\s*(?:[-*+\u2022]\\s*)?([A-Za-z][A-Za-z0-9_ -]{0,40}?)\\s*[:=]\\s*(.*?)\\s*");
    private static final Pattern REMARK = Pattern.compile("\\s*(?:\\([^()]*\\)|#.*)\\s*$");

    private RequestParser() {}

    static Request parse(String text) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        List<String> free = new ArrayList<>();
        List<String> task = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        Section section = Section.FREE;
        for (String line : normalised.split("\n", -1)) {
            if (BLOCK_HEADER.matcher(line).matches()) {
                section = Section.BLOCK;
                continue;
            }
            Matcher taskHeader = TASK_HEADER.matcher(line);
            if (taskHeader.matches()) {
                section = Section.TASK;
                task.add(taskHeader.group(1));
                continue;
            }
            if (section == Section.BLOCK) {
                if (line.isBlank()) {
                    continue;
                }
                Matcher entry = ENTRY.matcher(line);
                if (entry.matches()) {
                    option(options, entry.group(1), entry.group(2));
                    continue;
                }
                section = Section.FREE;
            }
            (section == Section.TASK ? task : free).add(line);
        }
        String head = String.join("\n", free).strip();
        String taskText = String.join("\n", task).strip();
        Scaling scaling = Scaling.auto();
        String rest = head;
        Matcher matcher;
        if ((matcher = AUTO_LEAD.matcher(head)).matches()) {
            rest = matcher.group(1);
        } else if ((matcher = AGENTS_LEAD.matcher(head)).matches()) {
            scaling = new Scaling.Agents(count(matcher.group(1), "parallel agents"));
            rest = matcher.group(2);
        } else if ((matcher = BUDGET_LEAD.matcher(head)).matches()) {
            scaling = new Scaling.Budget(count(matcher.group(1), "parallel instances"));
            rest = matcher.group(2);
        }
        String goal = join(rest, taskText).replaceAll("\\s+", " ").strip();
        Matcher trailing = AGENTS_TRAILING.matcher(goal);
        if (trailing.matches()) {
            if (!(scaling instanceof Scaling.Auto) || AUTO_LEAD.matcher(head).matches()) {
                throw WaveException.invalidInput(
                        "request text asks for %s and ends with \"%s\". Keep one of the two.",
                        AUTO_LEAD.matcher(head).matches() ? "auto-scaled instances" : scaling.describe(),
                        trailing.group(2));
            }
            scaling = new Scaling.Agents(count(trailing.group(3), "parallel agents"));
            goal = trailing.group(1).strip();
            Matcher taskOf = TASK_OF.matcher(goal);
            if (taskOf.matches()) {
                goal = taskOf.group(1).strip();
            }
        }
        if (goal.isEmpty()) {
            if (text.isBlank()) {
                throw WaveException.invalidInput(
                        "the request is empty. Describe the goal, for example \"Clean up the repository\".");
            }
            throw WaveException.invalidInput(
                    "request text has no task after \"%s\". Describe the goal after the colon or on a TASK: line.",
                    oneLine(head.isEmpty() ? normalised : head));
        }
        return new Request(text, goal, scaling, options);
    }

    private static void option(Map<String, String> options, String rawKey, String rawValue) {
        String key = rawKey.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        String value = REMARK.matcher(rawValue).replaceFirst("").strip();
        if (value.length() >= 2 && "\"'`".indexOf(value.charAt(0)) >= 0
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
        }
        String previous = options.putIfAbsent(key, value);
        if (previous != null) {
            throw WaveException.invalidInput("request text sets %s twice (\"%s\" and \"%s\"). Keep one.", key,
                    previous, value);
        }
    }

    private static int count(String digits, String unit) {
        long count = Long.parseLong(digits);
        if (count < 1 || count > MAX_AGENTS) {
            throw WaveException.invalidInput(
                    "request text asks for %s %s; ask for 1 to %d, or leave the count out to let wave choose.",
                    digits, unit, MAX_AGENTS);
        }
        return (int) count;
    }

    private static String join(String first, String second) {
        if (first.isBlank()) {
            return second;
        }
        return second.isBlank() ? first : first + "\n" + second;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    private enum Section {
        FREE,
        BLOCK,
        TASK
    }
}
