package dev.wave.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The published JSON Schema describes the keys the loader accepts, no more and no fewer. */
final class PlanSchemaTest {
    private static Set<String> keys(JsonNode properties) {
        Set<String> keys = new HashSet<>();
        properties.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void schema_listsExactlyTheLoadersKeys() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(Path.of("../schema/plan.schema.json").toFile());

        assertThat(keys(schema.get("properties"))).isEqualTo(PlanLoader.PLAN_KEYS);
        assertThat(keys(schema.at("/$defs/task/properties"))).isEqualTo(PlanLoader.TASK_KEYS);
        assertThat(schema.at("/$defs/task/additionalProperties").asBoolean(true)).isFalse();
    }
}
