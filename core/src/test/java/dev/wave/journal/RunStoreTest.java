package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunStoreTest {
    @TempDir
    Path repo;

    @Test
    void open_createsTheSchema_andReopensIt() {
        try (RunStore store = RunStore.open(repo)) {
            store.insertRun(RunRow.starting("r1", "goal", "plan.yaml", 5, 3, 2, "flow", "{}"));
        }
        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.runs()).extracting(RunRow::runId).containsExactly("r1");
            assertThat(store.run("r1").orElseThrow().liveOwner()).isPresent();
        }
    }

    @Test
    void aDatabaseFromANewerWave_isRefusedInOneLine() throws Exception {
        RunStore.open(repo).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + RunStore.file(repo));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> RunStore.open(repo)).isInstanceOf(WaveException.class)
                .hasMessageContaining("its schema is version 99, newer than this wave's 1; use a newer wave");
    }
}
