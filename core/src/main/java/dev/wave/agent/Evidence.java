package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.AgentChange;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The facts of one finished agent attempt, and the judgement on them. An attempt succeeds only when
 * the process exited 0, the agent reported success (for CLIs that report), no permission was denied,
 * the expected change exists and its check passed. The expected change depends on the task's
 * {@link AgentChange}: a non-empty diff, all of it inside the task's scope ({@code change}); no diff at
 * all ({@code analysis}); or either, a diff inside the scope ({@code change-if-needed}). Each failed
 * condition is named.
 *
 * @param exitCode the process's exit code; empty when it was killed
 * @param structured whether the CLI streams a result the agent must report ({@code claude}, {@code codex})
 * @param report the agent's result, when it sent one
 * @param changedFiles repository-relative paths the attempt created, modified or deleted
 * @param scope the paths and globs the task may change; empty means anywhere
 * @param change the change the task is expected to make
 * @param check the outcome of the task's check, when one ran
 */
public record Evidence(
        Optional<Integer> exitCode,
        boolean structured,
        Optional<AgentReport> report,
        List<String> changedFiles,
        List<String> scope,
        AgentChange change,
        Optional<Check> check) {

    public Evidence {
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(report, "report is null");
        changedFiles = List.copyOf(changedFiles);
        scope = List.copyOf(scope);
        requireNonNull(change, "change is null");
        requireNonNull(check, "check is null");
    }

    /** Evidence of a task that must change files ({@code analysisOnly} false) or changes none (true). */
    public Evidence(Optional<Integer> exitCode, boolean structured, Optional<AgentReport> report, List<String> changedFiles,
            List<String> scope, boolean analysisOnly, Optional<Check> check) {
        this(exitCode, structured, report, changedFiles, scope, analysisOnly ? AgentChange.NONE : AgentChange.REQUIRED, check);
    }

    /** Whether the task is expected to change nothing ({@code type: analysis}). */
    public boolean analysisOnly() {
        return change == AgentChange.NONE;
    }

    /**
     * A check's outcome.
     *
     * @param passed whether it passed
     * @param description what ran and what it said, for instance {@code pytest -q: 2 new failures}
     */
    public record Check(boolean passed, String description) {
        public Check {
            requireNonNull(description, "description is null");
        }
    }

    /** The verdict: succeeded, or failed with every condition that did not hold. */
    public AgentVerdict judge() {
        List<String> reasons = new ArrayList<>();
        if (exitCode.isEmpty()) {
            reasons.add("the agent process was killed");
        } else if (exitCode.get() != 0) {
            reasons.add("the agent exited with code " + exitCode.get());
        }
        if (structured && report.isEmpty()) {
            reasons.add("the agent sent no result (its stream ended without a result line)");
        }
        report.flatMap(AgentReport::error).ifPresent(error -> reasons.add("the agent reported an error: " + error));
        report.ifPresent(result -> {
            if (!result.permissionDenials().isEmpty()) {
                reasons.add("permission denied " + result.permissionDenials().size() + " time"
                        + (result.permissionDenials().size() == 1 ? "" : "s") + ": "
                        + String.join(", ", result.permissionDenials()));
            }
        });
        if (change == AgentChange.NONE) {
            if (!changedFiles.isEmpty()) {
                reasons.add("an analysis task changed " + count(changedFiles.size()) + ": " + sample(changedFiles));
            }
        } else if (changedFiles.isEmpty()) {
            if (change == AgentChange.REQUIRED) {
                reasons.add("no change: the agent's diff is empty");
            }
        } else {
            List<String> outside = outsideScope();
            if (!outside.isEmpty()) {
                reasons.add(count(outside.size()) + " changed outside the task's scope (" + String.join(", ", scope)
                        + "): " + sample(outside));
            }
        }
        check.filter(result -> !result.passed()).ifPresent(result -> reasons.add("check failed: " + result.description()));
        if (!reasons.isEmpty()) {
            return new AgentVerdict.Failed(reasons);
        }
        String changed = change == AgentChange.NONE ? "analysis only"
                : changedFiles.isEmpty() ? "no change needed" : count(changedFiles.size()) + " changed";
        String said = report.map(AgentReport::result).filter(text -> !text.isEmpty()).map(text -> ": " + text).orElse("");
        return new AgentVerdict.Succeeded(changed + check.map(result -> ", " + result.description()).orElse("") + said);
    }

    /** The changed files no scope entry covers; none when the scope is empty (anywhere). */
    List<String> outsideScope() {
        if (scope.isEmpty()) {
            return List.of();
        }
        List<PathMatcher> globs = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (String entry : scope) {
            String normal = entry.startsWith("./") ? entry.substring(2) : entry;
            if (normal.contains("*") || normal.contains("?") || normal.contains("[") || normal.contains("{")) {
                globs.add(FileSystems.getDefault().getPathMatcher("glob:" + normal));
            } else {
                prefixes.add(normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal);
            }
        }
        List<String> outside = new ArrayList<>();
        for (String file : changedFiles) {
            boolean inside = prefixes.stream().anyMatch(prefix -> file.equals(prefix) || file.startsWith(prefix + "/"))
                    || globs.stream().anyMatch(glob -> glob.matches(Path.of(file)));
            if (!inside) {
                outside.add(file);
            }
        }
        return outside;
    }

    private static String count(int files) {
        return files + " file" + (files == 1 ? "" : "s");
    }

    private static String sample(List<String> files) {
        return files.size() <= 5 ? String.join(", ", files)
                : String.join(", ", files.subList(0, 5)) + " and " + (files.size() - 5) + " more";
    }
}
