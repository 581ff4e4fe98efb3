package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.plan.Plan;
import dev.wave.testing.Chromium;
import dev.wave.testing.Dags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class HtmlReportTest {
    @TempDir
    Path repository;

    @Test
    void measuredPath_isTheLongestChainOfMeasuredDurations() {
        MeasuredPath path = MeasuredPath.of(List.of(
                new MeasuredPath.Node("a", List.of(), 100),
                new MeasuredPath.Node("b", List.of(), 500),
                new MeasuredPath.Node("c", List.of("a", "b"), 50),
                new MeasuredPath.Node("d", List.of("a"), 300),
                new MeasuredPath.Node("e", List.of("c", "unknown"), 10)));

        assertThat(path.tasks()).containsExactly("b", "c", "e");
        assertThat(path.millis()).isEqualTo(560);
    }

    @Test
    void lane_isTheAgentsNumber_andZeroForAnythingElse() {
        assertThat(HtmlReport.lane("I1")).isEqualTo(1);
        assertThat(HtmlReport.lane("I123456")).isEqualTo(123456);
        assertThat(HtmlReport.lane(null)).isZero();
        assertThat(HtmlReport.lane("I")).isZero();
        assertThat(HtmlReport.lane("I1234567")).isZero();
        assertThat(HtmlReport.lane("I1a")).isZero();
        assertThat(HtmlReport.lane("i1")).isZero();
        assertThat(HtmlReport.lane("worker-1")).isZero();
    }

    @Test
    void pastRunOf_theFilesContents_makesThePageTheFilesMake() throws Exception {
        Path run = SyntheticRun.write(repository, Dags.parse("""
                a 1000
                b 2000 <- a
                c 500 <- a
                """), 2, 3, 2);
        com.fasterxml.jackson.databind.JsonNode plan = dev.wave.journal.Json.MAPPER.readTree(
                run.resolve("execution_plan.json").toFile());
        com.fasterxml.jackson.databind.JsonNode summary = dev.wave.journal.Json.MAPPER.readTree(
                run.resolve("execution_summary.json").toFile());

        assertThat(HtmlReport.html(PastRun.of(run, plan, summary))).isEqualTo(HtmlReport.html(PastRun.read(run)));
    }

    @Test
    void dependencies_readOnlyIdsAndDependsOn_fromAPlanFile() throws Exception {
        Path file = Files.writeString(repository.resolve("execution_plan.json"), """
                {"task": "t", "scaling": {"reasons": ["x"], "tasks": [1]},
                 "tasks": [{"id": "a", "title": "A", "depends_on": [], "nested": {"depends_on": ["z"]}},
                           {"id": "b", "depends_on": ["a"], "estimate_seconds": 1.5},
                           {"id": "c", "depends_on": "b"}],
                 "after": [{"tasks": null}]}
                """);

        assertThat(RunFiles.dependencies(file)).contains(List.of(new RunFiles.PlanDependencies("a", List.of()),
                new RunFiles.PlanDependencies("b", List.of("a")), new RunFiles.PlanDependencies("c", List.of("b"))));
        Files.writeString(file, "{\"task\": \"no tasks\"}");
        assertThat(RunFiles.dependencies(file)).isEmpty();
        Files.writeString(file, "{\"tasks\": [{\"title\": \"no id\"}]}");
        assertThatThrownBy(() -> RunFiles.dependencies(file)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void page_isSelfContained_andTextCannotEndItsScript() throws Exception {
        Plan plan = Plan.of("</script><script>alert(1)</script>", Dags.parse("""
                a 1000
                b 2000 <- a
                """).tasks());
        Path run = SyntheticRun.write(repository, plan, 2, 1, 0);

        String page = Files.readString(HtmlReport.write(run));

        assertThat(page.split("</script>", -1)).as("the data and the page's script end where they should").hasSize(3);
        assertThat(page).contains("<\\/script><script>alert(1)<\\/script>");
        assertThat(page).doesNotContainPattern("(src|href)=\"?(https?:)?//").doesNotContain("<link").doesNotContain("/*WAVE_");
        assertThat(run.resolve("report.html.tmp")).doesNotExist();
    }

    @Test
    void write_withoutASummary_saysTheRunHasNotEnded_andHowToReportItSoFar() throws Exception {
        Path run = SyntheticRun.write(repository, Dags.parse("a 1000"), 1, 1, 0);
        Files.delete(run.resolve("execution_summary.json"));

        assertThatThrownBy(() -> HtmlReport.write(run)).isInstanceOf(WaveException.class).hasMessage(
                "run 20261201-100000-0001 has no execution_summary.json yet: it is still running, or its process died before "
                        + "the end. 'wave report 20261201-100000-0001' reports it so far.");
        assertThat(run.resolve("report.html")).doesNotExist();
    }

    @Test
    @Timeout(120)
    void page_ofTenThousandTasksOnAHundredAgents_rendersInChromium() throws Exception {
        Plan plan = Dags.random(42, 10_000, 0.25, 0.0005, 20_000);
        Path run = SyntheticRun.write(repository, plan, 100, 42, 997);
        Path page = HtmlReport.write(run);
        assertThat(Files.size(page)).isLessThan(4_000_000);

        Assumptions.assumeTrue(Chromium.installed(), "no " + Chromium.BINARY + " on this machine (.ci/run installs it)");
        Path profile = Files.createDirectory(repository.resolve("profile"));
        Chromium.Page rendered = Chromium.load(page, profile);
        assertThat(rendered.consoleErrors()).isEmpty();
        assertThat(rendered.attribute("rendered", "data-errors")).isEqualTo("0");
        assertThat(rendered.attribute("rendered", "data-rendered")).isEqualTo("10000");
        assertThat(rendered.dom()).contains("showing 300 of 10000 tasks");
    }
}
