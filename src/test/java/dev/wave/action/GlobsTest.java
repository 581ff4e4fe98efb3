package dev.wave.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class GlobsTest {
    @ParameterizedTest
    @CsvSource({
        "**/*.py, a.py, true",
        "**/*.py, src/a.py, true",
        "**/*.py, src/x/a.py, true",
        "**/*.py, a.pyc, false",
        "*.py, a.py, true",
        "*.py, src/a.py, false",
        "src/**/*.py, src/a.py, true",
        "src/**/*.py, src/x/y/a.py, true",
        "src/**/*.py, a.py, false",
        "**/__pycache__, __pycache__, true",
        "**/__pycache__, a/b/__pycache__, true",
        "build/**, build, false",
        "build/**, build/x/y, true",
        "**, anything/at/all, true",
        "**/a/**/b, a/b, true",
        "**/a/**/b, x/a/y/b, true",
    })
    void matches_likeGitAndShellUsersExpect(String glob, String path, boolean matches) {
        assertThat(Globs.of(List.of(glob)).matches(Path.of(path))).isEqualTo(matches);
    }

    @Test
    void variants_dropEachOptionalDoubleStarSegment() {
        assertThat(Globs.variants("**/a/**/b")).containsExactly("**/a/**/b", "a/**/b", "**/a/b", "a/b");
        assertThat(Globs.variants("x**/y")).containsExactly("x**/y");
    }
}
