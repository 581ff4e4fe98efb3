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

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return new java.util.AbstractMap.SimpleEntry<>(key, value);
    }
}
