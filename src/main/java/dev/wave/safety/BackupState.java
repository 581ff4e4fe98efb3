package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a rollback needs, as stored in {@code <git-dir>/wave/backups/<id>.json}.
 *
 * @param backup the backup's public description
 * @param indexFile whether a copy of the index is stored beside the JSON ({@code <id>.index}); false when there was no index
 * @param indexTree the index as a tree, when it had no conflicts (a fallback, and it keeps staged content reachable)
 * @param indexDigest SHA-256 of {@code git ls-files -s -v -z} over the index: what a restored index must match
 * @param head HEAD
 * @param branches every {@code refs/heads/*} and its commit
 * @param permissions the files' permission bits
 * @param emptyDirectories untracked empty directories, which git cannot hold in a tree
 */
record BackupState(Backup backup, boolean indexFile, Optional<String> indexTree, String indexDigest, Head head,
        Map<String, String> branches, Permissions permissions, List<String> emptyDirectories) {
    BackupState {
        requireNonNull(backup, "backup is null");
        requireNonNull(indexTree, "indexTree is null");
        requireNonNull(indexDigest, "indexDigest is null");
        requireNonNull(head, "head is null");
        branches = Map.copyOf(branches);
        requireNonNull(permissions, "permissions is null");
        emptyDirectories = List.copyOf(emptyDirectories);
    }

    ObjectNode json() {
        ObjectNode root = Json.object();
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
        ObjectNode branchNode = root.putObject("branches");
        new java.util.TreeMap<>(branches).forEach(branchNode::put);
        ObjectNode permissionNode = root.putObject("permissions");
        permissionNode.put("file", permissions.file());
        permissionNode.put("executable", permissions.executable());
        ObjectNode exceptions = permissionNode.putObject("exceptions");
        new java.util.TreeMap<>(permissions.exceptions()).forEach(exceptions::put);
        emptyDirectories.forEach(root.putArray("empty_directories")::add);
        return root;
    }

    static BackupState parse(JsonNode root) {
        Backup backup = new Backup(
                root.get("id").asText(),
                Backup.Kind.valueOf(root.get("kind").asText().toUpperCase(java.util.Locale.ROOT)),
                text(root.get("task")),
                root.get("ref").asText(),
                root.get("commit").asText(),
                root.get("tree").asText(),
                Instant.parse(root.get("created_at").asText()),
                root.get("files").asInt(),
                "",
                root.path("millis").asLong());
        JsonNode headNode = root.get("head");
        Head head = new Head(text(headNode.get("branch")), text(headNode.get("commit")));
        backup = new Backup(backup.id(), backup.kind(), backup.task(), backup.ref(), backup.commit(), backup.tree(),
                backup.createdAt(), backup.files(), head.describe(), backup.millis());
        JsonNode index = root.get("index");
        Map<String, String> branches = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.get("branches").properties()) {
            branches.put(field.getKey(), field.getValue().asText());
        }
        JsonNode permissionNode = root.get("permissions");
        Map<String, String> exceptions = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : permissionNode.get("exceptions").properties()) {
            exceptions.put(field.getKey(), field.getValue().asText());
        }
        Permissions permissions = new Permissions(text(permissionNode.get("file")).orElse(Permissions.DEFAULT_FILE),
                text(permissionNode.get("executable")).orElse(Permissions.DEFAULT_EXECUTABLE), exceptions);
        List<String> empty = new ArrayList<>();
        root.path("empty_directories").forEach(node -> empty.add(node.asText()));
        return new BackupState(backup, !index.get("file").isNull(), text(index.get("tree")), index.get("digest").asText(),
                head, branches, permissions, empty);
    }

    private static Optional<String> text(JsonNode node) {
        return node == null || node.isNull() ? Optional.empty() : Optional.of(node.asText());
    }

    /**
     * Permission bits of the backed-up files, as {@code rwxr-xr-x} strings: the usual ones for plain and
     * executable files, and the files that differ from them.
     */
    record Permissions(String file, String executable, Map<String, String> exceptions) {
        static final String DEFAULT_FILE = "rw-r--r--";
        static final String DEFAULT_EXECUTABLE = "rwxr-xr-x";

        Permissions {
            requireNonNull(file, "file is null");
            requireNonNull(executable, "executable is null");
            exceptions = Map.copyOf(exceptions);
        }

        /** The permissions a file of this git mode had. */
        String expected(String path, String mode) {
            String exception = exceptions.get(path);
            if (exception != null) {
                return exception;
            }
            return mode.equals(Snapshots.MODE_EXECUTABLE) ? executable : file;
        }
    }
}
