package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wave.WaveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a plan as a plan file that {@link PlanLoader} reads back to the same tasks: YAML (with a
 * comment header) or JSON. Stateless and thread-safe.
 */
public final class PlanWriter {
    /** Built-in action parameters are written in this order, then any others alphabetically. */

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private PlanWriter() {}

    /**
     * Writes {@code plan} to {@code path} atomically: JSON when the name ends in {@code .json},
     * YAML otherwise. An existing file is replaced.
     *
     * @param name the plan's name, written as {@code name:}
     * @param comments lines for the YAML header (JSON has no comments and leaves them out)
     * @throws WaveException of kind INVALID_INPUT when the file cannot be written
     */
    public static void write(Plan plan, Path path, String name, List<String> comments) {
        requireNonNull(path, "path is null");
        boolean json = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        String text = json ? toJson(plan, name) : toYaml(plan, name, comments);
        Path absolute = path.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.writeString(temporary, text);
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the temporary file is left behind; the message below says what failed
            }
            throw WaveException.invalidInput("%s: cannot write the plan file (%s). Check that the directory exists and is writable.",
                    path, e.getMessage());
        }
    }

    /** The plan as YAML, each line of {@code comments} as a {@code #} comment at the top. */
    public static String toYaml(Plan plan, String name, List<String> comments) {
        requireNonNull(comments, "comments is null");
        StringBuilder text = new StringBuilder();
        for (String comment : comments) {
            for (String line : comment.split("\n", -1)) {
                text.append(line.isEmpty() ? "#" : "# " + line).append('\n');
            }
        }
        try {
            return text.append(YAML.writeValueAsString(tree(plan, name))).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a plan as YAML", e);
        }
    }

    /** The plan as indented JSON. */
    public static String toJson(Plan plan, String name) {
        try {
            return JSON.writeValueAsString(tree(plan, name)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write a plan as JSON", e);
        }
    }

    private static ObjectNode tree(Plan plan, String name) {
        requireNonNull(plan, "plan is null");
        requireNonNull(name, "name is null");
        ObjectNode root = JSON.createObjectNode();
        root.put("name", name);
        if (!plan.criticalInPrompts()) {
            root.put("critical_in_prompts", false);
        }
        if (plan.overlappingScopes()) {
            root.put("overlapping_scopes", true);
        }
        plan.agents().ifPresent(agents -> root.put("agents", agents));
        for (Task task : plan.tasks()) {
            ObjectNode node = root.withArray("tasks").addObject();
            node.put("id", task.id());
            if (!task.title().equals(task.id())) {
                node.put("title", task.title());
            }
            task.role().ifPresent(role -> node.put("role", role));
            if (!task.dependsOn().isEmpty()) {
                task.dependsOn().forEach(dependency -> node.withArray("depends_on").add(dependency));
            }
            if (task.critical()) {
                node.put("critical", true);
            }
            task.estimate().ifPresent(estimate -> node.put("estimate", duration(estimate)));
            task.timeout().ifPresent(timeout -> node.put("timeout", duration(timeout)));
            if (task.retries() > 0) {
                node.put("retries", task.retries());
            }
            if (!task.scope().isEmpty()) {
                task.scope().forEach(path -> node.withArray("scope").add(path));
            }
            if (!task.env().isEmpty()) {
                ObjectNode env = node.putObject("env");
                new TreeMap<>(task.env()).forEach(env::put);
            }
            if (task.network()) {
                node.put("network", true);
            }
            action(node, task.action());
            task.verify().ifPresent(verify -> node.put("verify", verify));
        }
        return root;
    }

    private static void action(ObjectNode node, Action action) {
        if (action instanceof Action.Shell shell) {
            node.put("run", shell.command());
        } else if (action instanceof Action.Agent agent) {
            node.put("prompt", agent.prompt());
            agent.agent().ifPresent(name -> node.put("agent", name));
            if (agent.change() != AgentChange.REQUIRED) {
                node.put("type", agent.change().planName());
            }
        } else if (action instanceof Action.Builtin builtin) {
            Map<String, Object> parameters = builtin.fileAction().toPlanMap();
            if (parameters.size() == 1) {
                node.put("action", builtin.fileAction().name()); // the short form: no parameters
            } else {
                node.set("action", JSON.valueToTree(parameters));
            }
        } else {
            throw new AssertionError(action);
        }
    }

    /** The shortest exact form: {@code 2h}, {@code 5m}, {@code 90s}, {@code 250ms}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
