package dev.wave.temporal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * A fake {@code claude} executable (POSIX sh) that speaks Claude Code's real {@code --output-format stream-json
 * --verbose} lines (system/init, an assistant Edit with its usage, the tool result, the closing text, the result
 * with {@code total_cost_usd} and {@code usage}), and appends a line to each file named in {@code FAKE_CLAUDE_FILES}
 * (space-separated, relative to its work directory; {@code agent.txt} by default); with {@code FAKE_CLAUDE_SEEN} it
 * also writes there the checkpoints of its dependencies it finds under {@code .wave/runs/latest/checkpoints/}, as a
 * prompt tells an agent to read them. Its usage: 1,000 input tokens
 * (600 + 400 cache reads), 200 output tokens, $0.0125.
 */
final class FakeClaude {
    static final long INPUT_TOKENS = 1_000;
    static final long OUTPUT_TOKENS = 200;
    static final double COST_USD = 0.0125;

    private static final String SCRIPT = """
            #!/bin/sh
            files=${FAKE_CLAUDE_FILES:-agent.txt}
            if [ -n "$FAKE_CLAUDE_SEEN" ]; then
              cat .wave/runs/latest/checkpoints/*.agent.json > "$FAKE_CLAUDE_SEEN" 2>/dev/null || echo none > "$FAKE_CLAUDE_SEEN"
            fi
            session=fake-session-0001
            printf '%s\\n' '{"type":"system","subtype":"init","cwd":"'"$(pwd)"'","session_id":"'$session'","tools":["Read","Edit","Write","Bash"],"model":"claude-fake","permissionMode":"acceptEdits","apiKeySource":"none"}'
            for file in $files; do
              mkdir -p "$(dirname "$file")"
              echo "claude was here" >> "$file"
              printf '%s\\n' '{"type":"assistant","message":{"id":"msg_fake_1","type":"message","role":"assistant","model":"claude-fake","content":[{"type":"tool_use","id":"toolu_fake_1","name":"Edit","input":{"file_path":"'"$(pwd)/$file"'","old_string":"","new_string":"claude was here"}}],"stop_reason":"tool_use","usage":{"input_tokens":300,"cache_creation_input_tokens":0,"cache_read_input_tokens":200,"output_tokens":100}},"parent_tool_use_id":null,"session_id":"'$session'"}'
              printf '%s\\n' '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_fake_1","type":"tool_result","content":"The file has been updated."}]},"parent_tool_use_id":null,"session_id":"'$session'"}'
            done
            printf '%s\\n' '{"type":"assistant","message":{"id":"msg_fake_2","type":"message","role":"assistant","model":"claude-fake","content":[{"type":"text","text":"Edited the files."}],"stop_reason":"end_turn","usage":{"input_tokens":300,"cache_creation_input_tokens":0,"cache_read_input_tokens":200,"output_tokens":100}},"parent_tool_use_id":null,"session_id":"'$session'"}'
            printf '%s\\n' '{"type":"result","subtype":"success","is_error":false,"duration_ms":1200,"duration_api_ms":1000,"num_turns":2,"result":"Edited the files.","session_id":"'$session'","total_cost_usd":0.0125,"usage":{"input_tokens":600,"cache_creation_input_tokens":0,"cache_read_input_tokens":400,"output_tokens":200},"permission_denials":[]}'
            """;

    private FakeClaude() {}

    /** Writes {@code claude} into {@code directory} and returns an environment whose PATH finds it first. */
    static Map<String, String> installIn(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path claude = directory.resolve("claude");
        Files.writeString(claude, SCRIPT);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("PATH", directory + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return environment;
    }

    /** The worker's environment with no {@code claude} on its PATH. */
    static Map<String, String> absent(Path emptyDirectory) throws IOException {
        Files.createDirectories(emptyDirectory);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("PATH", emptyDirectory + ":/usr/bin:/bin");
        return environment;
    }
}
