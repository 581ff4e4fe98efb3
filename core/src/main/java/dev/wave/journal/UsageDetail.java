package dev.wave.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wave.run.Usage;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The detail of a {@link RunJournal#AGENT_USAGE} event, as the journal stores it: what an agent attempt has used so
 * far. Written and read back by this record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UsageDetail(@JsonProperty("input_tokens") long inputTokens, @JsonProperty("output_tokens") long outputTokens,
        @JsonProperty("cost_usd") Double costUsd) {
    static String json(Usage usage) {
        try {
            return Json.COMPACT.writeValueAsString(
                    new UsageDetail(usage.inputTokens(), usage.outputTokens(), usage.costUsd().orElse(null)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("usage always serialises", e);
        }
    }

    static Usage parse(String json) {
        try {
            UsageDetail detail = Json.COMPACT.readValue(json, UsageDetail.class);
            return new Usage(detail.inputTokens(), detail.outputTokens(), Optional.ofNullable(detail.costUsd()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UncheckedIOException("the journal's agent usage " + json + " is not usage",
                    new java.io.IOException(e));
        }
    }
}
