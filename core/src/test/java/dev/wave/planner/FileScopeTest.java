package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scope words select what they say, and the analysis line names the scope and its file count. */
final class FileScopeTest {
    @TempDir
    Path directory;

    SampleRepository repo;

    @BeforeEach
    void repository() {
        repo = new SampleRepository(directory)
                .file("src/a.py", "old\n")
                .file("tests/test_a.py", "old\n")
                .file("docs/guide.rst", "old\n")
                .file("docs/intro.md", "old\n")
                .file("README.md", "old\n")
                .file("setup.cfg", "old\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Replace old with new in all files                 | scope: all text files (6 files)
            Replace old with new everywhere                   | scope: all text files (6 files)
            Replace old with new in every file                | scope: all text files (6 files)
            Replace old with new in docs/                     | scope: all text files under docs/ (2 files)
            Replace old with new in *.rst                     | scope: *.rst files (1 file)
            Replace old with new in all Markdown files        | scope: *.md, *.markdown, *.mdx files (2 files)
            Replace old with new in src/ and tests/           | scope: all text files under src/, tests/ (2 files)
            Replace old with new in all Python files          | scope: *.py, *.pyi files (2 files)
            Replace old with new in all Python files in src/  | scope: *.py, *.pyi files under src/ (1 file)
            Replace old with new in the README                | scope: readme files (1 file)
            Replace old with new in src/a.py                  | scope: all text files under src/a.py (1 file)
            Replace old with new in src/a.py and docs/        | scope: all text files under src/a.py, docs/ (3 files)
            """)
    void scopeWords_selectWhatTheySay_andTheAnalysisShowsOneLine(String goal, String line) {
        GeneratedPlan generated = repo.plan(goal);

        assertThat(generated.findings().get(0)).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Replace old with new in lib/                 | lib/, which is not a directory
            Replace old with new in lib/ and vendor/     | lib/ and vendor/, which are not directories
            Clean up the repository in build/            | build/, which is not a directory
            """)
    void directoryThatIsNotThere_isRefused_ratherThanWidenedToTheWholeRepository(String goal, String named) {
        assertThatThrownBy(() -> repo.plan(goal)).isInstanceOf(WaveException.class)
                .hasMessageStartingWith("the goal names " + named + " in ")
                .hasMessageEndingWith("Fix the path, or leave it out to mean every directory.")
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Replace old with new in src/ and lib/             | scope: all text files under src/ (1 file)
            Replace old with new in colorama                  | scope: all text files (6 files)
            """)
    void directoryWrittenWithoutASlashOrBesideOneThatIsThere_isNotRefused(String goal, String line) {
        assertThat(repo.plan(goal).findings().get(0)).isEqualTo(line);
    }
}
