package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dry run, a declined run and a refused run change nothing at all: the whole tree (the repository
 * with its .git, and the directory beside it) is byte for byte the same afterwards.
 */
final class NothingChangesTest {
    @TempDir
    Path base;

    MessyRepo messy;
    Path plan;
    Map<String, String> before;

    @BeforeEach
    void repository() throws Exception {
        messy = MessyRepo.create(base);
        plan = base.resolve("outside/plan.yaml");
        Files.writeString(plan, "tasks:\n  - {id: a, run: touch made.txt}\n  - {id: b, action: {name: delete, glob: '**/*.log'}}\n");
        before = messy.snapshot();
    }

    private Cli.Result run(String input, String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--repo", messy.repo.toString()));
        return Cli.runWithInput(input, all.toArray(String[]::new));
    }

    private void assertNothingChanged() {
        assertThat(Trees.changed(before, messy.snapshot())).isEmpty();
    }

    @Test
    void dryRunFlag_showsEverything_andExits0() {
        Cli.Result goal = run("", "Clean up the repository", "--dry-run");
        Cli.Result file = run("", "--plan", plan.toString(), "--dry-run");

        assertThat(goal.exitCode()).as(goal.err()).isEqualTo(0);
        assertThat(goal.out()).contains("Pattern detected: Mass file operations (cleanup)").contains("Final commit")
                .contains("Dry run (dry_run from --dry-run): nothing was run or changed.")
                .doesNotContain("Ready to execute");
        assertThat(file.exitCode()).as(file.err()).isEqualTo(0);
        assertThat(file.out()).contains("Pattern detected: plan file").contains("Dry run");
        assertNothingChanged();
    }

    @Test
    void dryRunInTheRequestText_orTheConfigFile_changesNothing() throws Exception {
        Cli.Result request = run("yes\n", "Clean up the repository\nOPTIONS:\n- dry_run: yes (show plan, don't execute)\n");

        assertThat(request.exitCode()).as(request.err()).isEqualTo(0);
        assertThat(request.out()).contains("Dry run (dry_run from request text)");
        assertNothingChanged();

        messy.write("repo/.wave/config.yaml", "dry_run: yes\n");
        before = messy.snapshot();
        Cli.Result config = run("yes\n", "--plan", plan.toString());

        assertThat(config.exitCode()).as(config.err()).isEqualTo(0);
        assertThat(config.out()).contains("Dry run (dry_run from .wave/config.yaml)");
        assertNothingChanged();
    }

    @Test
    void dryRun_ofAGoalWithAgentTasks_whoseAgentIsMissing_saysARealRunWouldStop() {
        Cli.Result result = run("", "Fix the login bug", "--dry-run", "--agent", "/no/such/agent {prompt}");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).contains("A real run would stop: the agent program /no/such/agent is not an executable "
                + "file");
        assertNothingChanged();
    }

    @Test
    void declined_orEndOfInput_exits3_sayingHowToApprove() {
        for (String input : List.of("no\n", "", "maybe\n", "yess\n")) {
            Cli.Result goal = run(input, "Clean up the repository");
            Cli.Result file = run(input, "--plan", plan.toString());

            for (Cli.Result result : List.of(goal, file)) {
                assertThat(result.exitCode()).as(input).isEqualTo(3);
                assertThat(result.out()).contains("Ready to execute? (yes/no)");
                assertThat(result.err()).isEqualTo("wave: not approved, nothing was changed. Answer yes, or pass --yes to "
                        + "approve without asking.\n");
            }
            assertNothingChanged();
        }
    }

    @Test
    void yesOnStandardInput_approves() {
        Cli.Result result = run("yes\n", "Clean up the repository", "--progress", "quiet");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(messy.changedFiles(before)).containsExactlyInAnyOrderElementsOf(MessyRepo.JUNK);
    }

    @Test
    void invalidInput_exits2_withOneLine_changingNothing() {
        List<Cli.Result> results = List.of(
                run("yes\n", "Clean up the repository", "--plan", plan.toString()),
                run("yes\n"),
                run("yes\n", "Clean up the repository", "--max-waves", "0"),
                run("yes\n", "Clean up the repository", "--checkpoint-retention", "forever"),
                run("yes\n", "Clean up the repository", "--frobnicate"));

        for (Cli.Result result : results) {
            assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
            assertThat(result.err()).startsWith("wave: ").doesNotContain("Exception").hasLineCount(1);
        }
        assertThat(results.get(2).err()).isEqualTo("wave: --max-waves must be a whole number from 1 to 1000, got \"0\". "
                + "Omit it for the default (no limit).\n");
        assertNothingChanged();
    }
}
