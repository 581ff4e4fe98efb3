package dev.wave.engine;

import dev.wave.WaveException;
import dev.wave.agent.AgentCli;
import dev.wave.agent.AgentExecutor;
import dev.wave.agent.AgentInstallation;
import dev.wave.agent.AgentLauncher;
import dev.wave.agent.AgentListener;
import dev.wave.agent.AgentOptions;
import dev.wave.agent.AgentProgress;
import dev.wave.agent.WorkingTreeSnapshot;
import dev.wave.agent.WorktreeOptions;
import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.report.Words;
import dev.wave.request.Settings;
import dev.wave.run.ExecutionResult;
import dev.wave.run.RunListener;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskIntegrator;
import dev.wave.run.TaskProgress;
import dev.wave.worktree.Worktree;
import dev.wave.worktree.WorktreePrep;
import dev.wave.worktree.Worktrees;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The agent (prompt) tasks of a run: which agent CLI runs each ({@code agent:} of the task, else the
 * {@code agent} setting: {@code --agent}, the config, claude), whether they can run here (a git
 * repository, the CLIs installed), and for a session the {@link AgentExecutor} that runs each attempt
 * in a worktree under {@code <repo>/.wave/worktrees/<run>/} on branch {@code wave/<run>/<task>}, and
 * its integrator, which merges a finished task's change into the repository before its dependents
 * start. Not thread-safe itself; the executor and integrator it hands out are.
 */
final class AgentTasks {
    private final Optional<AgentExecutor> executor;
    private final Optional<Git> git;

    private AgentTasks(Optional<AgentExecutor> executor, Optional<Git> git) {
        this.executor = executor;
        this.git = git;
    }

    /** The agents of the plan's prompt tasks: the run's agent, and each task's own where it names one. */
    static AgentOptions options(PreparedRun run) {
        return options(run.settings(), run.plan());
    }

    /** The agents of {@code plan}'s prompt tasks under {@code settings}: see {@link #options(PreparedRun)}. */
    static AgentOptions options(Settings settings, Plan plan) {
        AgentOptions options = AgentOptions.of(AgentCli.named(settings.agent().value()));
        for (Task task : plan.tasks()) {
            if (task.action() instanceof Action.Agent agent && agent.agent().isPresent()) {
                options = options.withAgent(task.id(), AgentCli.named(agent.agent().get()));
            }
        }
        return options;
    }

    /** The agent CLI of each agent task ({@code claude}, ...), the key of its cap and its rate-limit pause; empty for other tasks. */
    static Function<Task, Optional<String>> provider(PreparedRun run) {
        return provider(run.settings(), run.plan());
    }

    /** The agent CLI of each agent task of {@code plan} under {@code settings}: see {@link #provider(PreparedRun)}. */
    static Function<Task, Optional<String>> provider(Settings settings, Plan plan) {
        AgentOptions options = options(settings, plan);
        return task -> task.action() instanceof Action.Agent ? Optional.of(options.agentFor(task).name()) : Optional.empty();
    }

    /**
     * The analysis line about the plan's agent tasks: how many, which agent runs them and where they
     * work on {@code engine}; empty when there are none.
     */
    static Optional<String> describe(PreparedRun run, Engine engine) {
        List<String> ids = run.agentTasks();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        AgentOptions options = options(run);
        Map<String, List<String>> own = new LinkedHashMap<>();
        int byDefault = 0;
        for (String id : ids) {
            if (options.agents().containsKey(id)) {
                own.computeIfAbsent(options.agentFor(id).name(), key -> new ArrayList<>()).add(id);
            } else {
                byDefault++;
            }
        }
        StringBuilder line = new StringBuilder("Agent tasks: ").append(ids.size());
        if (byDefault > 0) {
            line.append(", ").append(byDefault == ids.size() ? "" : byDefault + " ").append("run by ")
                    .append(options.defaultAgent().name()).append(" (agent from ")
                    .append(run.settings().agent().origin()).append(')');
        }
        own.forEach((agent, tasks) -> line.append(", ").append(abbreviate(tasks)).append(" by ").append(agent));
        return Optional.of(line.append(engine.runsAgentsHere()
                ? "; each works in its own git worktree under .wave/worktrees/, merged back in dependency order."
                : "; each works on a " + engine.name() + " worker, in a scratch worktree of the worker's clone, and its "
                        + "change is applied here as a patch before its dependents start.").toString());
    }

