package dev.wave.check;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs the check command in the repository and reads what it reported: the JUnit XML reports it
 * wrote (found by comparing the report files before and after it ran, plus the pytest report wave
 * asks for through {@code PYTEST_ADDOPTS=--junitxml=FILE} when the command is one pytest run), else the
 * summary lines of its output.
 *
 * <p>The command runs as a shell task does (through {@link TaskExecutor#shell()}: its own process
 * group, standard input from {@code /dev/null}, the whole tree killed on timeout or interrupt), with
 * {@code PYTHONDONTWRITEBYTECODE=1}, and pytest's cache and coverage.py's data file in {@code directory};
 * the four names test tools still leave at the top of the repository are removed after it when it made them
 * ({@link ToolLeftovers}); anything else the tests write stays. Its output goes to {@code <directory>/<label>.log}.
 *
 * <p>Not thread-safe: one check at a time (the run calls it before the tasks, from a critical task
 * that runs alone, and after the tasks). Blocks while the command runs; on interrupt the command's
 * processes are killed and {@link InterruptedException} is thrown.
 */
public final class TestCheck {
    private static final String TASK_ID = "wave-check";
    private static final int TAIL_BYTES = 1 << 20;
    /** One pytest run, possibly through a Python version or an environment manager, with no other command. */
    static final Pattern ONE_PYTEST = Pattern.compile(
            "\\s*(?:(?:uv|poetry|pipenv|hatch|pdm)\\s+run\\s+)?(?:python[\\d.]*\\s+-m\\s+pytest|pytest|py\\.test)(?:\\s[^;&|`$()<>]*)?");

    private final CheckCommand command;
    private final Path repository;
    private final Path directory;
    private final TaskExecutor shell;
    private final Duration timeout;

    TestCheck(CheckCommand command, Path repository, Path directory, TaskExecutor shell, Duration timeout) {
        this.command = requireNonNull(command, "command is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.shell = requireNonNull(shell, "shell is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    public CheckCommand command() {
        return command;
    }

    /** Where the run's check record goes: {@code <directory>/check.json}. */
    Path record() {
        return directory.resolve("check.json");
    }

    /** Runs the command before any change. */
    public Baseline baseline() throws InterruptedException {
        return new Baseline(run("baseline"));
    }

    /** Runs the command again and compares it with {@code baseline}; {@code label} names its log and report. */
    public CheckOutcome compare(Baseline baseline, String label) throws InterruptedException {
        requireNonNull(baseline, "baseline is null");
        return Comparison.compare(baseline, run(label));
    }

    /** Runs the command once, its output in {@code <directory>/<label>.log}. */
    TestRun run(String label) throws InterruptedException {
        Path log = directory.resolve(label + ".log");
        Path junit = directory.resolve(label + ".xml");
        try {
            Files.createDirectories(directory);
            Files.deleteIfExists(junit);
            Files.deleteIfExists(log);
            Files.createFile(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + directory + " for the check: " + e.getMessage(), e);
        }
        Map<Path, JUnitReports.Stamp> before = JUnitReports.find(repository);
        Set<String> leftoversBefore = ToolLeftovers.present(repository);
        // A JUnit report only for one pytest run: several would overwrite it, and the last alone would be compared.
        String addopts = Optional.ofNullable(System.getenv("PYTEST_ADDOPTS")).map(existing -> existing + " ").orElse("")
                + (ONE_PYTEST.matcher(command.command()).matches() ? "--junitxml=" + shellQuote(junit.toString()) + " " : "")
                + "-o " + shellQuote("cache_dir=" + directory.resolve("pytest-cache"));
        Task task = new Task(TASK_ID, "check " + label, new Action.Shell(command.command()), List.of(), Optional.empty(),
                Optional.empty(), false, Optional.of(timeout), 0,
                Map.of("PYTEST_ADDOPTS", addopts, "PYTHONDONTWRITEBYTECODE", "1",
                        "COVERAGE_FILE", directory.resolve("coverage").toString()));
        long started = System.nanoTime();
        ExecutionResult result;
        try {
            result = shell.execute(task, repository, log);
        } finally {
            ToolLeftovers.removeNew(repository, leftoversBefore);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        List<Path> reports = JUnitReports.written(before, JUnitReports.find(repository));
        if (Files.isRegularFile(junit)) {
            reports.add(junit);
        }
        List<String> notes = new ArrayList<>();
        List<String> tail = tail(log);
        Optional<TestResults> results = JUnitReports.read(reports, notes).or(() -> Summaries.read(tail));
        return new TestRun(command.command(), result.exitCode(), result.summary(), results, millis, log, notes,
                collectionError(command.command(), result.exitCode(), tail));
    }

    /** pytest's line when a module cannot be imported: it then runs no test at all. */
    private static final Pattern COLLECTION = Pattern.compile("Interrupted: (\\d{1,9}) errors? during collection");

    /**
     * Why the tests could not be collected, so none ran: pytest's "Interrupted: N errors during collection" in the
     * output, or, for one pytest run, its exit codes 2 (interrupted), 3 (internal error), 4 (usage error) and 5 (no
     * tests collected). Empty when the command passed or the tests ran.
     */
    static Optional<String> collectionError(String command, Optional<Integer> exitCode, List<String> output) {
        if (exitCode.isEmpty() || exitCode.get() == 0) {
            return Optional.empty();
        }
        for (String line : output) {
            java.util.regex.Matcher matcher = COLLECTION.matcher(line);
            if (matcher.find()) {
                return Optional.of("pytest: " + matcher.group(1) + (matcher.group(1).equals("1") ? " error" : " errors")
                        + " during collection");
            }
        }
        if (!ONE_PYTEST.matcher(command).matches()) {
            return Optional.empty();
        }
        return switch (exitCode.get()) {
            case 2 -> Optional.of("pytest exit 2: interrupted before its tests ran");
            case 3 -> Optional.of("pytest exit 3: internal error");
            case 4 -> Optional.of("pytest exit 4: usage error");
            case 5 -> Optional.of("pytest exit 5: no tests collected");
            default -> Optional.empty();
        };
    }

    /** The last megabyte of the log, as lines. */
    static List<String> tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Quotes a word for a POSIX shell, as pytest splits PYTEST_ADDOPTS (shlex). */
    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}
