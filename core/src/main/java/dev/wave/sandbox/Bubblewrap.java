package dev.wave.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The bubblewrap command line of a task, and whether bubblewrap can start here (probed once per JVM).
 * Thread-safe; utility class.
 */
final class Bubblewrap {
    /** Wave's own state inside the repository, which a task must not change: read-only in the sandbox. */
    static final List<String> PROTECTED = List.of(".wave", ".git/refs/wave");

    /**
     * Run as root, bubblewrap keeps every capability, and a task could remount the read-only file system
     * writable. It keeps only those that let root use files it does not own in the writable places.
     */
    static final List<String> ROOT_CAPABILITIES = List.of("--cap-drop", "ALL", "--cap-add", "CAP_DAC_OVERRIDE",
            "--cap-add", "CAP_DAC_READ_SEARCH", "--cap-add", "CAP_FOWNER", "--cap-add", "CAP_CHOWN",
            "--cap-add", "CAP_FSETID");

    /** The parts of {@code /proc} that root may write by file mode alone: read-only in the sandbox. */
    static final List<String> KERNEL_SETTINGS = List.of("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus");

    /** Whether wave runs as root (effective user id 0). */
    static final boolean ROOT = effectiveUid().equals("0");

    private Bubblewrap() {}

    /** The path of {@code bwrap} when it can start a sandbox here; else why not, in words. */
    static Probe probe() {
        return Holder.PROBE;
    }

    /** The outcome of the one probe: the program, or the reason it cannot be used. */
    record Probe(Optional<Path> program, String reason) {}

    private static final class Holder {
        static final Probe PROBE = run();
    }

    private static Probe run() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return new Probe(Optional.empty(), "bubblewrap needs Linux, this is " + os);
        }
        Optional<Path> program = onPath("bwrap", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        if (program.isEmpty()) {
            return new Probe(Optional.empty(), "bubblewrap is not installed (no bwrap on PATH; apt-get install bubblewrap)");
        }
        List<String> line = arguments(program.get(), Path.of("/"), false, List.of(), List.of("true"));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Probe(Optional.empty(), "bwrap did not start a sandbox within 10 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                String first = output.isEmpty() ? "exit " + process.exitValue() : output.lines().findFirst().orElse("");
                return new Probe(Optional.empty(), "bwrap cannot start a sandbox here: " + first);
            }
            return new Probe(program, "");
        } catch (IOException e) {
            return new Probe(Optional.empty(), "bwrap cannot start: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(Optional.empty(), "the bwrap probe was interrupted");
        }
    }

    /**
     * The command line that runs {@code command} in {@code workDirectory} under bubblewrap: the whole
     * file system read-only, a private {@code /tmp}, the work directory (and, for a linked worktree, its
     * git directories) writable except wave's own state, the {@code writable} directories writable too,
     * a PID namespace that dies with wave, and no network unless {@code network}.
     */
    static List<String> arguments(Path program, Path workDirectory, boolean network, List<Path> writable,
            List<String> command) {
        return arguments(program, workDirectory, network, writable, List.of(), command);
    }

    /** As above, with the {@code readOnly} paths visible read-only even under the private {@code /tmp}. */
    static List<String> arguments(Path program, Path workDirectory, boolean network, List<Path> writable,
            List<Path> readOnly, List<String> command) {
        List<String> line = new ArrayList<>(32 + command.size());
        line.add(program.toString());
        add(line, "--ro-bind", "/", "/");
        add(line, "--dev", "/dev");
        add(line, "--proc", "/proc");
        // Kernel settings a root task could change with no capability at all (core_pattern, sysrq).
        for (String kernel : KERNEL_SETTINGS) {
            if (ROOT && Files.exists(Path.of(kernel), LinkOption.NOFOLLOW_LINKS)) {
                add(line, "--ro-bind", kernel, kernel);
            }
        }
        // Before the binds: a repository under /tmp is mounted over the private /tmp, not hidden by it.
        add(line, "--tmpfs", "/tmp");
        String directory = workDirectory.toString();
        add(line, "--bind", directory, directory);
        for (Path gitDirectory : linkedGitDirectories(workDirectory)) {
            add(line, "--bind", gitDirectory.toString(), gitDirectory.toString());
            Path refs = gitDirectory.resolve("refs/wave");
            if (Files.isDirectory(refs, LinkOption.NOFOLLOW_LINKS)) {
                add(line, "--ro-bind", refs.toString(), refs.toString());
            }
        }
        for (String relative : PROTECTED) {
            Path path = workDirectory.resolve(relative);
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                add(line, "--ro-bind", path.toString(), path.toString());
            }
        }
        for (Path extra : writable) {
            add(line, "--bind", extra.toString(), extra.toString());
        }
        for (Path visible : readOnly) {
            add(line, "--ro-bind", visible.toString(), visible.toString());
        }
        line.add("--unshare-pid");
        line.add("--unshare-uts");
        line.add("--unshare-ipc");
        // The task is the namespace's init, with no bwrap init in between: when it exits, the kernel kills
        // what is left in the namespace before bwrap can see the exit, so nothing outlives the attempt.
        line.add("--as-pid-1");
        if (!network) {
            line.add("--unshare-net");
        }
        line.add("--die-with-parent");
        line.add("--new-session");
        if (ROOT) {
            line.addAll(ROOT_CAPABILITIES);
        }
        add(line, "--chdir", directory);
        line.add("--");
        line.addAll(command);
        return line;
    }

    /**
     * For a linked worktree or a submodule ({@code .git} is a file naming its git directory), that git
     * directory and the repository's common one, so that git commands in the task still work. Empty
     * for an ordinary repository, whose {@code .git} is inside the work directory already.
     */
    static List<Path> linkedGitDirectories(Path workDirectory) {
        Path dotGit = workDirectory.resolve(".git");
        if (!Files.isRegularFile(dotGit, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try {
            String first = Files.readAllLines(dotGit, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (!first.startsWith("gitdir:")) {
                return List.of();
            }
            Path gitDirectory = workDirectory.resolve(first.substring("gitdir:".length()).strip()).normalize();
            if (!Files.isDirectory(gitDirectory)) {
                return List.of();
            }
            List<Path> directories = new ArrayList<>(List.of(gitDirectory.toRealPath()));
            Path common = gitDirectory.resolve("commondir");
            if (Files.isRegularFile(common)) {
                Path commonDirectory = gitDirectory.resolve(Files.readString(common, StandardCharsets.UTF_8).strip())
                        .normalize();
                if (Files.isDirectory(commonDirectory)) {
                    directories.add(commonDirectory.toRealPath());
                }
            }
            directories.removeIf(directory -> directory.startsWith(workDirectory));
            return List.copyOf(directories);
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The effective user id, from {@code /proc/self/status}; empty when it cannot be read. */
    private static String effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    String[] ids = line.substring(4).strip().split("\\s+");
                    return ids.length > 1 ? ids[1] : "";
                }
            }
        } catch (IOException | RuntimeException e) {
            return "";
        }
        return "";
    }

    static Optional<Path> onPath(String program, String path) {
        for (String directory : path.split(":")) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static void add(List<String> line, String option, String... values) {
        line.add(option);
        line.addAll(List.of(values));
    }
}
