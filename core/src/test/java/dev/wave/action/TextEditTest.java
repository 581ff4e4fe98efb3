package dev.wave.action;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.FileAction.TextPattern;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class TextEditTest {
    private static TextEdit.Result apply(TextPattern find, String with, String content) {
        return TextEdit.of(find, with).apply(content.getBytes(UTF_8));
    }

    @Test
    void literal_replacesNonOverlappingMatchesLeftToRight() {
        TextEdit.Result result = apply(TextPattern.literal("aa"), "b", "aaaaa");

        assertThat(result.outcome()).isEqualTo(TextEdit.Outcome.MATCHED);
        assertThat(result.count()).isEqualTo(2);
        assertThat(new String(result.content(), UTF_8)).isEqualTo("bba");
    }

    @Test
    void literal_growsAndShrinksContent() {
        assertThat(new String(apply(TextPattern.literal("x"), "long", "axbxc").content(), UTF_8)).isEqualTo("alongblongc");
        assertThat(new String(apply(TextPattern.literal("long"), "", "alongblongc").content(), UTF_8)).isEqualTo("abc");
    }

    @Test
    void literal_withDollarAndBackslash_isLiteral() {
        assertThat(new String(apply(TextPattern.literal("$1"), "\\$2", "a$1b").content(), UTF_8)).isEqualTo("a\\$2b");
    }

    @Test
    void literal_doesNotMatchInsideAMultibyteCharacter() {
        // "é" is C3 A9 in UTF-8; a needle "©" is C2 A9 and must not match the A9 byte alone.
        assertThat(apply(TextPattern.literal("©"), "x", "café").outcome()).isEqualTo(TextEdit.Outcome.NO_MATCH);
    }

    @Test
    void noMatch_isUnchanged() {
        assertThat(apply(TextPattern.literal("zzz"), "x", "abc").outcome()).isEqualTo(TextEdit.Outcome.NO_MATCH);
    }

    @Test
    void nulInTheFirst8000Bytes_isBinary_butNotLater() {
        byte[] early = "recieve\0".getBytes(UTF_8);
        byte[] late = Arrays.copyOf("recieve".getBytes(UTF_8), 9000);
        Arrays.fill(late, 7, 8999, (byte) 'x');

        assertThat(TextEdit.of(TextPattern.literal("recieve"), "r").apply(early).outcome()).isEqualTo(TextEdit.Outcome.BINARY);
        assertThat(TextEdit.of(TextPattern.literal("recieve"), "r").apply(late).outcome()).isEqualTo(TextEdit.Outcome.MATCHED);
    }

    @Test
    void regex_refusesInvalidUtf8_butAcceptsARealReplacementCharacter() {
        TextEdit edit = TextEdit.of(TextPattern.regex("a"), "b");

        assertThat(edit.apply("\u00e9a".getBytes(ISO_8859_1)).outcome()).isEqualTo(TextEdit.Outcome.NOT_UTF8);
        assertThat(new String(edit.apply("\uFFFDa".getBytes(UTF_8)).content(), UTF_8)).isEqualTo("\uFFFDb");
    }

    @Test
    void contains_answersWithoutReplacing() throws Exception {
        assertThat(TextEdit.search(TextPattern.regex("^x$")).contains("a\nx\nb".getBytes(UTF_8), () -> { }))
                .isEqualTo(TextEdit.Outcome.MATCHED);
        assertThat(TextEdit.search(TextPattern.literal("q")).contains("abc".getBytes(UTF_8), () -> { }))
                .isEqualTo(TextEdit.Outcome.NO_MATCH);
    }
}
