package dev.wave.temporal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.FailureDecision;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.run.Usage;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How plans, tasks and run events travel between the submitting side, the workflow and the workers: plans as
 * plan files (what {@link PlanWriter} writes and {@link PlanLoader} reads back), events as one compact JSON
 * line each. Deterministic and stateless, so the workflow may use it.
 */
final class Wire {
    /**
     * The version of what a run sends its workers ({@link TaskActivities.Request#version}): 1 for shell and built-in
     * tasks only (a request without a version), 2 with prompt tasks and the run's agent. A worker refuses a request
     * of a version it does not know, saying to update it.
     */
    static final int VERSION = 2;

    private Wire() {}

    static String planJson(Plan plan) {
        return PlanWriter.toJson(plan, plan.goal().orElse(plan.source()));
    }

    static Plan plan(String json) {
        return PlanLoader.parse("the run's plan", json, true);
    }

    /** The task alone, as a one-task plan file (its dependencies are the workflow's business). */
    static String taskJson(Task task) {
        Task alone = new Task(task.id(), task.title(), task.action(), List.of(), task.estimate(), task.role(),
                task.critical(), task.timeout(), task.retries(), task.env(), task.verify(), task.scope(), task.network());
        return PlanWriter.toJson(Plan.of("task " + task.id(), List.of(alone)), task.id());
    }

    static Task task(String json) {
        return PlanLoader.parse("the task", json, true).task(0);
    }

    static PriorityOrder order(RunWorkflow.Input input, Plan plan) {
        return input.strictOrder() ? PriorityOrder.strict(input.orderRule(), plan.graph(), input.orderKeys())
                : PriorityOrder.of(input.orderRule(), input.orderKeys());
    }

    static long[] keys(PriorityOrder order) {
        long[] keys = new long[order.size()];
        for (int task = 0; task < keys.length; task++) {
            keys[task] = order.key(task);
        }
        return keys;
    }

    static String encode(RunEvent event, Plan plan) {
        ObjectNode node = Json.COMPACT.createObjectNode();
        if (event instanceof RunEvent.AttemptStarted started) {
            TaskStart start = started.start();
            node.put("k", "s").put("t", start.index()).put("a", started.attempt()).put("i", start.instance())
                    .put("at", start.startedAt().toEpochMilli()).put("r", start.running());
        } else if (event instanceof RunEvent.AttemptEnded ended) {
            node.put("k", "e").put("t", ended.index()).put("a", ended.attempt()).put("at", ended.endedAt().toEpochMilli());
            result(node, ended.result());
        } else if (event instanceof RunEvent.RetryScheduled retry) {
            node.put("k", "r").put("t", plan.graph().indexOf(retry.taskId())).put("a", retry.failedAttempt())
                    .put("b", retry.backoff().toMillis()).put("s", retry.reason());
        } else if (event instanceof RunEvent.FailureDecided decided) {
            node.put("k", "d").set("v", Json.COMPACT.valueToTree(decided.decision()));
        } else if (event instanceof RunEvent.TaskEnded taskEnded) {
            TaskRecord record = taskEnded.record();
            node.put("k", "n").put("t", record.index()).put("w", record.wave()).put("st", record.state().name())
                    .put("d", record.durationMillis()).put("a", record.attempts()).put("s", record.summary());
            record.instance().ifPresent(instance -> node.put("i", instance));
            record.startedAt().ifPresent(at -> node.put("sa", at.toEpochMilli()));
            record.finishedAt().ifPresent(at -> node.put("fa", at.toEpochMilli()));
            record.exitCode().ifPresent(code -> node.put("x", code));
            files(node, record.filesChanged());
            usage(node, record.usage());
        } else if (event instanceof RunEvent.BudgetReached reached) {
            node.put("k", "b").put("t", -1).put("id", reached.taskId()).put("s", reached.reason());
            usage(node, reached.spent());
        } else {
            throw new AssertionError(event);
        }
        return node.toString();
    }

    /** The checkpoint a prompt task's agent wrote, to keep beside its log on the submitting side. */
    static String checkpoint(int task, String text) {
        return Json.COMPACT.createObjectNode().put("k", "c").put("t", task).put("text", text).toString();
    }

    /** A task's output, to append to its log on the submitting side. */
    static String log(int task, String text) {
        return Json.COMPACT.createObjectNode().put("k", "l").put("t", task).put("text", text).toString();
    }

    /** A decoded line: an event, or a log for a task. */
    sealed interface Line {}

