package dev.wave.cli;

import static dev.wave.cli.RunSafetyTest.summary;
import static dev.wave.cli.RunSafetyTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plans of random file and git operations that fail at a random point, sometimes in the middle of a
 * critical task, on a repository holding every kind of file: after the automatic rollback the working
 * tree, the index, HEAD, the branches and every file (ignored ones included) are byte for byte as before.
 */
final class RandomFailureTest {
    private static final List<String> EXISTING = List.of("README.md", "src/app.py", "src/util.py", "docs/guide.md",
            "notes.txt", "tool.sh", "secret.txt", "bin/run.sh", "staged-new.txt", "crlf.txt", "latest", "untracked-link");

    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 24})
    void run_failingAtARandomPoint_rollsBackToTheExactStateBefore(long seed) throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Random random = new Random(seed);
        String plan = plan(random);
        Path file = write(elsewhere.resolve("plan.yaml"), plan);

        Cli.Result outcome = Cli.run("run", "--plan", file.toString(), "--repo", repository.root().toString(), "--yes",
                "--approve-critical", "--progress", "quiet", "--agents", String.valueOf(1 + random.nextInt(4)));

        assertThat(outcome.exitCode()).as(plan + outcome.out() + outcome.err()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(summary(repository.root()).get("rollback").get("verified").asBoolean()).as(plan + outcome.out()).isTrue();
        assertThat(repository.state()).as(plan + outcome.out()).isEqualTo(before);
    }

    private static String plan(Random random) {
        int tasks = 3 + random.nextInt(5);
        int failing = random.nextInt(tasks);
        StringBuilder plan = new StringBuilder("tasks:\n");
        for (int t = 0; t < tasks; t++) {
            List<String> operations = new ArrayList<>();
            int count = 1 + random.nextInt(5);
            for (int o = 0; o < count; o++) {
                operations.add(operation(random, t, o));
            }
            if (t == failing) {
                operations.add(random.nextInt(operations.size() + 1), "exit 1");
            }
            plan.append("  - id: t").append(t).append('\n');
            if (t == failing && random.nextBoolean()) {
                plan.append("    critical: true\n");
            }
            plan.append("    run: '").append(String.join("; ", operations).replace("'", "''")).append("'\n");
            List<String> dependencies = new ArrayList<>();
            for (int d = 0; d < t; d++) {
                if (random.nextInt(3) == 0) {
                    dependencies.add("t" + d);
                }
            }
            if (!dependencies.isEmpty()) {
                plan.append("    depends_on: [").append(String.join(", ", dependencies)).append("]\n");
            }
        }
        return plan.toString();
    }

    private static String operation(Random random, int task, int index) {
        String existing = EXISTING.get(random.nextInt(EXISTING.size()));
        String fresh = "gen/t" + task + "/d" + index + "/f" + index + ".txt";
        return switch (random.nextInt(14)) {
            case 0 -> "mkdir -p gen/t" + task + "/d" + index + " && echo created > " + fresh;
            case 1 -> "echo appended >> " + existing + " 2>/dev/null || true";
            case 2 -> "rm -f " + existing;
            case 3 -> "mv " + existing + " " + existing + ".moved 2>/dev/null || true";
            case 4 -> "git mv -k " + existing + " " + existing + ".gitmoved 2>/dev/null || true";
            case 5 -> "chmod +x " + existing + " 2>/dev/null || true";
            case 6 -> "chmod 600 " + existing + " 2>/dev/null || true";
            case 7 -> "rm -f " + existing + " && mkdir -p " + existing + " && echo inside > " + existing + "/inside.txt || true";
            case 8 -> "ln -sfn " + existing + " link" + task + "x" + index;
            case 9 -> "git add -A 2>/dev/null || true";
            case 10 -> "git add -A 2>/dev/null && git commit -q -m run" + task + " 2>/dev/null || true";
            case 11 -> "git branch b" + task + "x" + index + " 2>/dev/null || true";
            case 12 -> "git checkout -q -b co" + task + "x" + index + " 2>/dev/null || true";
            default -> "echo \"*.tmp\" >> .gitignore && echo hidden > h" + task + ".tmp";
        };
    }
}
