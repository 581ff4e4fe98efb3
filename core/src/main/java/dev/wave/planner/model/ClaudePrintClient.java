package dev.wave.planner.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Claude Code CLI in print mode, for planning with whatever login the CLI has:
 * {@code claude -p PROMPT --output-format json --max-turns 1 --append-system-prompt SYSTEM}. A
 * conversation is sent as one prompt with the earlier turns quoted. The CLI runs with exactly the
 * given environment, where its key and base URL are; no key is ever in its arguments.
 */
record ClaudePrintClient(String executable, Path workDirectory, Duration timeout, Map<String, String> environment)
        implements ModelClient {
    ClaudePrintClient {
        requireNonNull(executable, "executable is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(timeout, "timeout is null");
        environment = Map.copyOf(environment);
    }

    @Override
    public String toString() {
        return describe(); // never the environment, which may hold keys
    }

    @Override
    public String describe() {
        return "claude CLI (" + executable + " -p)";
    }

    @Override
    public String complete(String system, List<Message> conversation) throws ModelException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(executable, "-p", prompt(conversation), "--output-format", "json",
                "--max-turns", "1", "--append-system-prompt", system)
                .directory(workDirectory.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // the CLI reads its key and base URL from this environment, never from its arguments
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ModelException("cannot start " + executable + " (" + e.getMessage() + "). Install Claude Code "
                    + "(npm install -g @anthropic-ai/claude-code) or choose another planner.");
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ModelException(executable + " -p gave no reply within " + timeout.toSeconds() + "s");
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        String text = output.join();
        JsonNode result;
        try {
            result = Wire.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ModelException(executable + " -p printed no JSON result (exit " + process.exitValue() + "): "
                    + Wire.shorten(text));
        }
        if (result == null || result.path("is_error").asBoolean(false) || !result.path("result").isTextual()) {
            throw new ModelException(executable + " -p failed (exit " + process.exitValue() + "): "
                    + (result == null ? "no output" : result.path("subtype").asText("") + " " + result.path("result").asText("")));
        }
        return result.path("result").asText();
    }

    /** The conversation as one prompt: the last user turn, after the earlier turns quoted. */
    static String prompt(List<Message> conversation) {
        if (conversation.size() == 1) {
            return conversation.get(0).text();
        }
        StringBuilder text = new StringBuilder("The conversation so far:\n\n");
        for (Message message : conversation.subList(0, conversation.size() - 1)) {
            text.append("[").append(message.role().wire()).append("]\n").append(message.text()).append("\n\n");
        }
        return text.append("[user]\n").append(conversation.get(conversation.size() - 1).text()).toString();
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
