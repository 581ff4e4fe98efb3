package dev.wave.git;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The git command line, run in one work tree. The entry point of the {@code git} package.
 *
 * <p>Every call starts {@code git} with {@code ProcessBuilder} in the work tree's top level, with
 * optional locks off (so reading never rewrites the user's index), prompts off, the C locale, and
 * none of the caller's {@code GIT_DIR}, {@code GIT_WORK_TREE} or {@code GIT_INDEX_FILE}: a call sees
 * exactly the repository it was opened on, and the index a {@link Command} names. When the repository
 * has no {@code user.name} or {@code user.email}, calls pass {@code -c user.name=wave -c
 * user.email=wave@localhost}, so commits never fail for lack of an identity.
 *
 * <p>Thread-safe: each call is its own process. Calls block until git exits and are not
 * interruptible, so a backup or a rollback is never left half done by an interrupt; an interrupt that
 * arrives meanwhile stays set on the thread. Standard input and standard error go through temporary
 * files, so no call can deadlock however much it reads or writes.
 */
public final class Git {
    static final List<String> ENVIRONMENT_REMOVED = List.of("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE",
            "GIT_PREFIX", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_CEILING_DIRECTORIES");
    private static final int STDERR_LIMIT = 2000;

    private final Path root;
    private final Path gitDirectory;
    private final List<String> identity;
    private final Map<String, Path> gitPaths = new ConcurrentHashMap<>();

    private Git(Path root, Path gitDirectory, List<String> identity) {
        this.root = root;
        this.gitDirectory = gitDirectory;
        this.identity = List.copyOf(identity);
    }

    /**
     * Opens the git work tree that contains {@code directory}.
     *
     * @return empty when {@code directory} is not inside a work tree (outside any repository, inside
     *     a bare repository or a {@code .git} directory) or when git is not installed
     */
    public static Optional<Git> open(Path directory) {
        requireNonNull(directory, "directory is null");
        Path start = directory.toAbsolutePath().normalize();
        Result located;
        try {
            located = execute(start, List.of(), Command.of("rev-parse", "--show-toplevel", "--absolute-git-dir"));
        } catch (UncheckedIOException e) {
            return Optional.empty();
        }
        if (!located.succeeded()) {
            return Optional.empty();
        }
        String[] lines = located.text().split("\n");
        if (lines.length != 2 || lines[0].isBlank()) {
            return Optional.empty();
        }
        Path root = Path.of(lines[0]);
        Path gitDirectory = Path.of(lines[1]);
        Map<String, String> configured = identity(root);
        List<String> identity = new ArrayList<>();
        if (configured.getOrDefault("user.name", "").isBlank()) {
            identity.addAll(List.of("-c", "user.name=wave"));
        }
        if (configured.getOrDefault("user.email", "").isBlank()) {
            identity.addAll(List.of("-c", "user.email=wave@localhost"));
        }
        return Optional.of(new Git(root, gitDirectory, identity));
    }

    /**
     * The repository's {@code user.name} and {@code user.email} as git reads them (the last value of each), asked
     * with one {@code git config} (git refuses an empty identity, so a blank value counts as none).
     */
    private static Map<String, String> identity(Path root) {
        Result values = execute(root, List.of(), Command.of("config", "--get-regexp", "^user\\.(name|email)$"));
        Map<String, String> found = new HashMap<>();
        if (values.succeeded()) {
            for (String line : values.text().split("\n")) {
                int space = line.indexOf(' ');
                String key = space < 0 ? line : line.substring(0, space);
                found.put(key, space < 0 ? "" : line.substring(space + 1));
            }
        }
        return found;
    }

    /**
     * Makes {@code directory} a new git repository whose first branch is {@code branch}, and opens it.
     *
     * @throws WaveException of kind UNSAFE_STATE when git is not installed or cannot create it
     */
    public static Git init(Path directory, String branch) {
        requireNonNull(directory, "directory is null");
        requireNonNull(branch, "branch is null");
        Path absolute = directory.toAbsolutePath().normalize();
        Command command = Command.of("init", "-q").withConfiguration("init.defaultBranch", branch);
        Result result;
        try {
            result = execute(absolute, List.of(), command);
        } catch (UncheckedIOException e) {
            throw WaveException.unsafeState("cannot run git in %s (%s). Install git and try again.", absolute,
                    e.getCause().getMessage());
        }
        if (!result.succeeded()) {
            throw WaveException.unsafeState("git init failed in %s (exit %d: %s). Check that the directory is writable.",
                    absolute, result.exitCode(), result.firstErrorLine());
        }
        return open(absolute).orElseThrow(() -> WaveException.unsafeState(
                "git init in %s made no work tree that git can open. Check the directory and try again.", absolute));
    }

    /** Whether a {@code git} command can be started at all. */
    public static boolean installed() {
        try {
            return execute(Path.of("").toAbsolutePath(), List.of(), Command.of("--version")).succeeded();
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** The top level of the work tree. */
    public Path root() {
        return root;
    }

    /** This work tree's git directory ({@code .git}, or {@code .git/worktrees/<name>} for a linked work tree). */
    public Path gitDirectory() {
        return gitDirectory;
    }

    /** Whether calls supply wave's fallback identity because the repository configures none. */
    public boolean usesFallbackIdentity() {
        return !identity.isEmpty();
    }

    /**
     * The absolute path git uses for {@code name} inside the git directory, as {@code git rev-parse --git-path}
     * says; asked once per name, since the answer is fixed for the work tree this instance was opened on.
     */
    public Path gitPath(String name) {
        requireNonNull(name, "name is null");
        return gitPaths.computeIfAbsent(name, key -> {
            Path path = Path.of(text("rev-parse", "--git-path", key));
            return path.isAbsolute() ? path : root.resolve(path).normalize();
        });
    }

    /** Runs the command and returns its standard output without the final newline. */
    public String text(String... args) {
        return run(Command.of(args)).text();
    }

    /**
     * Runs a command and returns how it ended.
     *
     * @throws WaveException of kind UNSAFE_STATE when git exits with a code the command does not allow,
     *     naming the command, the exit code and git's first line of error
     */
    public Result run(Command command) {
        requireNonNull(command, "command is null");
        Result result = execute(root, identity, command);
        if (!command.allowedExitCodes().contains(result.exitCode())) {
            throw failure(command, result);
        }
        return result;
    }

    /** Runs a command whatever its exit code. */
    public Result attempt(Command command) {
        requireNonNull(command, "command is null");
        return execute(root, identity, command);
    }

    /**
     * Runs a command and hands its standard output, as it comes, to {@code reader}.
     *
     * @throws WaveException of kind UNSAFE_STATE when git fails
     */
    public <T> T read(Command command, OutputReader<T> reader) {
        requireNonNull(command, "command is null");
        requireNonNull(reader, "reader is null");
        Invocation invocation = start(root, identity, command);
        T value;
        try (InputStream output = invocation.process().getInputStream()) {
            value = reader.read(output);
            output.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            invocation.process().destroyForcibly();
            invocation.finish();
            throw WaveException.unsafeState("git %s: cannot read its output in %s (%s). Check the disk and try again.",
                    command.args().get(0), root, e.getMessage());
        }
        Result result = invocation.finish();
        if (!command.allowedExitCodes().contains(result.exitCode())) {
            throw failure(command, result);
        }
        return value;
    }

    private WaveException failure(Command command, Result result) {
        return WaveException.unsafeState("git %s failed in %s (exit %d: %s). Check the repository with 'git status' and try again.",
                String.join(" ", command.args().subList(0, Math.min(3, command.args().size()))), root,
                result.exitCode(), result.firstErrorLine());
    }

    private static Result execute(Path directory, List<String> identity, Command command) {
        Invocation invocation = start(directory, identity, command);
        byte[] output;
        try (InputStream stream = invocation.process().getInputStream()) {
            output = stream.readAllBytes();
        } catch (IOException e) {
            invocation.process().destroyForcibly();
            invocation.finish();
            throw new UncheckedIOException("cannot read the output of git " + command.args(), e);
        }
        Result result = invocation.finish();
        return new Result(result.exitCode(), output, result.error());
    }

    private static Invocation start(Path directory, List<String> identity, Command command) {
        List<String> line = new ArrayList<>();
        line.add("git");
        line.add("--no-optional-locks");
        line.addAll(List.of("-c", "core.quotepath=off"));
        line.addAll(identity);
        line.addAll(command.configuration());
        line.addAll(command.args());
        ProcessBuilder builder = new ProcessBuilder(line).directory(directory.toFile());
        Map<String, String> environment = builder.environment();
        ENVIRONMENT_REMOVED.forEach(environment::remove);
        environment.put("GIT_TERMINAL_PROMPT", "0");
        environment.put("GIT_OPTIONAL_LOCKS", "0");
        environment.put("LC_ALL", "C");
        command.indexFile().ifPresent(index -> environment.put("GIT_INDEX_FILE", index.toString()));
        environment.putAll(command.environment());
        Path input = null;
        Path error = null;
        try {
            error = Files.createTempFile("wave-git-", ".err");
            builder.redirectError(error.toFile());
            if (command.input().length > 0) {
                input = Files.createTempFile("wave-git-", ".in");
                Files.write(input, command.input());
                builder.redirectInput(input.toFile());
            }
            Process process = builder.start();
            if (input == null) {
                process.getOutputStream().close();
            }
            return new Invocation(process, input, error);
        } catch (IOException e) {
            deleteQuietly(input);
            deleteQuietly(error);
            throw new UncheckedIOException("cannot start git " + command.args() + " in " + directory, e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                file.toFile().deleteOnExit();
            }
        }
    }

    /** A started git process and the temporary files it uses. */
    private record Invocation(Process process, Path input, Path error) {
        /** Waits for the process uninterruptibly, reads its error output and removes the temporary files. */
        Result finish() {
            boolean interrupted = false;
            int exitCode;
            while (true) {
                try {
                    exitCode = process.waitFor();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            String message;
            try {
                byte[] bytes = Files.readAllBytes(error);
                message = new String(bytes, 0, Math.min(bytes.length, STDERR_LIMIT * 4), StandardCharsets.UTF_8);
            } catch (IOException e) {
                message = "";
            } finally {
                deleteQuietly(input);
                deleteQuietly(error);
            }
            return new Result(exitCode, new byte[0], message);
        }
    }

    /** Consumes a command's standard output as a stream. */
    @FunctionalInterface
    public interface OutputReader<T> {
        T read(InputStream output) throws IOException;
    }
}
