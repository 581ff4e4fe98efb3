package dev.wave.planner;

import static dev.wave.planner.SampleRepository.builtins;
import static dev.wave.planner.SampleRepository.paths;
import static dev.wave.planner.SampleRepository.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.testing.Builtins;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.scale.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ReplacePlannerTest {
    static final String TYPO = "Fix the typo 'recieve' -> 'receive' across all Python files";

    @TempDir
    Path directory;

    SampleRepository repo;

    @BeforeEach
    void repositoryWithTypos() {
        Path outside = directory.resolve("outside");
        new SampleRepository(outside).file("far.py", "def recieve(): pass\n");
        repo = new SampleRepository(directory.resolve("repo"))
                .file("app/net.py", "def recieve(sock):\n    return sock.recieve()\n")
                .file("app/io.py", "# recieved data\n")
                .file("app/clean.py", "def receive(): pass\n")
                .file("lib/util.py", "RECIEVE = 'recieve'\n")
                .file("docs/guide.md", "How to recieve\n")
                .bytes("app/blob.py", SampleRepository.binary("recieve"))
                .file(".git/hooks/hook.py", "recieve\n")
                .file(".wave/runs/x/note.py", "recieve\n")
                .link("linked", outside)
                .link("app/far.py", outside.resolve("far.py"));
    }

    @Test
    void typoAcrossPythonFiles_replacesInExactlyTheFilesThatContainIt() {
        GeneratedPlan generated = repo.plan(TYPO);

        assertThat(generated.pattern()).isEqualTo(Pattern.FIND_AND_REPLACE);
        assertThat(paths(generated.plan(), "replace")).containsExactly("app/io.py", "app/net.py", "lib/util.py");
        assertThat(generated.findings()).containsExactly("scope: *.py, *.pyi files (5 files)", "3 files contain \"recieve\" (4 occurrences)",
                "1 binary file also contains it and is left alone");
        assertThat(generated.agentTasks()).isEmpty();
    }

    @Test
    void typo_usesTheNestedReplaceShape_literalAndCaseSensitive() {
        Task replace = builtins(repo.plan(TYPO).plan(), "replace").get(0);

        assertThat(replace.action()).isEqualTo(Builtins.action("replace", Map.of(
                "paths", List.of("app/io.py", "app/net.py", "lib/util.py"), "find", "recieve", "with", "receive",
                "regex", false)));
        assertThat(replace.title()).isEqualTo("Replace \"recieve\" with \"receive\" in 3 files in app, lib");
    }

    @Test
    void noLanguageNamed_scopeIsEveryTextFile() {
        GeneratedPlan generated = repo.plan("Fix the typo \"recieve\" → \"receive\"");

        assertThat(paths(generated.plan(), "replace")).containsExactly("app/io.py", "app/net.py", "docs/guide.md", "lib/util.py");
    }

    @Test
    void namedDirectory_limitsTheScope() {
        GeneratedPlan generated = repo.plan("Replace 'recieve' with 'receive' in lib/");

        assertThat(paths(generated.plan(), "replace")).containsExactly("lib/util.py");
        assertThat(generated.notes()).contains("Replacing \"recieve\" with \"receive\", case-sensitive, in all text files under lib/.");
    }

    @Test
    void override_setsTheNumberOfReplaceBatches() {
        GeneratedPlan generated = repo.plan(TYPO, Limits.automatic().withOverride(2, "request text"));

        List<Task> batches = builtins(generated.plan(), "replace");
        assertThat(batches).hasSize(2);
        assertThat(paths(generated.plan(), "replace")).containsExactly("app/io.py", "app/net.py", "lib/util.py");
    }

    @Test
    void nothingMatches_oneReplaceOverTheScope_andSaysSo() {
        GeneratedPlan generated = repo.plan("Fix the typo 'teh' -> 'the' in all Python files");

        assertThat(builtins(generated.plan(), "replace")).singleElement().satisfies(task -> assertThat(task.action())
                .isEqualTo(Builtins.action("replace", Map.of("glob", "**/*.{py,pyi}", "find", "teh", "with", "the",
                        "regex", false, "exclude", List.of("**/.cache", "**/.eggs", "**/.gradle", "**/.hg", "**/.hypothesis",
                                "**/.mypy_cache", "**/.next", "**/.nox", "**/.nuxt", "**/.parcel-cache", "**/.pytest_cache",
                                "**/.ruff_cache", "**/.svn", "**/.tox", "**/.turbo", "**/.venv", "**/__pycache__",
                                "**/node_modules", "**/venv")))));
        assertThat(generated.notes()).anySatisfy(note -> assertThat(note).startsWith("No file in scope contains it"));
    }

    @Test
    void moduleMove_replacesWholeDottedNamesOnly() {
        repo.file("app/a.py", "from app.utils import x\nimport app.utils.strings\n")
                .file("app/b.py", "from myapp.utils import y\nimport app.utilities\n");

        GeneratedPlan generated = repo.plan("Update imports from app.utils to app.core.utils in all Python files");

        assertThat(generated.pattern()).isEqualTo(Pattern.IMPORT_UPDATE);
        Task rewrite = builtins(generated.plan(), "rename-module").get(0);
        assertThat(rewrite.action()).isEqualTo(Builtins.action("rename-module", Map.of("paths", List.of("app/a.py"),
                "from", "app.utils", "to", "app.core.utils")));
        assertThat(generated.findings()).contains("1 file refers to app.utils (2 references, every import form)");
    }

    @Test
    void importUpdateWithoutPaths_becomesAgentBatchesOverFilesWithImports() {
        repo.file("pytest.ini", "[pytest]\n");
        for (int i = 0; i < 12; i++) {
            repo.file("svc/m" + i + ".py", "import os\n");
        }

        GeneratedPlan generated = repo.plan("Update all import statements to use the new module path");

        assertThat(generated.pattern()).isEqualTo(Pattern.IMPORT_UPDATE);
        assertThat(generated.findings()).containsExactly("12 source files have import statements in all text files");
        assertThat(generated.agentTasks()).hasSize(generated.batching().orElseThrow().batches()).contains("update-imports-1");
        assertThat(generated.plan().tasks()).extracting(Task::id).doesNotContain("verify-tests", "verify");
        assertThat(SampleRepository.prompt(generated.plan(), "update-imports-1"))
                .startsWith("Objective: Update the import statements of the files you own as the goal describes: ")
                .contains("Files you own (change only these):\n  - svc/m0.py\n");
    }

    @Test
    void generatedPlan_writesAndReadsBackIdentically() {
        GeneratedPlan generated = repo.plan("Update imports from app.utils to app.core.utils");

        String yaml = PlanWriter.toYaml(generated.plan(), "imports", generated.comments("goal"));

        assertThat(PlanLoader.parse("plan.yaml", yaml, false).tasks()).isEqualTo(generated.plan().tasks());
    }
}
