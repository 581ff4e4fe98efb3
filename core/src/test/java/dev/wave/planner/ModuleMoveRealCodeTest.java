package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wave.action.BuiltinActions;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module rename on real code no one here wrote: colorama 0.4.6 (BSD-3-Clause, vendored with its
 * tests under src/test/resources/realcode). Its win32 module is used through {@code from . import
 * win32} and the uses that follow, {@code from ..win32 import}, {@code from .win32 import} and
 * {@code patch('colorama.winterm.win32')} targets. After the plan's built-in tasks, colorama's own
 * test suite must pass as it did before.
 */
final class ModuleMoveRealCodeTest {
    private static final Path COLORAMA = Path.of("src/test/resources/realcode/colorama-0.4.6");

    @TempDir
    Path repository;

    @Test
    @Timeout(120)
    void renameTheWin32Module_movesTheFileRewritesEveryForm_andTheProjectsOwnTestsPass() throws Exception {
        copy(COLORAMA.resolve("colorama"), repository.resolve("colorama"));
        Files.writeString(repository.resolve("pytest.ini"), "[pytest]\n");

        GeneratedPlan generated = Planner.heuristic().plan(new Goal("Rename the module colorama.win32 to colorama._win32api",
                repository, dev.wave.scale.Limits.automatic(), SampleRepository.WORKSTATION));

        assertThat(generated.pattern()).isEqualTo(Pattern.IMPORT_UPDATE);
        List<String> ids = new ArrayList<>();
        generated.plan().tasks().forEach(task -> ids.add(task.id()));
        assertThat(ids).containsExactly("rename-module-file", "rewrite-imports-1"); // the run's check runs the tests
        BuiltinActions actions = BuiltinActions.create();
        for (Task task : generated.plan().tasks()) {
            if (task.action() instanceof Action.Builtin) {
                ExecutionResult result = actions.execute(task, repository, repository.resolve("task.log"));
                assertThat(result.succeeded()).as(task.id() + ": " + result.summary()).isTrue();
            }
        }
        Files.delete(repository.resolve("task.log"));

        assertThat(repository.resolve("colorama/win32.py")).doesNotExist();
        assertThat(repository.resolve("colorama/_win32api.py")).exists();
        assertThat(Files.readString(repository.resolve("colorama/winterm.py")))
                .contains("from . import _win32api\n", "_win32api.SetConsoleTextAttribute(")
                .doesNotContain("from . import win32\n");
        assertThat(Files.readString(repository.resolve("colorama/tests/winterm_test.py")))
                .contains("@patch('colorama.winterm._win32api')");
        assertThat(Files.readString(repository.resolve("colorama/tests/ansitowin32_test.py")))
                .contains("from .._win32api import ENABLE_VIRTUAL_TERMINAL_PROCESSING");

        assumeTrue(pytestAvailable(), "python3 with pytest is needed to run colorama's own tests");
        Process pytest = new ProcessBuilder("python3", "-m", "pytest", "-q", "-p", "no:cacheprovider")
                .directory(repository.toFile()).redirectErrorStream(true).start();
        String output;
        try {
            output = new String(pytest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pytest.waitFor(100, TimeUnit.SECONDS)).isTrue();
        } finally {
            pytest.destroyForcibly();
        }
        assertThat(pytest.exitValue()).as(output).isZero();
        assertThat(output).contains("38 passed");
    }

    private static boolean pytestAvailable() {
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import pytest").redirectErrorStream(true).start();
            probe.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
