package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Rename the folder X to Y and update imports": a directory named by its path moves, and what refers to it follows. */
final class ModuleDirectoryMoveTest {
    @TempDir
    Path directory;

    private Path repository() {
        return directory.resolve("repo");
    }

    private String read(String path) throws IOException {
        return Files.readString(repository().resolve(path));
    }

    @Test
    void pythonPackageNamedByItsPath_movesAsItsDottedPackage_inOnePlan() throws Exception {
        SampleRepository repo = new SampleRepository(repository())
                .file("src/pkg/__init__.py", "from .util import retry\n")
                .file("src/pkg/util/__init__.py", "from .retry import Retry\n")
                .file("src/pkg/util/retry.py", "class Retry: pass\n")
                .file("src/pkg/pool.py", "from pkg.util.retry import Retry\nimport pkg.util\n");

        GeneratedPlan generated = repo.runBuiltins("rename the folder src/pkg/util to src/pkg/utils and update imports", directory);

        assertThat(generated.pattern()).isEqualTo(Pattern.IMPORT_UPDATE);
        assertThat(generated.findings().get(0)).isEqualTo("module pkg.util: src/pkg/util/ (source root src)");
        assertThat(repository().resolve("src/pkg/util")).doesNotExist();
        assertThat(read("src/pkg/utils/retry.py")).isEqualTo("class Retry: pass\n");
        assertThat(read("src/pkg/__init__.py")).isEqualTo("from .utils import retry\n");
        assertThat(read("src/pkg/pool.py")).isEqualTo("from pkg.utils.retry import Retry\nimport pkg.utils\n");
    }

    @Test
    void scriptDirectoryWithNoIndex_movesWithItsFiles_andTheRequiresFollow() throws Exception {
        SampleRepository repo = new SampleRepository(repository())
                .file("lib/utils/log.js", "module.exports = require('../npm.js')\n")
                .file("lib/npm.js", "const log = require('./utils/log.js')\n");

        repo.runBuiltins("move lib/utils to lib/util/", directory);

        assertThat(repository().resolve("lib/utils")).doesNotExist();
        assertThat(read("lib/util/log.js")).isEqualTo("module.exports = require('../npm.js')\n");
        assertThat(read("lib/npm.js")).isEqualTo("const log = require('./util/log.js')\n");
    }

    @Test
    void moveOfAPathThatIsNotThere_isRefused_ratherThanRewritingReferencesToNothing() {
        SampleRepository repo = new SampleRepository(repository()).file("lib/npm.js", "require('./utils/log.js')\n");

        assertThatThrownBy(() -> repo.plan("move lib/utilz to lib/util"))
                .isInstanceOf(WaveException.class)
                .hasMessage("the goal moves lib/utilz, which is neither a file nor a directory of the repository, and lib/util is not "
                        + "there either. Fix the path (relative to the repository's root).");
    }

    @Test
    void pythonPackageMovedOutOfItsSourceRoot_isRefused() {
        SampleRepository repo = new SampleRepository(repository())
                .file("src/pkg/__init__.py", "")
                .file("src/pkg/util/__init__.py", "");

        assertThatThrownBy(() -> repo.plan("move src/pkg/util to lib/util"))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith("the goal moves the package src/pkg/util out of its source root src/ to lib/util.");
    }
}
