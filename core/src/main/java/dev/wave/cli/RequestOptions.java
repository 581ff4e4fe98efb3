package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.engine.RunRequest;
import dev.wave.request.Requests;
import dev.wave.schedule.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code wave plan} and {@code wave run} work on: a goal in plain English or a plan file, the
 * repository, the scheduling mode, and every option of SPEC F2 as a flag named after its key
 * ({@code max_waves} is {@code --max-waves}). Flags beat the request text, which beats
 * {@code .wave/config.yaml}, which beats the defaults.
 */
final class RequestOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** These options alone: each flag named after a setting's key ({@code --max-waves}) gives that setting. */
    @Spec
    CommandSpec options;

    @Parameters(arity = "0..*", paramLabel = "GOAL",
            description = "The goal in plain English, quoted or as words, in any request form: \"GOAL\", \"GOAL using N "
                    + "parallel agents\", \"Execute this task using N parallel agents: GOAL\", \"Execute this task "
                    + "dynamically with N parallel instances: GOAL\" (a budget), or \"... with auto-scaled parallel "
                    + "instances: GOAL\"; optionally followed by OPTIONS: / PREFERENCES: lines \"- key: value\".")
    List<String> goal = new ArrayList<>();

    @Option(names = "--plan", paramLabel = "FILE",
            description = "A plan file, YAML or JSON (see README.md, \"Plan files\"), instead of a goal.")
    Path plan;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The repository to plan for and run in; tasks start there (default: the current directory).")
    Path repository;

    @Option(names = "--agents", paramLabel = "N",
            description = "Use exactly N agents (1-1000), as asked; wave warns when the machine cannot sustain them. "
                    + "Default: automatic scaling, explained in the analysis.")
    String agents;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "flow",
            description = "flow (default): a task starts as soon as its dependencies succeed, longest path first; "
                    + "waves: strict barriers between waves.")
    String mode;

    @Option(names = "--dry-run", negatable = true,
            description = "Show the analysis and change nothing (dry_run).")
    Boolean dryRun;

    @Option(names = "--require-approval", negatable = true,
            description = "Critical tasks need their own approval: --approve-critical or yes to their question "
                    + "(require_approval; default yes). --no-require-approval lets the plan's approval cover them.")
    Boolean requireApproval;

    @Option(names = "--priority", paramLabel = "PRIORITY",
            description = "speed, balanced (default) or safety: with safety a run stops when over 10%% of its tasks "
                    + "fail, instead of going on one task at a time (priority).")
    String priority;

    @Option(names = "--max-waves", paramLabel = "N",
            description = "Refuse a plan that needs more than N waves, backup and final commit included (max_waves).")
    String maxWaves;

    @Option(names = "--max-instances", paramLabel = "N",
            description = "Automatic scaling uses at most N agents (max_instances; default 100).")
    String maxInstances;

    @Option(names = "--checkpoint-retention", paramLabel = "WHAT",
            description = "After a successful run: keep (default), cleanup (delete) or archive (zip) its checkpoints "
                    + "(checkpoint_retention).")
    String checkpointRetention;

    @Option(names = "--favor-parallelization", negatable = true,
            description = "Use every agent the limits allow, not the fewest that reach the shortest schedule "
                    + "(favor_parallelization).")
    Boolean favorParallelization;

    @Option(names = "--checkpoint-verbosity", paramLabel = "LEVEL",
            description = "detailed (default: output summary and files changed) or minimal (their count) "
                    + "(checkpoint_verbosity).")
    String checkpointVerbosity;

    @Option(names = {"--progress-display", "--progress"}, paramLabel = "STYLE",
            description = "live (a dashboard on a terminal; plain lines otherwise; the default), summary (a line per "
                    + "event) or quiet (nothing but the final summary; with --yes, not even the analysis) "
                    + "(progress_display).")
    String progressDisplay;

    @Option(names = "--on-failure", paramLabel = "POLICY",
            description = "When a task fails for good: rollback (default: skip its dependents, let independent work end "
                    + "(--fail-fast stops it at once), then restore the Wave 0 backup), pause (ask retry / skip / abort "
                    + "on a terminal; without one, as rollback) or continue (skip its dependents, keep every change) "
                    + "(on_failure).")
    String onFailure;

    @Option(names = "--always-backup", negatable = true,
            description = "Take the Wave 0 backup (always_backup; default yes). --no-always-backup, like --no-backup, "
                    + "runs without one.")
    Boolean alwaysBackup;

    @Option(names = "--no-backup",
            description = "Run without the Wave 0 backup: nothing can be rolled back and nothing is committed. "
                    + "Needed outside a git repository.")
    boolean noBackup;

    @Option(names = "--auto-rollback", negatable = true,
            description = "Restore the Wave 0 backup at once when a run fails and on_failure says rollback "
                    + "(auto_rollback; default yes). --no-auto-rollback keeps the changes and says how to roll back.")
    Boolean autoRollback;

    @Option(names = "--create-rollback-scripts", negatable = true,
            description = "Write rollback.sh for the run and each critical task (create_rollback_scripts; default yes).")
    Boolean createRollbackScripts;

    @Option(names = "--backup-ignored-max", paramLabel = "SIZE",
            description = "The most bytes of ignored files the Wave 0 backup holds, smallest first, such as 0, 500KB, "
                    + "256MB or 2GB (backup_ignored_max; default 256MB). Ignored entries over it, and dependency trees "
                    + "such as node_modules and virtual environments, are not backed up; the Wave 0 line names them.")
    String backupIgnoredMax;

    @Option(names = "--critical-keywords", paramLabel = "LIST",
            description = "More words or phrases, separated by commas, that make a task critical; they add to the "
                    + "built-in list (critical_keywords).")
    String criticalKeywords;

    @Option(names = "--verify", paramLabel = "CMD",
            description = "The check run before any change and after the tasks: only tests that fail after and not "
                    + "before fail the run (verify). Default auto: the project's test command (Maven, Gradle, npm, "
                    + "pytest, go, cargo, make); none: no check.")
    String verify;

    @Option(names = "--sandbox", paramLabel = "MODE",
            description = "auto (default), bwrap or off: auto runs shell tasks under bubblewrap (the repository "
                    + "writable, the rest read-only, no network, every descendant killed with the task) when it can "
                    + "start, else in process groups and the analysis says why; bwrap fails shell tasks instead; off "
                    + "uses process groups (sandbox).")
    String sandbox;

    @Option(names = "--network", negatable = true,
            description = "Give every shell task the network in the sandbox (network; default no). A task's own "
                    + "\"network: true\" gives it to that task.")
    Boolean network;

    @Option(names = "--on-conflict", paramLabel = "WHAT",
            description = "report (default) or resolve: when an agent task's change conflicts with what the run did "
                    + "meanwhile, fail the task and keep its branch, or keep the branch and have an agent resolve the "
                    + "conflict, given both sides (on_conflict).")
    String onConflict;

    @Option(names = "--worktree-copy", paramLabel = "PATHS",
            description = "Paths inside the repository, separated by commas (such as .env), copied into each agent's "
                    + "worktree (worktree_copy; default none).")
    String worktreeCopy;

    @Option(names = "--worktree-link", paramLabel = "PATHS",
            description = "Paths inside the repository, separated by commas (such as node_modules,.venv), linked into "
                    + "each agent's worktree (worktree_link; default none).")
    String worktreeLink;

    @Option(names = "--worktree-setup", paramLabel = "CMD",
            description = "A command run in each new agent worktree before its agent starts, sandboxed as shell tasks "
                    + "are, with the task's timeout; its failure fails the attempt (worktree_setup; default none).")
    String worktreeSetup;

    @Option(names = "--check-between-merges", negatable = true,
            description = "Run the check after each agent task's merge, against the baseline: a merge that brings new "
                    + "failures gets fix waves (--fix-attempts), its dependents waiting; if they do not fix it, the task "
                    + "fails and its dependents do not start (check_between_merges; default no).")
    Boolean checkBetweenMerges;

    /**
     * The goal or the plan file: exactly one of the two.
     *
     * @throws WaveException of kind INVALID_INPUT when both or neither were given
     */
    RunRequest.Input input(String command) {
        String text = String.join(" ", goal).strip();
        if (plan != null && !text.isEmpty()) {
            throw WaveException.invalidInput("wave %s takes a goal or --plan FILE, not both: got the goal \"%s\" and "
                    + "--plan %s. Drop one of them.", command, abbreviate(text), plan);
        }
        if (plan != null) {
            return new RunRequest.PlanFile(plan);
        }
        if (text.isEmpty()) {
            throw WaveException.invalidInput("wave %s needs a goal or a plan file, for example: wave %s \"Clean up the "
                    + "repository\", or wave %s --plan plan.yaml.", command, command, command);
        }
        return new RunRequest.Goal(text);
    }

    /**
     * What to plan or run, with the flags as typed.
     *
     * @throws WaveException of kind INVALID_INPUT for a bad goal, plan, repository, mode or flag combination
     */
    RunRequest request(String command) {
        RunRequest.Input input = input(command);
        Path root = repository();
        RunRequest request = input instanceof RunRequest.Goal goal ? RunRequest.goal(root, goal.text())
                : RunRequest.planFile(root, ((RunRequest.PlanFile) input).path());
        return request.withMode(mode()).withFlags(flags()).withFlagNames(flagNames());
    }

    /**
     * The repository, absolute.
     *
     * @throws WaveException of kind INVALID_INPUT when it is not a directory
     */
    Path repository() {
        if (!Files.isDirectory(repository)) {
            throw WaveException.invalidInput("--repo %s is not a directory. Give the repository to work in.", repository);
        }
        return repository.toAbsolutePath().normalize();
    }

    Mode mode() {
        return PlanOptions.mode(mode);
    }

    /**
     * The options given as flags, by F2 key (and {@code agents}), as typed (negatable ones as yes or no); the ones
     * not given are absent. A flag named after a key ({@code --max-waves}, {@code max_waves}) stands for it.
     *
     * @throws WaveException of kind INVALID_INPUT when --no-backup and --always-backup are both given
     */
    Map<String, String> flags() {
        if (noBackup && Boolean.TRUE.equals(alwaysBackup)) {
            throw WaveException.invalidInput("--no-backup and --always-backup contradict each other. Drop one of them.");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        for (OptionSpec option : options.options()) {
            String key = key(option.longestName().substring(2));
            Object value = option.getValue();
            if (value != null && (key.equals("agents") || Requests.optionKeys().contains(key))) {
                flags.put(key, value instanceof Boolean on ? (on ? "yes" : "no") : value.toString());
            }
        }
        if (noBackup) {
            flags.put("always_backup", "no");
        }
        return flags;
    }

    /**
     * The flags' names as typed, where they differ from their keys: {@code --progress} for
     * {@code progress_display}, {@code --no-backup} for {@code always_backup}, {@code --no-dry-run}
     * for {@code dry_run}; by key, without the leading dashes. The last one typed wins, as its value does.
     */
    Map<String, String> flagNames() {
        Map<String, String> names = new LinkedHashMap<>();
        if (command == null || command.commandLine() == null || command.commandLine().getParseResult() == null) {
            return names;
        }
        for (String argument : command.commandLine().getParseResult().originalArgs()) {
            if (argument.equals("--")) {
                break;
            }
            if (!argument.startsWith("--")) {
                continue;
            }
            String name = argument.substring(2).split("=", 2)[0];
            if (name.equals("progress")) {
                names.put("progress_display", name);
            } else if (name.equals("no-backup")) {
                names.put("always_backup", name);
            } else if (name.startsWith("no-") && Requests.optionKeys().contains(key(name.substring(3)))) {
                names.put(key(name.substring(3)), name);
            } else {
                names.remove(key(name));
            }
        }
        return names;
    }

    private static String key(String flag) {
        return flag.replace('-', '_');
    }

    private static String abbreviate(String text) {
        String line = text.split("\\R", 2)[0];
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
