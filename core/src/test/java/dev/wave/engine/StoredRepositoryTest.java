package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.journal.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A resume works on the repository whose journal holds the run, wherever that repository is now. */
final class StoredRepositoryTest {
    private final Path root = Path.of("/work/copy");

    @Test
    void aRunOfTheTopLevel_resumesInTheTopLevel_evenAfterTheRepositoryWasCopiedElsewhere() {
        assertThat(Runs.storedRepository(root, Json.object().put("repository", "/work/original").put("repository_in_root", "")))
                .isEqualTo(root);
    }

    @Test
    void aRunOfADirectoryUnderTheTopLevel_resumesInThatDirectoryOfTheCopy() {
        assertThat(Runs.storedRepository(root, Json.object().put("repository", "/work/original/service")
                .put("repository_in_root", "service"))).isEqualTo(root.resolve("service"));
    }

    @Test
    void aRequestStoredBeforeTheRelativePath_keepsItsDirectory_whenItIsUnderTheTopLevel_elseTakesTheTopLevel() {
        assertThat(Runs.storedRepository(root, Json.object().put("repository", "/work/copy/service")))
                .isEqualTo(root.resolve("service"));
        assertThat(Runs.storedRepository(root, Json.object().put("repository", "/work/original")))
                .as("the original's path, not the copy's: the copy is what the journal is in").isEqualTo(root);
        assertThat(Runs.storedRepository(root, Json.object().put("repository_in_root", "../original")))
                .as("never outside the top level").isEqualTo(root);
    }
}
