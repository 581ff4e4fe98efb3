package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.Chromium;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wave report} on a real run of a few hundred tasks, and its HTML report in headless Chromium. */
final class ReportCommandTest {
    static final int LAYERS = 6;
    static final int WIDTH = 50;
    static final int TASKS = LAYERS * WIDTH;

    @TempDir
    Path temporary;

    /**
     * A layered plan of 300 tasks: built-in replaces that change files, shell tasks, one task that
     * fails with output, one that fails printing nothing, and their dependents, skipped.
     */
    private Path planOfAFewHundredTasks(ScratchRepository repository) throws Exception {
        StringBuilder yaml = new StringBuilder("name: report test\ntasks:\n");
        for (int layer = 0; layer < LAYERS; layer++) {
            for (int k = 0; k < WIDTH; k++) {
                String id = "t" + layer + "-" + k;
                yaml.append("  - id: ").append(id).append('\n');
                if (layer == 0 && k < 10) {
                    repository.write("src/f" + k + ".txt", "old value " + k + "\n");
                    yaml.append("    action: {name: replace, paths: [src/f").append(k).append(".txt], find: old, with: new}\n");
                } else if (layer == 2 && k == 7) {
                    yaml.append("    run: \"echo cannot reach the thing >&2; exit 3\"\n");
                } else if (layer == 3 && k == 11) {
                    yaml.append("    run: \"exit 4\"\n");
                } else {
                    yaml.append("    run: \"true\"\n");
                }
                yaml.append("    estimate: ").append(100 + (k * 37 + layer * 11) % 400).append("ms\n");
                if (layer > 0) {
                    yaml.append("    depends_on: [t").append(layer - 1).append('-').append(k).append(", t").append(layer - 1)
                            .append('-').append((k + 1) % WIDTH).append("]\n");
                }
            }
        }
        Path plan = temporary.resolve("plan.yaml");
        Files.writeString(plan, yaml);
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        return plan;
    }

