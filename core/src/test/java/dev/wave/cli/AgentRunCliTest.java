package dev.wave.cli;

import static dev.wave.testing.WaveProcess.filesHolding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.FakeAgents;
import dev.wave.testing.ScratchRepository;
import dev.wave.testing.Trees;
import dev.wave.testing.WaveProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wave run --plan} with prompt tasks, as a user runs it: a separate wave process with an API
 * key in its environment, and a fake claude (started through a command template) that prints the key
 * and edits files in its worktree.
 */
@Timeout(180)
final class AgentRunCliTest {
    private static final String KEY = "sk-ant-secret-key-of-the-user-0123456789abcdef";

    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Path repo;
    private Path agent;

    @BeforeEach
    void setUp() throws IOException {
        repo = directory.resolve("repo");
        repository = ScratchRepository.empty(repo);
        repository.write("src/shared.txt", "base\n");
        repository.write("README.md", "# app\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "start");
        Path claude = FakeAgents.install(directory.resolve("bin")).executable("claude");
        agent = directory.resolve("bin/leaky-agent");
        Files.writeString(agent, "#!/bin/sh\necho \"debug: using key $ANTHROPIC_API_KEY\"\nexec " + claude + " \"$@\"\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Path plan(String tasks) throws IOException {
        return Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n" + tasks);
    }

    private static String task(String id, String files, String more) {
        return "  - id: " + id + "\n    prompt: from " + id + "\n    env: {WAVE_FAKE_AGENT_FILES: \"" + files + "\"}\n" + more;
    }

    @Test
    void threeAgents_mergeInDependencyOrder_commit_rollBackExactly_andTheKeyIsNowhere() throws Exception {
        ScratchRepository.State before = repository.state();
        Path plan = plan(task("first", "src/shared.txt", "") + task("second", "src/shared.txt", "    depends_on: [first]\n")
                + task("docs", "docs/notes.txt", "    scope: [docs/]\n"));

        WaveProcess.Ended run = WaveProcess.run(repo, Map.of("ANTHROPIC_API_KEY", KEY), "run", "--plan", plan.toString(), "--yes",
                "--verify", "none", "--progress", "summary", "--agent", agent + " -p {prompt}");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
        assertThat(run.output()).contains("Agent tasks: 3, run by template (agent from --agent)")
                .contains("Commit:      committed 2 changed files");
        assertThat(repository.read("src/shared.txt")).isEqualTo("base\nfrom first\nfrom second\n");
        assertThat(repository.read("docs/notes.txt")).isEqualTo("from docs\n");
        assertThat(repository.git("status", "--porcelain")).isEmpty();
        assertThat(run.output()).doesNotContain(KEY);
        assertThat(filesHolding(repo.resolve(".wave"), KEY)).isEmpty();
        assertThat(filesHolding(repo.resolve(".wave"), "debug: using key [redacted]")).as("the agent's log, masked")
                .isNotEmpty();
        assertThat(repository.git("log", "-p", "--all")).doesNotContain(KEY);

        Cli.Result rollback = Cli.run("rollback", "--repo", repo.toString());

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void anAgentReportingSuccessWithAPermissionDenied_failsItsTask_namingTheCondition() throws Exception {
        Map<String, String> files = ScratchRepository.files(repo);
        Path plan = plan(task("denied", "src/shared.txt", "").replace("}\n", ", WAVE_FAKE_AGENT_SCRIPT: denied}\n"));

        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--verify", "none",
                "--progress", "summary", "--agent", agent + " -p {prompt}");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(run.out()).contains("denied").contains("permission denied 1 time: Bash git push --force")
                .contains("Worktree:    denied kept for inspection at ");
        assertThat(ScratchRepository.files(repo)).as("rolled back").isEqualTo(files);
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("kept for inspection at (\\S+) ").matcher(run.out());
        assertThat(kept.find()).as(run.out()).isTrue();
        Path worktree = Path.of(kept.group(1));
        assertThat(worktree.resolve("src/shared.txt")).as("the kept worktree, after the rollback")
                .hasContent("base\nfrom denied\n");
    }

    @Test
    void anAgentWhoseVerifyFails_isRolledBack_andItsWorktreeIsKeptWithItsWork_asTheSummarySays() throws Exception {
        Map<String, String> files = ScratchRepository.files(repo);
        Path plan = plan(task("checked", "src/shared.txt", "    verify: \"false\"\n"));

        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--verify", "none",
                "--fix-attempts", "0", "--progress", "summary", "--agent", agent + " -p {prompt}");

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(ScratchRepository.files(repo)).as("rolled back").isEqualTo(files);
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("kept for inspection at (\\S+) ").matcher(run.out());
        assertThat(kept.find()).as(run.out()).isTrue();
        assertThat(Path.of(kept.group(1)).resolve("src/shared.txt")).as("the kept worktree, after the rollback")
                .hasContent("base\nfrom checked\n");
    }

    @Test
    void wavePlan_saysWhichAgentRunsThePromptTasks_fromTheFlagOrTheConfig_andRefusesAnUnknownOne() throws Exception {
        Cli.Result flag = Cli.run("plan", "Fix the login bug", "--repo", repo.toString(), "--agent", "codex");
        repository.write(".wave/config.yaml", "agent: aider\n");
        Cli.Result config = Cli.run("plan", "Fix the login bug", "--repo", repo.toString());
        Cli.Result unknown = Cli.run("plan", "Fix the login bug", "--repo", repo.toString(), "--agent", "gpt");

        assertThat(flag.exitCode()).as(flag.err()).isEqualTo(ExitCodes.OK);
        assertThat(flag.out()).contains("run by codex (agent from --agent)").contains("agent codex (--agent)");
        assertThat(config.out()).contains("run by aider (agent from .wave/config.yaml)");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(unknown.err()).isEqualTo("wave: --agent must be claude, codex, aider or a command template with {prompt} "
                + "or {prompt_file}, got \"gpt\". Omit it for the default (claude).\n");
    }

    @Test
    void aMissingClaude_stopsBeforeWaveZero_inOneLine_andLeavesNothingOnDisk() throws Exception {
        Path bin = Files.createDirectories(directory.resolve("only-git"));
        for (String tool : List.of("git", "sh")) {
            Path found = Stream.of(System.getenv("PATH").split(":")).map(dir -> Path.of(dir, tool))
                    .filter(Files::isExecutable).findFirst().orElseThrow();
            Files.createSymbolicLink(bin.resolve(tool), found);
        }
        Map<String, String> before = Trees.snapshot(repo);
        Path plan = plan(task("first", "src/shared.txt", ""));

        WaveProcess.Ended run = WaveProcess.run(repo, Map.of("PATH", bin.toString()), "run", "--plan", plan.toString(), "--yes",
                "--verify", "none");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(run.output().lines().filter(line -> line.startsWith("wave: ")).toList()).containsExactly(
                "wave: claude is not on PATH, and the plan's 1 agent (prompt) task (first) needs it: install Claude Code "
                        + "(npm install -g @anthropic-ai/claude-code), or choose another agent with --agent (claude, codex, "
                        + "aider or a command template with {prompt}). Nothing was changed.");
        assertThat(run.output()).doesNotContain("Wave 0: backup");
        assertThat(Trees.changed(before, Trees.snapshot(repo))).isEmpty();
    }
}