    /**
     * Why the plan's agent tasks cannot run here, in one line with the fix; empty when they can, or
     * when there are none. Reads the file system only.
     *
     * @param environment the environment agents would get (its {@code PATH} is searched)
     */
    static Optional<String> problem(PreparedRun run, Map<String, String> environment) {
        return problem(run, environment, "or choose another agent with --agent (claude, codex, aider or a command "
                + "template with {prompt})");
    }

    /**
     * As {@link #problem(PreparedRun, Map)}, with {@code otherwise} as the other fix offered after installing the
     * CLI (a resumed run cannot change its agent: it names {@code wave abandon} instead).
     */
    static Optional<String> problem(PreparedRun run, Map<String, String> environment, String otherwise) {
        List<String> ids = run.agentTasks();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> repository = repositoryProblem(run);
        if (repository.isPresent()) {
            return repository;
        }
        String tasks = Words.count(ids.size(), "agent (prompt) task") + " (" + abbreviate(ids) + ")";
        AgentOptions options = options(run);
        Map<String, List<String>> byAgent = new LinkedHashMap<>();
        Map<String, AgentCli> clis = new LinkedHashMap<>();
        for (String id : ids) {
            AgentCli cli = options.agentFor(id);
            String program = AgentInstallation.program(cli);
            clis.putIfAbsent(program, cli);
            byAgent.computeIfAbsent(program, key -> new ArrayList<>()).add(id);
        }
        for (Map.Entry<String, AgentCli> entry : clis.entrySet()) {
            Optional<String> missing = AgentInstallation.missing(entry.getValue(), environment, run.repository());
            if (missing.isPresent()) {
                List<String> needing = byAgent.get(entry.getKey());
                return Optional.of(missing.get() + ", and " + (needing.size() == ids.size() ? "the plan's " + tasks
                        : Words.count(needing.size(), "agent task") + " (" + abbreviate(needing) + ")")
                        + (needing.size() == 1 ? " needs it: " : " need it: ")
                        + AgentInstallation.howToInstall(entry.getValue()) + ", " + otherwise + ". Nothing was changed.");
            }
        }
        return Optional.empty();
    }