    record Event(RunEvent event) implements Line {}

    record Log(int task, String text) implements Line {}

    record Checkpoint(int task, String text) implements Line {}

    static Line decode(String line, Plan plan, Waves waves) {
        JsonNode node;
        try {
            node = Json.COMPACT.readTree(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("an unreadable event: " + line, e);
        }
        String kind = node.path("k").asText();
        int task = node.path("t").asInt();
        String id = task >= 0 && task < plan.size() ? plan.task(task).id() : "?";
        switch (kind) {
            case "s":
                return new Event(new RunEvent.AttemptStarted(new TaskStart(task, id, waves.waveOf(task),
                        node.path("i").asText(), Instant.ofEpochMilli(node.path("at").asLong()), node.path("r").asInt()),
                        node.path("a").asInt()));
            case "e":
                return new Event(new RunEvent.AttemptEnded(task, id, node.path("a").asInt(), result(node),
                        Instant.ofEpochMilli(node.path("at").asLong())));
            case "r":
                return new Event(new RunEvent.RetryScheduled(id, node.path("a").asInt(),
                        Duration.ofMillis(node.path("b").asLong()), node.path("s").asText()));
            case "d":
                try {
                    return new Event(new RunEvent.FailureDecided(Json.COMPACT.treeToValue(node.get("v"), FailureDecision.class)));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException("an unreadable failure decision: " + line, e);
                }
            case "n":
                return new Event(new RunEvent.TaskEnded(new TaskRecord(task, id, node.path("w").asInt(),
                        text(node, "i"), TaskState.valueOf(node.path("st").asText()), time(node, "sa"), time(node, "fa"),
                        node.path("d").asLong(), node.has("x") ? Optional.of(node.get("x").asInt()) : Optional.empty(),
                        node.path("a").asInt(), node.path("s").asText(), files(node), usage(node))));
            case "b":
                return new Event(new RunEvent.BudgetReached(node.path("id").asText(), node.path("s").asText(),
                        usage(node)));
            case "c":
                return new Checkpoint(task, node.path("text").asText());
            case "l":
                return new Log(task, node.path("text").asText());
            default:
                throw new IllegalArgumentException("an event of an unknown kind: " + line);
        }
    }

    private static void result(ObjectNode node, ExecutionResult result) {
        node.put("ok", result.succeeded()).put("s", result.summary());
        result.exitCode().ifPresent(code -> node.put("x", code));
        files(node, result.filesChanged());
        usage(node, result.usage());
    }

    private static ExecutionResult result(JsonNode node) {
        return new ExecutionResult(node.has("x") ? Optional.of(node.get("x").asInt()) : Optional.empty(),
                node.path("ok").asBoolean(), node.path("s").asText(), files(node)).withUsage(usage(node));
    }

    /** An agent attempt's usage: tokens in and out, and the cost when the agent reported one. */
    private static void usage(ObjectNode node, Usage usage) {
        if (!usage.isEmpty()) {
            node.put("ui", usage.inputTokens()).put("uo", usage.outputTokens());
            usage.costUsd().ifPresent(cost -> node.put("uc", cost));
        }
    }

    private static Usage usage(JsonNode node) {
        if (!node.has("ui")) {
            return Usage.NONE;
        }
        return new Usage(node.get("ui").asLong(), node.path("uo").asLong(),
                node.has("uc") ? Optional.of(node.get("uc").asDouble()) : Optional.empty());
    }

    /** The usage a worker reported for an attempt. */
    static Usage usage(TaskActivities.Result result) {
        return result.inputTokens() == 0 && result.outputTokens() == 0 && !result.costReported() ? Usage.NONE
                : new Usage(result.inputTokens(), result.outputTokens(),
                        result.costReported() ? Optional.of(result.costUsd()) : Optional.empty());
    }

    private static void files(ObjectNode node, List<String> files) {
        if (!files.isEmpty()) {
            ArrayNode array = node.putArray("f");
            files.forEach(array::add);
        }
    }

    private static List<String> files(JsonNode node) {
        List<String> files = new ArrayList<>();
        node.path("f").forEach(file -> files.add(file.asText()));
        return files;
    }

    private static Optional<String> text(JsonNode node, String key) {
        return node.has(key) ? Optional.of(node.get(key).asText()) : Optional.empty();
    }

    private static Optional<Instant> time(JsonNode node, String key) {
        return node.has(key) ? Optional.of(Instant.ofEpochMilli(node.get(key).asLong())) : Optional.empty();
    }
}
