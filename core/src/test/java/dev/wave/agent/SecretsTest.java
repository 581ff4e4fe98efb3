package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class SecretsTest {
    @Test
    void secretVariablesAndKeyShapedWords_areMasked_othersAreNot() {
        Secrets secrets = Secrets.from(Map.of(
                "ANTHROPIC_API_KEY", "ak-local-test-0123456789",
                "GITHUB_TOKEN", "ghp_abcdefghijkl",
                "SHORT_TOKEN", "abc",
                "HOME", "/root-home-dir"));

        String text = "key=ak-local-test-0123456789 gh=ghp_abcdefghijkl other=sk-ant-api03-AAAAAAAAAAAAAAAAAAAA short=abc home=/root-home-dir";

        assertThat(secrets.redact(text)).isEqualTo(
                "key=[redacted] gh=[redacted] other=[redacted] short=abc home=/root-home-dir");
    }

    @Test
    void secretNames_coverTheProvidersConventions() {
        assertThat(Secrets.isSecretName("OPENAI_API_KEY")).isTrue();
        assertThat(Secrets.isSecretName("ANTHROPIC_AUTH_TOKEN")).isTrue();
        assertThat(Secrets.isSecretName("AWS_SECRET")).isTrue();
        assertThat(Secrets.isSecretName("TOKENIZER")).isFalse();
        assertThat(Secrets.isSecretName("PATH")).isFalse();
    }
}