    /**
     * Why the plan's agent tasks cannot run from this repository, for an engine whose workers run the agents (each
     * worker checks its own CLI): it is not a git repository, or its worktree settings are refused; empty when they
     * can, or when there are none.
     */
    static Optional<String> repositoryProblem(PreparedRun run) {
        List<String> ids = run.agentTasks();
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        String tasks = Words.count(ids.size(), "agent (prompt) task") + " (" + abbreviate(ids) + ")";
        if (Git.open(run.repository()).isEmpty()) {
            return Optional.of("the plan's " + tasks + (ids.size() == 1 ? " works" : " work") + " in git worktrees, and "
                    + run.repository()
                    + " is not in a git repository. Run 'git init' and commit there first. Nothing was changed.");
        }
        try {
            preparation(run, Git.open(run.repository()).get());
        } catch (WaveException e) {
            return Optional.of(e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * The agents of one session of run {@code runId}: none when the plan has no prompt task.
     *
     * @param listener hears each agent's progress (the dashboard, the checkpoints)
     */
    static AgentTasks start(PreparedRun run, String runId, RunListener listener, Map<String, String> environment) {
        if (run.agentTasks().isEmpty()) {
            return new AgentTasks(Optional.empty(), Optional.empty());
        }
        Git git = Git.open(run.repository()).orElseThrow(() -> new IllegalStateException(
                "agent tasks need a git repository; problem() is checked before a run starts"));
        AgentOptions options = options(run);
        AgentListener progress = (taskId, now) -> {
            try {
                listener.taskProgressed(taskId, figures(options.agentFor(taskId).name(), now));
            } catch (RuntimeException e) {
                // a display or journal bug never stops an agent: the figures are shown again at its next step
            }
        };
        WorktreePrep prep = preparation(run, git);
        Worktrees worktrees = Worktrees.of(git, runId, git.root().resolve(".wave").resolve("worktrees").resolve(runId))
                .withPreparation(prep);
        AgentExecutor executor = new AgentExecutor(worktrees, () -> WorkingTreeSnapshot.commit(git, runId), options,
                AgentLauncher.direct(), progress, environment, WorktreeOptions.of(run.settings(), runId, prep));
        return new AgentTasks(Optional.of(executor), Optional.of(git));
    }

    /** What each agent's worktree gets copied and linked in ({@code worktree_copy}, {@code worktree_link}); refused in one line. */
    private static WorktreePrep preparation(PreparedRun run, Git git) {
        return WorktreePrep.of(git.root(), run.settings().worktreeCopy().value(), run.settings().worktreeLink().value());
    }

    /** Runs prompt tasks; fails any when the plan has none (it never gets one then). */
    TaskExecutor executor() {
        return executor.<TaskExecutor>map(agents -> agents)
                .orElseGet(() -> TaskExecutor.refusing("this run has no agent to run prompt tasks with"));
    }

    /** Merges a finished agent task's worktree into the repository; nothing for other tasks. */
    TaskIntegrator integrator() {
        return integrator(Optional.empty(), Path.of(""));
    }

    /**
     * Merges a finished agent task's worktree into the repository, then, with {@code checkAfterMerge} (the
     * run's check against its baseline, {@code check_between_merges}), runs the check: new failures fail the
     * task, so its dependents never start on them. Merges and their checks take turns.
     *
     * @param logs the run's log directory: the check's line goes to the task's log
     */
    TaskIntegrator integrator(Optional<TaskExecutor> checkAfterMerge, Path logs) {
        return integrator(checkAfterMerge, logs, dev.wave.agent.IntegrationLog.none());
    }

    /** As {@link #integrator(Optional, Path)}, with {@code log} hearing each merge before and after it writes. */
    TaskIntegrator integrator(Optional<TaskExecutor> checkAfterMerge, Path logs, dev.wave.agent.IntegrationLog log) {
        if (executor.isEmpty()) {
            return TaskIntegrator.inPlace();
        }
        TaskIntegrator integrator = executor.get().integrator(log);
        Path root = git.orElseThrow().root();
        if (checkAfterMerge.isEmpty()) {
            return (task, workDirectory) -> integrator.integrate(task, root);
        }
        return new CheckingIntegrator(integrator, root, checkAfterMerge.get(), logs);
    }

    /**
     * Merges, then runs the run's check when an agent's work was merged; a check that finds new failures fails
     * the integration, saying what it found (a fix wave's input). Merges and their checks take turns.
     */
    private static final class CheckingIntegrator implements TaskIntegrator {
        private final TaskIntegrator merge;
        private final Path root;
        private final TaskExecutor check;
        private final Path logs;

        CheckingIntegrator(TaskIntegrator merge, Path root, TaskExecutor check, Path logs) {
            this.merge = merge;
            this.root = root;
            this.check = check;
            this.logs = logs;
        }

        @Override
        public Optional<String> integrate(Task task, Path workDirectory) throws InterruptedException {
            return integrateChecked(task, workDirectory).map(Failure::reason);
        }

        @Override
        public synchronized Optional<Failure> integrateChecked(Task task, Path workDirectory) throws InterruptedException {
            Optional<String> failure = merge.integrate(task, root);
            if (failure.isPresent() || !(task.action() instanceof Action.Agent)) {
                return failure.map(reason -> new Failure(reason, Optional.empty()));
            }
            Task merged = new Task(task.id(), "check after merging " + task.id(), new Action.Shell("check"), List.of(),
                    Optional.empty(), Optional.empty(), false, task.timeout(), 0, task.env());
            ExecutionResult result = check.execute(merged, root, logs.resolve(task.id() + ".log"));
            return result.succeeded() ? Optional.empty()
                    : Optional.of(new Failure("the check after its merge failed: " + result.summary()
                            + " (the change stays in the working tree: a fix wave builds on it, or the run's rollback "
                            + "removes it)", result.failedCheck().or(() -> Optional.of(result.summary()))));
        }
    }

    /**
     * At the end of the session: removes the worktrees of finished attempts never integrated, and
     * returns those kept for inspection (failed attempts, conflicts), by task.
     */
    List<Worktree> finish() throws InterruptedException {
        return executor.isEmpty() ? List.of() : executor.get().finish();
    }

    private static TaskProgress figures(String agent, AgentProgress progress) {
        return new TaskProgress(agent, progress.currentTool(), progress.turns(), progress.inputTokens(),
                progress.outputTokens(), progress.costUsd());
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + ", ... " + (ids.size() - 5)
                + " more";
    }
}