    @Test
    @Timeout(180)
    void report_ofARunOfAFewHundredTasks_printsTheSummary_andRendersItsHtmlInChromium() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(Files.createDirectory(temporary.resolve("repo")));
        Path plan = planOfAFewHundredTasks(repository);
        String repo = repository.root().toString();

        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", repo, "--yes", "--agents", "4",
                "--progress", "quiet", "--on-failure", "continue");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        Path runDirectory = repository.path(".wave/runs/latest").toRealPath();
        assertThat(run.out()).contains("HTML report: ").contains("report.html");
        assertThat(runDirectory.resolve("report.html")).exists();

        Cli.Result summary = Cli.run("report", "--repo", repo);
        assertThat(summary.exitCode()).as(summary.err()).isEqualTo(0);
        assertThat(summary.out())
                .contains("Goal:          report test")
                .contains("Run " + runDirectory.getFileName() + " failed in ")
                .contains("Failed:      t2-7 (exit 3, cannot reach the thing)")
                .contains("Failed:      t3-11 (exit 4, no output)")
                .contains("Task time:   ")
                .contains("Critical path: ");
        Files.delete(runDirectory.resolve("report.html"));

        Cli.Result html = Cli.run("report", runDirectory.getFileName().toString(), "--repo", repo, "--html");
        assertThat(html.exitCode()).as(html.err()).isEqualTo(0);
        Path page = runDirectory.resolve("report.html");
        assertThat(html.out()).contains(page.toString());
        String text = Files.readString(page);
        assertThat(text).doesNotContainPattern("(src|href)=\"?(https?:)?//").doesNotContain("<link").contains("t3-11");

        Assumptions.assumeTrue(Chromium.installed(), "no " + Chromium.BINARY + " on this machine (.ci/run installs it)");
        Path profile = Files.createDirectory(temporary.resolve("profile"));
        Chromium.Page rendered = Chromium.load(page, profile);
        assertThat(rendered.consoleErrors()).isEmpty();
        assertThat(rendered.attribute("rendered", "data-errors")).isEqualTo("0");
        assertThat(rendered.attribute("rendered", "data-rendered")).isEqualTo(String.valueOf(TASKS));
        long started = TASKS - countSkipped(summary.out());
        assertThat(rendered.attribute("rendered", "data-drawn")).isEqualTo(String.valueOf(started));
        assertThat(rendered.dom()).contains("cannot reach the thing").contains("The task printed nothing.")
                .contains("10 files changed by built-in actions");
        Chromium.screenshot(page, Path.of("target", "report-screenshots", "report-300-tasks.png"), 1400, 2200, profile);
        assertThat(Path.of("target", "report-screenshots", "report-300-tasks.png")).isNotEmptyFile();
    }

    private static long countSkipped(String summary) {
        Matcher tasks = Pattern.compile("(\\d+) skipped, (\\d+) cancelled").matcher(summary);
        assertThat(tasks.find()).as(summary).isTrue();
        return Long.parseLong(tasks.group(1)) + Long.parseLong(tasks.group(2));
    }

    @Test
    @Timeout(120)
    void report_ofARunStillRunning_isTheReportSoFar_andItsHtmlNeverStandsInForTheFinalOne() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(Files.createDirectory(temporary.resolve("repo")));
        repository.write("README.md", "hello\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        // the gate is outside the repository: the run cannot end until the test says so
        Path gate = temporary.resolve("gate");
        Path plan = Files.writeString(temporary.resolve("plan.yaml"), """
                name: gated
                tasks:
                  - {id: first, run: "echo once > first.txt"}
                  - {id: waits, run: "while [ ! -e %s ]; do sleep 0.02; done", depends_on: [first], estimate: 5s}
                  - {id: last, run: "echo last > last.txt", depends_on: [waits]}
                """.formatted(gate));
        String repo = repository.root().toString();
        java.util.concurrent.CompletableFuture<Cli.Result> run = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                Cli.run("run", "--plan", plan.toString(), "--repo", repo, "--yes", "--progress", "quiet", "--verify", "none",
                        "--sandbox", "off"));
        try {
            dev.wave.testing.Await.until("task \"waits\" to start", java.time.Duration.ofSeconds(60), () -> {
                assertThat(run).as("the run ended before \"waits\" started").isNotDone();
                return Cli.run("status", "--repo", repo).out().contains("running    waits");
            });

            Cli.Result soFar = Cli.run("report", "--repo", repo);
            Cli.Result html = Cli.run("report", "--repo", repo, "--html");

            assertThat(soFar.exitCode()).as(soFar.err()).isZero();
            assertThat(soFar.out()).contains(" in progress: its process " + ProcessHandle.current().pid() + " is running it")
                    .contains("1 succeeded, 0 failed, 0 skipped, 0 cancelled so far; 1 running, 1 not started")
                    .contains("Running:     waits since ").contains("attempt 1 on I1")
                    .contains("Efficiency:  not given: the run has not ended");
            assertThat(html.exitCode()).as(html.err()).isZero();
            Path runDirectory = repository.path(".wave/runs/latest").toRealPath();
            Path page = runDirectory.resolve("report-so-far.html");
            assertThat(html.out()).isEqualTo("HTML report so far of run " + runDirectory.getFileName() + ": " + page + "\n");
            String written = Files.readString(page);
            assertThat(written).contains("\"so_far\":{\"stage\":\"running\"");
            assertThat(runDirectory.resolve("report.html")).doesNotExist();
            assertThat(runDirectory.resolve("execution_summary.json")).doesNotExist();
        } finally {
            Files.writeString(gate, "go");
        }
        Cli.Result ended = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(ended.exitCode()).as(ended.err()).isZero();
        Path runDirectory = repository.path(".wave/runs/latest").toRealPath();
        assertThat(Files.readString(runDirectory.resolve("report.html"))).doesNotContain("\"so_far\"");
        assertThat(Files.readString(runDirectory.resolve("report-so-far.html"))).as("left as it was written")
                .contains("\"so_far\":{\"stage\":\"running\"");
        Cli.Result last = Cli.run("report", "--repo", repo);
        assertThat(last.out()).contains(" succeeded in ").doesNotContain("so far");
    }

    @Test
    void report_withNoRuns_saysHowToMakeOne_andChangesNothing() throws Exception {
        Cli.Result result = Cli.run("report", "--repo", temporary.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wave: " + temporary + " has no wave runs").contains("'wave run' makes one");
        assertThat(Files.list(temporary)).isEmpty();
    }

    @Test
    void report_ofAnUnknownRun_namesTheNewestRuns() throws Exception {
        Files.createDirectories(temporary.resolve(".wave/runs/20260101-000000-abcd"));

        Cli.Result result = Cli.run("report", "nope", "--repo", temporary.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: " + temporary + " has no run nope (newest: 20260101-000000-abcd). "
                + "Give one of its run ids, or leave it out for the newest run.\n");
    }

    @Test
    void htmlOfAPastRun_readsTheFilesChangedFromCheckpointsZip() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(Files.createDirectory(temporary.resolve("repo")));
        repository.write("a.txt", "old\n");
        repository.write("b.txt", "old\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        Path plan = temporary.resolve("plan.yaml");
        Files.writeString(plan, """
                tasks:
                  - {id: one, action: {name: replace, paths: [a.txt], find: old, with: new}}
                  - {id: two, action: {name: replace, paths: [b.txt], find: old, with: new}, depends_on: [one]}
                """);
        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--checkpoint-retention", "archive");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(0);
        Path runDirectory = repository.path(".wave/runs/latest").toRealPath();
        assertThat(runDirectory.resolve("checkpoints")).doesNotExist();

        Cli.Result html = Cli.run("report", "--repo", repository.root().toString(), "--html");

        assertThat(html.exitCode()).as(html.err()).isEqualTo(0);
        assertThat(runDirectory.resolve("report.html")).content().contains("\"source\":\"checkpoints.zip\"")
                .contains("\"count\":2").contains("\"paths\":[\"a.txt\",\"b.txt\"]").contains("\"committed\":2");
    }
}
