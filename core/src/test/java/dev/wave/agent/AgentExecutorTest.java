package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.journal.Json;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskIntegrator;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.FakeAgents.Script;
import dev.wave.testing.ScratchRepository;
import dev.wave.worktree.Worktrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agent tasks end to end on a temporary repository with the fake claude, codex and aider of
 * {@link FakeAgents}: each attempt in its own worktree, judged on evidence, integrated back.
 */
@Timeout(60)
final class AgentExecutorTest {
    private static final String KEY = "sk-ant-test-key-that-must-never-be-logged-0000";
    private static final String FILE = "src/greeting.txt";

    /** Where the run's worktrees go: under .wave, since Claude Code will not edit under .git. */
    private static final java.util.function.Function<Git, Path> ROOT = git -> git.root().resolve(".wave/worktrees/run-1");

    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Git git;
    private FakeAgents fakes;
    private Path logs;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.empty(directory.resolve("repo"));
        repository.write("src/lines.txt", "one\ntwo\nthree\nfour\nfive\nsix\n");
        repository.write("README.md", "# app\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        git = Git.open(repository.root()).orElseThrow();
        fakes = FakeAgents.install(directory.resolve("bin"));
        logs = Files.createDirectories(directory.resolve("logs"));
    }

    private AgentExecutor executor(AgentOptions options) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("ANTHROPIC_API_KEY", KEY);
        return new AgentExecutor(Worktrees.of(git, "run-1", ROOT.apply(git)), () -> WorkingTreeSnapshot.commit(git, "run-1"), options,
                AgentLauncher.direct(), (taskId, progress) -> heard.add(taskId + " " + progress.turns()), environment);
    }

    private AgentCli cli(String agent) {
        String path = fakes.executable(agent).toString();
        return switch (agent) {
            case "claude" -> new AgentCli.Claude(path);
            case "codex" -> new AgentCli.Codex(path);
            default -> new AgentCli.Aider(path);
        };
    }

    private static Task task(String id, Map<String, String> env, List<String> scope) {
        return new Task(id, id, new Action.Agent("Add a greeting from " + id), List.of(), Optional.empty(),
                Optional.of("Backend Engineer"), false, Optional.empty(), 0, env).withScope(scope);
    }

    private ExecutionResult execute(AgentExecutor executor, Task task) throws InterruptedException {
        return executor.execute(task, repository.root(), logs.resolve(task.id() + ".log"));
    }

    /** The slow fake, writing the pid of its background child to {@code pidFile}. */
    private static Map<String, String> slow(Path pidFile) {
        Map<String, String> env = new HashMap<>(Script.SLOW.environment(FILE));
        env.put("WAVE_FAKE_AGENT_PID_FILE", pidFile.toString());
        return env;
    }

    private static void assertGone(long pid) throws Exception {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            process.get().onExit().get(5, TimeUnit.SECONDS); // killing is asynchronous: bounded wait for the reaping
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("process %d", pid).isNotEqualTo(Optional.of(true));
    }

    private String status() {
        return repository.git("status", "--porcelain", "--untracked-files=all", "--", ".", ":(exclude).wave");
    }

    @ParameterizedTest
    @CsvSource({"claude, 2", "codex, 1", "aider, 0"})
    void success_runsInItsOwnWorktree_andLandsInTheRepositoryOnlyThroughIntegration(String agent, int turns)
            throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli(agent)));
        Task task = task("greet", Script.SUCCESS.environment(FILE), List.of("src/"));
        String head = repository.git("rev-parse", "HEAD").strip();

        ExecutionResult result = execute(executor, task);

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactly(FILE);
        assertThat(result.summary()).startsWith("1 file changed").contains("(" + agent);
        assertThat(repository.path(FILE)).as("not in the repository before integration").doesNotExist();
        assertThat(executor.progress("greet").orElseThrow().turns()).isEqualTo(turns);
        Path worktree = git.root().resolve(".wave/worktrees/run-1/greet");
        assertThat(Files.readString(worktree.resolve(FILE))).isEqualTo("Add a greeting from greet\n");

        Optional<String> integrated = executor.integrator().integrate(task, repository.root());

        assertThat(integrated).isEmpty();
        assertThat(repository.read(FILE)).isEqualTo("Add a greeting from greet\n");
        assertThat(worktree).as("worktree removed after integration").doesNotExist();
        assertThat(Worktrees.of(git, "run-1", ROOT.apply(git)).branches()).isEmpty();
        assertThat(repository.git("rev-parse", "HEAD").strip()).as("HEAD untouched").isEqualTo(head);
        assertThat(repository.git("diff", "--cached", "--name-only")).as("index untouched").isEmpty();
        assertThat(status()).isEqualTo("?? " + FILE + "\n");
    }

    @Test
    void liveProgress_reachesTheListener_andThePromptStatesRoleAndScope() throws Exception {
        Path arguments = directory.resolve("args.txt");
        Map<String, String> env = new HashMap<>(Script.SUCCESS.environment(FILE));
        env.put("WAVE_FAKE_AGENT_ARGS_FILE", arguments.toString());
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));

        ExecutionResult result = execute(executor, task("greet", env, List.of("src/")));

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.summary()).isEqualTo("1 file changed: Edited the files. (claude, 2 turns, 340 tokens, $0.0125)");
        assertThat(heard).contains("greet 1", "greet 2");
        String prompt = Files.readString(logs.resolve("greet.prompt.md"));
        assertThat(prompt).startsWith("Add a greeting from greet\n").contains("Role: Backend Engineer", "src/");
        assertThat(Files.readAllLines(arguments)).contains("--append-system-prompt", "--output-format", "stream-json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "claude | DENIED    | permission denied 1 time: Bash git push --force",
        "claude | NO_RESULT | the agent sent no result (its stream ended without a result line)",
        "claude | CRASH     | the agent exited with code 137; the agent sent no result",
        "codex  | DENIED    | permission denied 1 time: command /bin/bash -lc 'touch /etc/wave-fake'",
        "codex  | CRASH     | the agent exited with code 137",
        "aider  | DENIED    | no change: the agent's diff is empty"})
    void aFailedAttempt_namesEachReason_leavesTheRepositoryUntouched_andKeepsItsWorktree(String agent, Script script,
            String reason) throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli(agent)));
        Task task = task("greet", script.environment(FILE), List.of("src/"));
        String before = status();

        ExecutionResult result = execute(executor, task);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).contains(reason).contains("worktree kept at ").contains("branch wave/run-1/greet");
        assertThat(status()).as("repository untouched").isEqualTo(before);
        assertThat(repository.path(FILE)).doesNotExist();
        assertThat(executor.keptWorktrees()).containsOnlyKeys("greet");
        assertThat(executor.keptWorktrees().get("greet").path()).exists();
        assertThat(executor.integrator().integrate(task, repository.root())).hasValueSatisfying(
                why -> assertThat(why).contains("no finished worktree"));
        assertThat(status()).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "aider"})
    void aSlowAgent_isKilledOnTimeout_withItsWholeProcessTree(String agent) throws Exception {
        Path pidFile = directory.resolve("child.pid");
        Map<String, String> env = slow(pidFile);
        AgentExecutor executor = executor(AgentOptions.of(cli(agent)));
        Task task = task("slow", env, List.of()).withTimeout(Duration.ofSeconds(1));

        ExecutionResult result = execute(executor, task);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).isEmpty();
        assertThat(result.summary()).startsWith("timed out after 1.0s and its processes were killed; "
                + "the agent process was killed");
        assertGone(Long.parseLong(Files.readString(pidFile).strip()));
    }

    @Test
    void twoAgentsAtOnce_editingDifferentLinesOfOneFile_bothIntegrate() throws Exception {
        AgentCli sed = new AgentCli.Template(List.of("sed", "-i", "s/^one$/ONE/", "src/lines.txt", "{prompt_file}"));
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")).withAgent("first", sed));
        Task first = task("first", Map.of(), List.of("src/"));
        Task last = task("last", Script.SUCCESS.environment("src/lines.txt"), List.of("src/"));

        ExecutorService workers = Executors.newFixedThreadPool(2);
        Future<ExecutionResult> firstRun;
        Future<ExecutionResult> lastRun;
        try {
            firstRun = workers.submit(() -> execute(executor, first));
            lastRun = workers.submit(() -> execute(executor, last));
        } finally {
            workers.shutdown();
        }
        ExecutionResult firstResult = firstRun.get();
        ExecutionResult lastResult = lastRun.get();
        assertThat(firstResult.succeeded()).as(firstResult.summary()).isTrue();
        assertThat(lastResult.succeeded()).as(lastResult.summary()).isTrue();

        TaskIntegrator integrator = executor.integrator();
        assertThat(integrator.integrate(first, repository.root())).isEmpty();
        assertThat(integrator.integrate(last, repository.root())).isEmpty();

        assertThat(repository.read("src/lines.txt")).isEqualTo("ONE\ntwo\nthree\nfour\nfive\nsix\nAdd a greeting from last\n");
    }

    @Test
    void overlappingEdits_theSecondReportsAConflict_namingTheFile_andKeepsItsBranch() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        Task first = task("first", Script.SUCCESS.environment("src/lines.txt"), List.of("src/"));
        Task second = task("second", Script.SUCCESS.environment("src/lines.txt"), List.of("src/"));
        assertThat(execute(executor, first).succeeded()).isTrue();
        assertThat(execute(executor, second).succeeded()).isTrue();
        TaskIntegrator integrator = executor.integrator();
        assertThat(integrator.integrate(first, repository.root())).isEmpty();
        String afterFirst = repository.read("src/lines.txt");

        Optional<String> conflict = integrator.integrate(second, repository.root());

        assertThat(conflict).hasValueSatisfying(why -> assertThat(why)
                .contains("src/lines.txt (the task and the run changed the same lines)")
                .contains("branch wave/run-1/second kept"));
        assertThat(repository.read("src/lines.txt")).as("nothing written").isEqualTo(afterFirst);
        assertThat(Worktrees.of(git, "run-1", ROOT.apply(git)).branches()).containsExactly("wave/run-1/second");
        assertThat(executor.keptWorktrees()).containsOnlyKeys("second");
    }

    @Test
    void theApiKey_neverAppearsInTheTaskLog_orTheSummary() throws Exception {
        AgentCli echo = new AgentCli.Template(List.of("sh", "-c",
                "echo \"key: $ANTHROPIC_API_KEY\"; echo greeting >> src/greeting.txt", "{prompt_file}"));
        AgentExecutor executor = executor(AgentOptions.of(echo));
        Task task = task("greet", Map.of(), List.of("src/")).withVerify("echo \"verify sees $ANTHROPIC_API_KEY\"");

        ExecutionResult result = execute(executor, task);

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        String log = Files.readString(logs.resolve("greet.log"));
        assertThat(log).contains("key: [redacted]", "verify sees [redacted]").doesNotContain(KEY);
        assertThat(result.summary()).contains("passed").doesNotContain(KEY);
    }

    @Test
    void anAnalysisResult_becomesItsCheckpoint_andTheTaskAfterItFindsItInItsWorktree_outOfTheChange() throws Exception {
        Path reader = directory.resolve("bin/reads-its-input");
        Files.writeString(reader, "#!/bin/sh\ncp .wave/runs/latest/checkpoints/look.agent.json src/seen.json\nexec "
                + fakes.executable("claude") + " \"$@\"\n");
        reader.toFile().setExecutable(true);
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")).withAgent("use",
                new AgentCli.Template(List.of(reader.toString(), "-p", "{prompt}"))));
        Task look = new Task("look", "look", new Action.Agent("Analyse the code", Optional.empty(), true), List.of(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Script.SUCCESS.environment(" "));
        Task use = new Task("use", "use", new Action.Agent("Add a greeting from use"), List.of("look"), Optional.empty(),
                Optional.empty(), false, Optional.empty(), 0, Script.SUCCESS.environment(FILE));

        assertThat(execute(executor, look).succeeded()).isTrue();
        ExecutionResult result = execute(executor, use);

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactlyInAnyOrder(FILE, "src/seen.json");
        String seen = Files.readString(git.root().resolve(".wave/worktrees/run-1/use/src/seen.json"));
        assertThat(Json.MAPPER.readTree(seen).get("summary").asText()).isEqualTo("Edited the files.");
        assertThat(Json.MAPPER.readTree(seen).get("task_id").asText()).isEqualTo("look");
        assertThat(repository.git("ls-tree", "-r", "--name-only", "wave/run-1/use")).doesNotContain(".wave/");
        assertThat(logs.resolve("look.agent.json")).exists();
    }

    @Test
    void aChangeIfNeededTask_whoseAgentChangesNothing_succeeds_andOneThatChangesOutsideItsScopeFails() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        Task nothing = new Task("review", "review", new Action.Agent("Review and fix if needed", Optional.empty(),
                dev.wave.plan.AgentChange.IF_NEEDED), List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0,
                Script.SUCCESS.environment(" "));
        Task outside = new Task("review-docs", "review", new Action.Agent("Review and fix if needed", Optional.empty(),
                dev.wave.plan.AgentChange.IF_NEEDED), List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0,
                Script.SUCCESS.environment(FILE)).withScope(List.of("docs/"));

        ExecutionResult reviewed = execute(executor, nothing);
        ExecutionResult strayed = execute(executor, outside);

        assertThat(reviewed.succeeded()).as(reviewed.summary()).isTrue();
        assertThat(reviewed.filesChanged()).isEmpty();
        assertThat(strayed.succeeded()).isFalse();
        assertThat(strayed.summary()).contains("changed outside the task's scope (docs/)");
    }

    @Test
    void aFailingVerify_failsTheTask_namingTheCheck() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        Task task = task("greet", Script.SUCCESS.environment(FILE), List.of("src/")).withVerify("test -f src/missing.txt");

        ExecutionResult result = execute(executor, task);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("check failed: test -f src/missing.txt: exit 1");
    }

    @Test
    void aFixWavesAgents_startFromTheFailedAttemptsWork_andTheFixLandsWithIt() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        String check = "test $(wc -l < " + FILE + ") -ge 2";
        Task failed = task("greet", Script.SUCCESS.environment(FILE), List.of("src/")).withVerify(check);
        assertThat(execute(executor, failed).succeeded()).isFalse(); // one line: the check wants two

        Task analyse = new Task("greet.fix1.analyse", "analyse", new Action.Agent("Analyse. Do not change any file.",
                Optional.empty(), true), List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0,
                Script.SUCCESS.environment(FILE)).withScope(List.of("src/"));
        ExecutionResult analysed = execute(executor, analyse);
        assertThat(analysed.succeeded()).as(analysed.summary()).isTrue();
        assertThat(Files.readString(ROOT.apply(git).resolve("greet.fix1.analyse").resolve(FILE)))
                .as("the analyst reads the failed work").isEqualTo("Add a greeting from greet\n");

        Task fix = task("greet.fix1.fix", Script.SUCCESS.environment(FILE), List.of("src/")).withVerify(check);
        ExecutionResult fixed = execute(executor, fix);

        assertThat(fixed.succeeded()).as(fixed.summary()).isTrue();
        assertThat(fixed.filesChanged()).containsExactly(FILE);
        assertThat(executor.integrator().integrate(fix, repository.root())).isEmpty();
        assertThat(repository.read(FILE)).isEqualTo("Add a greeting from greet\nAdd a greeting from greet.fix1.fix\n");
    }

    @Test
    void aScopedTasksVerify_seesTheWholeProject_notJustTheScopeTheAgentWasGiven() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        Task task = task("greet", Script.SUCCESS.environment(FILE), List.of("src/"))
                .withVerify("test -f README.md && test -f " + FILE); // a project check reads beyond the scope

        ExecutionResult result = execute(executor, task);

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactly(FILE);
    }

    @Test
    void aFailingCheck_isLeftToAFixWave_onlyWhenItIsTheOnlyFailedCondition() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        Task outside = task("greet", Script.SUCCESS.environment("docs/x.md"), List.of("src/")).withVerify("false");

        ExecutionResult result = execute(executor, outside);

        assertThat(result.summary()).contains("outside the task's scope").contains("check failed: false");
        assertThat(result.failedCheck()).as("a fix wave would inherit the change outside the scope").isEmpty();
        ExecutionResult onlyTheCheck = execute(executor, task("greet", Script.SUCCESS.environment(FILE), List.of("src/"))
                .withVerify("false"));
        assertThat(onlyTheCheck.failedCheck()).isPresent();
    }

    @Test
    void aChangeOutsideTheScope_fails() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));

        ExecutionResult result = execute(executor, task("greet", Script.SUCCESS.environment("docs/x.md"), List.of("src/")));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).contains("1 file changed outside the task's scope (src/): docs/x.md");
    }

    @Test
    void aCancel_interruptsTheAttempt_killsTheProcessTree_andKeepsTheWorktree() throws Exception {
        // a named pipe: the agent's write of its child's pid waits for this test to read it, so the read is the await
        Path pidFile = directory.resolve("child.pid");
        assertThat(new ProcessBuilder("mkfifo", pidFile.toString()).inheritIO().start().waitFor()).isZero();
        CompletableFuture<String> written = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(pidFile);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, runnable -> new Thread(runnable, "test-pid-reader").start());
        Map<String, String> env = slow(pidFile);
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        CompletableFuture<Throwable> ending = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                execute(executor, task("slow", env, List.of()));
                ending.complete(null);
            } catch (Throwable e) {
                ending.complete(e);
            }
        }, "test-agent-worker");
        worker.start();
        long child;
        try {
            CompletableFuture.anyOf(written, ending).get(30, TimeUnit.SECONDS);
            assertThat(ending).as("the attempt ended before its agent wrote a pid: %s", ending.getNow(null)).isNotDone();
            child = Long.parseLong(written.get().strip());
        } finally {
            if (!written.isDone()) {
                // opening a pipe for reading and writing never blocks on Linux; closing it ends the reader's wait
                new java.io.RandomAccessFile(pidFile.toFile(), "rw").close();
                worker.interrupt(); // and the attempt's process tree goes
            }
        }

        worker.interrupt();

        assertThat(ending.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertGone(child);
        assertThat(executor.finish()).extracting(dev.wave.worktree.Worktree::taskId).containsExactly("slow");
    }

    @Test
    void aRetry_replacesTheFailedAttemptsWorktree_andFinishRemovesWhatWasNeverIntegrated() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));
        assertThat(execute(executor, task("greet", Script.NO_RESULT.environment(FILE), List.of("src/"))).succeeded()).isFalse();

        ExecutionResult retry = execute(executor, task("greet", Script.SUCCESS.environment(FILE), List.of("src/")));

        assertThat(retry.succeeded()).as(retry.summary()).isTrue();
        assertThat(executor.keptWorktrees()).isEmpty();
        assertThat(Files.readString(ROOT.apply(git).resolve("greet").resolve(FILE)))
                .as("the retry started afresh from the base").isEqualTo("Add a greeting from greet\n");
        assertThat(executor.finish()).isEmpty();
        assertThat(ROOT.apply(git).resolve("greet")).doesNotExist();
        assertThat(Worktrees.of(git, "run-1", ROOT.apply(git)).branches()).isEmpty();
    }

    @Test
    void aResumedRun_replacesTheWorktreeAndBranchAnEarlierSessionKept() throws Exception {
        AgentExecutor before = executor(AgentOptions.of(cli("claude")));
        assertThat(execute(before, task("greet", Script.NO_RESULT.environment(FILE), List.of("src/"))).succeeded()).isFalse();
        assertThat(before.keptWorktrees()).containsKey("greet");

        AgentExecutor resumed = executor(AgentOptions.of(cli("claude"))); // a new process: it knows nothing kept
        ExecutionResult again = execute(resumed, task("greet", Script.SUCCESS.environment(FILE), List.of("src/")));

        assertThat(again.succeeded()).as(again.summary()).isTrue();
        assertThat(Files.readString(ROOT.apply(git).resolve("greet").resolve(FILE)))
                .as("started afresh from the base").isEqualTo("Add a greeting from greet\n");
    }

    @Test
    void aTaskStartsFromTheRunsWorkingTree_includingUncommittedWork() throws Exception {
        repository.write("src/lines.txt", "uncommitted\n");
        repository.write("src/new.txt", "untracked\n");
        AgentExecutor executor = executor(AgentOptions.of(cli("claude")));

        ExecutionResult result = execute(executor, task("greet", Script.SUCCESS.environment("src/new.txt"), List.of()));

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactly("src/new.txt");
        assertThat(executor.integrator().integrate(task("greet", Map.of(), List.of()), repository.root())).isEmpty();
        assertThat(repository.read("src/new.txt")).isEqualTo("untracked\nAdd a greeting from greet\n");
        assertThat(repository.read("src/lines.txt")).isEqualTo("uncommitted\n");
    }

    @Test
    void aNonAgentTask_isNotIntegrated() throws Exception {
        Task shell = Task.shell("build", "true", List.of());

        assertThat(executor(AgentOptions.of(cli("claude"))).integrator().integrate(shell, repository.root())).isEmpty();
    }

    @Test
    void anAgentThatIsNotInstalled_failsTheTask_sayingHowToFixIt() throws Exception {
        AgentExecutor executor = executor(AgentOptions.of(new AgentCli.Claude(directory.resolve("no-such-claude").toString())));

        ExecutionResult result = execute(executor, task("greet", Map.of(), List.of()));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("cannot run claude for greet (").contains("install it, or choose another agent");
        assertThat(status()).isEmpty();
    }
}
