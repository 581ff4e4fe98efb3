package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.WaveException;
import dev.wave.journal.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Everything a rollback needs besides the manifest, as stored in {@code <git-dir>/wave/backups/<id>.json}.
 * Beside it: {@code <id>.manifest} (every path on disk, see {@link Manifest}), {@code <id>.index} (the
 * index file, byte for byte) and {@code <id>.stash-log} (the stash's reflog).
 *
 * @param backup the backup's public description
 * @param indexFile whether a copy of the index is stored beside the JSON; false when there was no index
 * @param indexTree the index as a tree, when it had no conflicts (a fallback, and it keeps staged content reachable)
 * @param indexDigest SHA-256 of {@code git ls-files -s -v -z} over the index: what a restored index must match
 * @param head HEAD
 * @param refs every ref but wave's own and symbolic ones, with the object it pointed at
 * @param stashLog whether the stash's reflog is stored beside the JSON
 * @param coverage what the backup leaves out
 */
record BackupState(Backup backup, boolean indexFile, Optional<String> indexTree, String indexDigest, Head head,
        Map<String, String> refs, boolean stashLog, BackupCoverage coverage) {
    static final int FORMAT = 2;

    BackupState {
        requireNonNull(backup, "backup is null");
        requireNonNull(indexTree, "indexTree is null");
        requireNonNull(indexDigest, "indexDigest is null");
        requireNonNull(head, "head is null");
        refs = Map.copyOf(refs);
        requireNonNull(coverage, "coverage is null");
    }

    /** The branches among the refs. */
    Map<String, String> branches() {
        Map<String, String> branches = new TreeMap<>();
        refs.forEach((ref, sha) -> {
            if (ref.startsWith("refs/heads/")) {
                branches.put(ref, sha);
            }
        });
        return branches;
    }

    ObjectNode json() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("id", backup.id());
        root.put("kind", backup.kind().label());
        root.put("task", backup.task().orElse(null));
        root.put("created_at", Json.time(backup.createdAt()));
        root.put("ref", backup.ref());
        root.put("commit", backup.commit());
        root.put("tree", backup.tree());
        root.put("files", backup.files());
        root.put("millis", backup.millis());
        ObjectNode headNode = root.putObject("head");
        headNode.put("branch", head.branch().orElse(null));
        headNode.put("commit", head.commit().orElse(null));
        ObjectNode index = root.putObject("index");
        index.put("file", indexFile ? backup.id() + ".index" : null);
        index.put("tree", indexTree.orElse(null));
        index.put("digest", indexDigest);
        ObjectNode refNode = root.putObject("refs");
        new TreeMap<>(refs).forEach(refNode::put);
        root.put("stash_log", stashLog);
        ObjectNode coverageNode = root.putObject("coverage");
        coverageNode.put("ignored_bytes", coverage.ignoredBytes());
        coverageNode.put("ignored_max", coverage.ignoredMax());
        coverage.nestedRepositories().forEach(coverageNode.putArray("nested_repositories")::add);
        var gaps = coverageNode.putArray("not_covered");
        for (BackupCoverage.Gap gap : coverage.gaps()) {
            ObjectNode node = gaps.addObject();
            node.put("path", gap.path());
            node.put("directory", gap.directory());
            node.put("reason", gap.reason().name().toLowerCase(Locale.ROOT));
            if (gap.bytes().isPresent()) {
                node.put("bytes", gap.bytes().getAsLong());
            }
        }
        return root;
    }

    static BackupState parse(JsonNode root) {
        String id = root.get("id").asText();
        if (root.path("format").asInt(1) < FORMAT) {
            throw WaveException.unsafeState("backup %s was taken by an older wave that did not record every file, so a "
                    + "rollback to it could not be verified. Restore it with git from %s%s by hand.", id, Backup.REF_PREFIX, id);
        }
        JsonNode headNode = root.get("head");
        Head head = new Head(text(headNode.get("branch")), text(headNode.get("commit")));
        Backup backup = new Backup(
                id,
                Backup.Kind.valueOf(root.get("kind").asText().toUpperCase(Locale.ROOT)),
                text(root.get("task")),
                root.get("ref").asText(),
                root.get("commit").asText(),
                root.get("tree").asText(),
                Instant.parse(root.get("created_at").asText()),
                root.get("files").asInt(),
                head.describe(),
                root.path("millis").asLong());
        JsonNode index = root.get("index");
        Map<String, String> refs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> field : root.get("refs").properties()) {
            refs.put(field.getKey(), field.getValue().asText());
        }
        JsonNode coverageNode = root.get("coverage");
        List<BackupCoverage.Gap> gaps = new ArrayList<>();
        for (JsonNode gap : coverageNode.path("not_covered")) {
            gaps.add(new BackupCoverage.Gap(gap.get("path").asText(), gap.get("directory").asBoolean(),
                    BackupCoverage.Reason.valueOf(gap.get("reason").asText().toUpperCase(Locale.ROOT)),
                    gap.has("bytes") ? OptionalLong.of(gap.get("bytes").asLong()) : OptionalLong.empty()));
        }
        List<String> nested = new ArrayList<>();
        coverageNode.path("nested_repositories").forEach(node -> nested.add(node.asText()));
        BackupCoverage coverage = new BackupCoverage(gaps, nested, coverageNode.get("ignored_bytes").asLong(),
                coverageNode.get("ignored_max").asLong());
        return new BackupState(backup, !index.get("file").isNull(), text(index.get("tree")), index.get("digest").asText(),
                head, refs, root.path("stash_log").asBoolean(false), coverage);
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }
}
