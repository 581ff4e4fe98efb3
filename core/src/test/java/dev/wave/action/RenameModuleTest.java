package dev.wave.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rename-module action: language-aware rewrites in the files in scope, comments counted, plan files round-trip. */
final class RenameModuleTest {
    @TempDir
    Path repo;

    private static Task task(String action) {
        return PlanLoader.parse("plan.yaml", "tasks:\n  - id: t\n    action: " + action + "\n", false).task(0);
    }

    @Test
    void rewritesEveryFormInScope_countsCommentMentions_andLeavesOtherFilesAlone() throws Exception {
        Files.createDirectories(repo.resolve("src/pkg"));
        Files.writeString(repo.resolve("src/pkg/core.py"), "from ._util import a  # pkg._util helpers\nfrom . import _util\n_util.b()\n");
        Files.writeString(repo.resolve("src/pkg/README.md"), "pkg._util\n");
        Files.writeString(repo.resolve("src/pkg/other.py"), "import os\n");
        Task task = task("{name: rename-module, glob: 'src/**', from: pkg._util, to: pkg._helpers, source_root: src}");

        ExecutionResult result = BuiltinActions.create().execute(task, repo, repo.resolve("t.log"));

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.summary())
                .isEqualTo("rewrote 3 references to pkg._util in 1 file (searched 2 source files; 1 in comments left as they were)");
        assertThat(Files.readAllLines(repo.resolve("t.log")))
                .contains("left 1 mention in comments of src/pkg/core.py (comments: true changes them)");
        assertThat(result.filesChanged()).containsExactly("src/pkg/core.py");
        assertThat(Files.readString(repo.resolve("src/pkg/core.py")))
                .isEqualTo("from ._helpers import a  # pkg._util helpers\nfrom . import _helpers\n_helpers.b()\n");
        assertThat(Files.readString(repo.resolve("src/pkg/README.md"))).isEqualTo("pkg._util\n");
    }

    @Test
    void planFile_roundTripsThroughTheWriter() {
        Task task = task("{name: rename-module, paths: [a.py], from: pkg.a, to: pkg.b, source_root: src, comments: true}");

        String yaml = PlanWriter.toYaml(dev.wave.plan.Plan.of("p", List.of(task)), "p", List.of());

        assertThat(PlanLoader.parse("again.yaml", yaml, false).task(0).action()).isEqualTo(task.action());
        assertThat(((Action.Builtin) task.action()).fileAction().describe()).isEqualTo("rename module pkg.a -> pkg.b in a.py");
    }
}
