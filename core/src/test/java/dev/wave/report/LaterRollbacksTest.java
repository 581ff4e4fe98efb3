package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A rollback made after the run is recorded with the run whose backup it restored, a critical task's included. */
final class LaterRollbacksTest {
    @Test
    void runOf_aCriticalTasksBackup_isTheRunItWasTakenIn() {
        assertThat(LaterRollbacks.runOf("20261201-141724-77f0")).isEqualTo("20261201-141724-77f0");
        assertThat(LaterRollbacks.runOf("20261201-141724-77f0-before-migrate-db")).isEqualTo("20261201-141724-77f0");
    }

    @Test
    void describe_namesTheTaskWhoseBackupWasRestored() {
        LaterRollbacks.Entry critical = new LaterRollbacks.Entry("2026-12-01T17:27:55.361Z",
                "20261201-141724-77f0-before-migrate-db", true, 1, 3, 40, List.of(), null);
        LaterRollbacks.Entry wholeRun = new LaterRollbacks.Entry("2026-12-01T17:27:55.361Z", "20261201-141724-77f0", false,
                0, 1, 40, List.of("a.txt: differs"), "undo-1");

        assertThat(critical.describe()).isEqualTo("'wave rollback' at 2026-12-01T17:27:55.361Z to the backup before task "
                + "migrate-db: restored and verified, 1 file removed, 3 restored");
        assertThat(wholeRun.describe()).isEqualTo("'wave rollback' at 2026-12-01T17:27:55.361Z: restored but NOT verified "
                + "(1 difference), 0 files removed, 1 restored; 'wave rollback undo-1' undoes it");
    }
}
