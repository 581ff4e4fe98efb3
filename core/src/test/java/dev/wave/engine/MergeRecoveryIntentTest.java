package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.journal.Json;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;

class MergeRecoveryIntentTest {
    @Test
    void anIntent_readsBackAsWritten_withItsDeletedPathsAndOrder() throws Exception {
        LinkedHashMap<String, String> files = new LinkedHashMap<>();
        files.put("b.txt", "ab12");
        files.put("a.txt", null); // deleted by the merge
        MergeRecovery.Intent intent = new MergeRecovery.Intent("wave/run/edit", "c0ffee", files);

        MergeRecovery.Intent read = Json.MAPPER.readValue(Json.COMPACT.writeValueAsString(intent), MergeRecovery.Intent.class);

        assertThat(read).isEqualTo(intent);
        assertThat(read.files()).containsExactly(entry("b.txt", "ab12"), entry("a.txt", null));
    }

    @Test
    void anIntentWrittenBeforeWritesWereRecorded_readsWithNoWrites_soItsMergeIsNeverFinished() throws Exception {
        MergeRecovery.Intent read = Json.MAPPER.readValue("{\"branch\":\"b\",\"commit\":\"c\",\"files\":{\"a.txt\":\"ab\"}}",
                MergeRecovery.Intent.class);

        assertThat(read.writes()).isEmpty();
        assertThat(read.mergeWrites()).isEmpty();
    }

    @Test
    void anIntentsWrites_readBackAsTheMergeWrites() throws Exception {
        LinkedHashMap<String, String> files = new LinkedHashMap<>();
        files.put("a.txt", "ab12");
        files.put("gone.txt", null);
        java.util.List<dev.wave.worktree.MergeWrite> writes = java.util.List.of(
                new dev.wave.worktree.MergeWrite("a.txt", java.util.Optional.empty(), java.util.Optional.of("ab12"),
                        java.util.Optional.of(java.nio.file.Path.of("/w/.wave-merging/0.tmp"))),
                new dev.wave.worktree.MergeWrite("gone.txt", java.util.Optional.of("cd34"), java.util.Optional.empty(),
                        java.util.Optional.empty()));
        MergeRecovery.Intent intent = new MergeRecovery.Intent("b", "c", files,
                writes.stream().map(MergeRecovery.Write::of).toList());

        MergeRecovery.Intent read = Json.MAPPER.readValue(Json.COMPACT.writeValueAsString(intent), MergeRecovery.Intent.class);

        assertThat(read.mergeWrites()).isEqualTo(writes);
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return new java.util.AbstractMap.SimpleEntry<>(key, value);
    }
}
