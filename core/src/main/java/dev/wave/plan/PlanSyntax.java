package dev.wave.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.wave.WaveException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the bytes of a plan file into a JSON tree, refusing what a plan must not be: text that is
 * not UTF-8, JSON with data after the plan, a YAML stream of more than one document, YAML tags
 * other than the standard tags of plain values ({@code !!str} and the like), and YAML anchors and aliases (the
 * YAML reader would silently read an alias as its name). Each refusal is one line naming the file,
 * the place and the fix. Stateless and thread-safe.
 */
final class PlanSyntax {
    private static final String STANDARD_TAG = "tag:yaml.org,2002:";
    /** The standard tags of plain values ({@code !!str} and the like); any other tag is refused. */
    private static final Set<String> PLAIN_TAGS = Set.of("str", "int", "float", "bool", "null", "map", "seq").stream()
            .map(STANDARD_TAG::concat).collect(java.util.stream.Collectors.toUnmodifiableSet());
    /** The YAML reader's limit (SnakeYAML's default code point limit), checked first: reaching it takes the reader minutes. */
    private static final int YAML_LIMIT = 3 * 1024 * 1024;
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private PlanSyntax() {}

    /** The bytes as UTF-8 text, without a leading byte order mark. */
    static String decode(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw WaveException.invalidInput("%s: not UTF-8 text: byte 0x%02X at offset %d (line %d) is not valid UTF-8. "
                    + "Save the plan file as UTF-8.", source, bytes[in.position()] & 0xFF, in.position(), line);
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The one document in {@code text}; empty for an empty or null document. */
    static Optional<JsonNode> read(String source, String text, boolean json) {
        String format = json ? "JSON" : "YAML";
        try {
            if (!json && text.length() > YAML_LIMIT && text.codePointCount(0, text.length()) > YAML_LIMIT) {
                throw WaveException.invalidInput("%s: a YAML plan holds at most %d characters, this one has %d. "
                        + "Shorten it, or write the plan as JSON (a .json file).", source, YAML_LIMIT,
                        text.codePointCount(0, text.length()));
            }
            if (!json) {
                scanYaml(source, text);
            }
            try (JsonParser parser = (json ? JSON : YAML).createParser(text)) {
                JsonNode root = (json ? JSON : YAML).readTree(parser);
                if (root != null && !root.isMissingNode() && parser.nextToken() != null) {
                    throw WaveException.invalidInput("%s: not valid JSON: more data after the plan's closing brace (line %d, column %d). "
                            + "Remove everything after the plan.", source, parser.currentTokenLocation().getLineNr(),
                            parser.currentTokenLocation().getColumnNr());
                }
                return root == null || root.isMissingNode() || root.isNull() ? Optional.empty() : Optional.of(root);
            }
        } catch (JsonProcessingException e) {
            throw WaveException.invalidInput("%s. Fix the syntax there.", dev.wave.SyntaxErrors.describe(source, format, e));
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot read the plan (%s). Check the file.", source, e.getMessage());
        }
    }

    /** Refuses a second document, non-standard tags, anchors and aliases, at the line they are on. */
    private static void scanYaml(String source, String text) throws IOException {
        try (JsonParser parser = YAML.createParser(text)) {
            YAMLParser yaml = (YAMLParser) parser;
            int depth = 0;
            int documents = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                int line = parser.currentTokenLocation().getLineNr();
                if (depth == 0 && ++documents == 2) {
                    throw WaveException.invalidInput("%s: holds a second YAML document (after \"---\", line %d); a plan file is "
                            + "one document. Remove the second one, or put its tasks in the first.", source, line);
                }
                if (yaml.isCurrentAlias()) {
                    throw WaveException.invalidInput("%s: line %d uses the YAML alias *%s; wave does not read anchors and aliases. "
                            + "Write the value out.", source, line, parser.getText());
                }
                String anchor = yaml.getObjectId();
                if (anchor != null) {
                    throw WaveException.invalidInput("%s: line %d sets the YAML anchor &%s; wave does not read anchors and aliases. "
                            + "Remove it.", source, line, anchor);
                }
                String tag = yaml.getTypeId();
                if (tag != null && !PLAIN_TAGS.contains(tag)) {
                    String written = tag.startsWith(STANDARD_TAG) ? "!!" + tag.substring(STANDARD_TAG.length()) : "!" + tag;
                    throw WaveException.invalidInput("%s: line %d has the YAML tag %s, which wave does not read. "
                            + "Remove the tag; plan values are plain text, numbers, lists and mappings.", source, line, written);
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        }
    }
}
