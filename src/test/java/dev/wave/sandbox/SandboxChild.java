package dev.wave.sandbox;

import dev.wave.plan.Task;
import dev.wave.request.SandboxMode;
import dev.wave.run.TaskExecutor;
import java.nio.file.Path;
import java.util.List;

/**
 * A wave stand-in for {@link SandboxTest}: a JVM that runs one shell task in a sandbox until it is
 * killed. Arguments: the sandbox mode (BWRAP or OFF), the work directory, the command.
 */
public final class SandboxChild {
    private SandboxChild() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[1]);
        Sandbox sandbox = Sandbox.of(new SandboxPolicy(SandboxMode.valueOf(args[0]), false), "child");
        TaskExecutor.shell(sandbox).execute(Task.shell("writer", args[2], List.of()), directory,
                directory.resolve("writer.log"));
    }
}
