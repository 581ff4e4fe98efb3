package dev.wave.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class GlobsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "**/*.py | a.py | true",
        "**/*.py | src/a.py | true",
        "**/*.py | src/x/a.py | true",
        "**/*.py | a.pyc | false",
        "*.py | a.py | true",
        "*.py | src/a.py | false",
        "src/**/*.py | src/a.py | true",
        "src/**/*.py | src/x/y/a.py | true",
        "src/**/*.py | a.py | false",
        "**/__pycache__ | __pycache__ | true",
        "**/__pycache__ | a/b/__pycache__ | true",
        "build/** | build | false",
        "build/** | build/x/y | true",
        "** | anything/at/all | true",
        "**/a/**/b | a/b | true",
        "**/a/**/b | x/a/y/b | true",
        "src/[ab].py | src/a.py | true",
        "src/{a,b}.py | src/b.py | true",
        "**/{a,b}.py | x/b.py | true",
        "**/{a,b}.py | b.py | true",
        "**.py | x/y.py | true",
    })
    void matches_likeGitAndShellUsersExpect(String glob, String path, boolean matches) {
        assertThat(Globs.of(List.of(glob)).matches(path)).isEqualTo(matches);
    }

    @Test
    void segmentMatching_agreesWithJavaNio_onEveryCombination() {
        List<String> globs = new ArrayList<>();
        String[] parts = {"**", "*", "a", "*.py", "a*", "*a*", "a?c", "?", "a*b*c", "test_*.py"};
        for (String first : parts) {
            globs.add(first);
            for (String second : parts) {
                globs.add(first + "/" + second);
                for (String third : new String[] {"**", "*.py", "b"}) {
                    globs.add(first + "/" + second + "/" + third);
                }
            }
        }
        String[] names = {"a", "b", "abc", "a.py", "ab.py", "test_x.py", "x", "aXbYc", ".a.py", "c"};
        List<String> paths = new ArrayList<>();
        for (String first : names) {
            paths.add(first);
            for (String second : names) {
                paths.add(first + "/" + second);
                paths.add(first + "/x/" + second);
                paths.add(first + "/" + second + "/b");
            }
        }
        FileSystem fileSystem = FileSystems.getDefault();
        for (String glob : globs) {
            Globs ours = Globs.of(List.of(glob));
            List<PathMatcher> nio = Globs.variants(glob).stream().map(variant -> fileSystem.getPathMatcher("glob:" + variant)).toList();
            for (String path : paths) {
                boolean expected = nio.stream().anyMatch(matcher -> matcher.matches(Path.of(path)));
                assertThat(ours.matches(path)).as("glob %s on %s", glob, path).isEqualTo(expected);
            }
        }
    }

    @Test
    void variants_dropEachOptionalDoubleStarSegment() {
        assertThat(Globs.variants("**/a/**/b")).containsExactly("**/a/**/b", "a/**/b", "**/a/b", "a/b");
        assertThat(Globs.variants("x**/y")).containsExactly("x**/y");
    }
}
