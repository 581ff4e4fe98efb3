package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'wave report' and the HTML report read the run's critical tasks and verified tasks back as the run's
 * console printed them, and name the newest runs newest first.
 */
final class PastRunSafetyLinesTest {
    @TempDir
    Path repository;

    @Test
    void aVerifiedTaskThatIsNotCritical_isAVerifiedLine_notACriticalOneWithAnEmptyNote() throws IOException {
        // as a run with an agent task and a verify: wrote it (found trying a plan on lazr.uri)
        RunFiles.Summary summary = RunFiles.MAPPER.readValue("""
                {"run_id": "r", "critical_tasks": [
                  {"id": "doc-agent", "reasons": [], "backup": null, "verify": "test -s docs/index.rst",
                   "verify_result": "passed in the task's worktree, before its merge", "note": ""},
                  {"id": "migrate", "reasons": ["declared critical: true"], "backup": "b-1", "verify": "make check",
                   "verify_result": "passed", "note": "backup b-1 before it"},
                  {"id": "seed", "reasons": ["keyword \\"truncate\\" in its command"], "backup": null, "verify": null,
                   "verify_result": null, "note": "approved, no backup: --no-backup"}]}
                """, RunFiles.Summary.class);

        assertThat(PastRun.criticalFacts(summary)).containsExactly(
                new PastRun.SafetyFact("Verified",
                        "doc-agent: passed in the task's worktree, before its merge (test -s docs/index.rst)"),
                new PastRun.SafetyFact("Critical", "migrate: backup b-1 before it; verify passed"),
                new PastRun.SafetyFact("Critical", "seed: approved, no backup: --no-backup"));
    }

    @Test
    void anUnknownRunId_namesTheNewestRuns_newestFirst() throws IOException {
        for (String id : new String[] {"20261201-100000-0001", "20261201-110000-0002", "20261201-120000-0003",
                "20261201-130000-0004"}) {
            Files.createDirectories(repository.resolve(".wave/runs").resolve(id));
        }

        assertThatThrownBy(() -> PastRun.directory(repository, Optional.of("nosuch")))
                .isInstanceOf(WaveException.class)
                .hasMessageContaining("has no run nosuch (newest: 20261201-130000-0004, 20261201-120000-0003, "
                        + "20261201-110000-0002).");
    }
}
