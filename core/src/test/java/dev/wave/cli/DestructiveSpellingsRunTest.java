package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Destructive commands in odd spellings, run with {@code --yes} alone: each is found critical, so the
 * run stops before anything runs (exit 3), and neither the repository nor the directory beside it changes.
 */
final class DestructiveSpellingsRunTest {
    @TempDir
    Path base;

    @Test
    void oddSpellings_withYesAlone_needCriticalApproval_andChangeNothing() throws Exception {
        MessyRepo messy = MessyRepo.create(base);
        List<String> commands = List.of(
                "git push --forc origin main",
                "r''m -rf ../outside",
                "sh -c \"cd .. && rm -rf outside\"",
                "find ../outside -delete",
                "ls ../outside | xargs rm -rf",
                "psql -c 'DROP/**/TABLE users'",
                "python3 -c 'import shutil; shutil.rmtree(\"../outside\")'",
                "eval \"$CLEANUP\"");
        StringBuilder plan = new StringBuilder("tasks:\n");
        for (int i = 0; i < commands.size(); i++) {
            plan.append("  - id: t").append(i).append("\n    run: '").append(commands.get(i).replace("'", "''")).append("'\n");
        }
        Path file = base.resolve("plan.yaml");
        Files.writeString(file, plan.toString());
        Map<String, String> before = messy.snapshot();

        Cli.Result result = Cli.run("run", "--plan", file.toString(), "--repo", messy.repo.toString(), "--yes");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
        assertThat(result.err()).startsWith("wave: --yes approves the plan but not its 8 critical tasks (t0, t1, t2, t3, t4, t5, t6, t7)");
        assertThat(result.out()).contains("t0: dangerous command: force push (git push --forc origin main)")
                .contains("t6: dangerous command: cannot be checked: python running inline code")
                .contains("t7: dangerous command: cannot be checked: eval runs text as a command");
        assertThat(Trees.changed(before, messy.snapshot())).isEmpty();
    }
}
