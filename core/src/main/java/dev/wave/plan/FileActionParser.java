package dev.wave.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the {@code action:} of a plan task into a {@link FileAction}: either a name alone
 * ({@code action: remove-empty-dirs}) or a mapping with {@code name} and that action's keys. Each
 * refusal is one line naming the file, the task, the action, the key and the fix.
 */
final class FileActionParser {
    private static final Set<String> SCOPE_KEYS = Set.of("glob", "paths", "exclude");
    private static final Map<String, Set<String>> KEYS = Map.of(
            "find", keys(SCOPE_KEYS, "type", "contains", "regex"),
            "delete", keys(SCOPE_KEYS, "type"),
            "replace", keys(SCOPE_KEYS, "find", "with", "regex"),
            "rename", keys(SCOPE_KEYS, "pattern", "to", "type"),
            "move", keys(SCOPE_KEYS, "to"),
            "remove-empty-dirs", keys(Set.of(), "under", "exclude"),
            "rename-module", keys(SCOPE_KEYS, "from", "to", "source_root", "comments"));
    static final String NAMES = "find, delete, replace, rename, move, remove-empty-dirs, rename-module";

    private final String source;
    private final String task;
    private final String where;
    private final JsonNode node;

    private FileActionParser(String source, String task, String name, JsonNode node) {
        this.source = source;
        this.task = task;
        this.where = task + " action " + name;
        this.node = node;
    }

    /**
     * @param task the task as messages name it, for example {@code task "tidy"}
     * @throws WaveException of kind INVALID_INPUT when the action is unknown or a parameter is wrong
     */
    static FileAction parse(String source, String task, JsonNode node) {
        String name;
        if (node.isTextual()) {
            name = node.asText();
        } else if (node.isObject()) {
            JsonNode nameNode = node.get("name");
            if (nameNode == null || nameNode.isNull()) {
                throw WaveException.invalidInput("%s: %s has an action without a name. Add name: <one of %s>.",
                        source, task, NAMES);
            }
            if (!nameNode.isTextual()) {
                throw unknownAction(source, task, PlanLoader.describe(nameNode));
            }
            name = nameNode.asText();
        } else {
            throw WaveException.invalidInput("%s: %s has action %s. Name the built-in action, for example \"action: find\".",
                    source, task, PlanLoader.describe(node));
        }
        Set<String> known = KEYS.get(name);
        if (known == null) {
            throw unknownAction(source, task, "\"" + name + "\"");
        }
        FileActionParser parser = new FileActionParser(source, task, name, node);
        if (node.isObject()) {
            PlanLoader.unknownKeys(source, parser.where, node, known);
        }
        return switch (name) {
            case "find" -> parser.find();
            case "delete" -> parser.delete();
            case "replace" -> parser.replace();
            case "rename" -> parser.rename();
            case "move" -> parser.move();
            case "remove-empty-dirs" -> parser.removeEmptyDirs();
            case "rename-module" -> parser.renameModule();
            default -> throw new AssertionError(name);
        };
    }

    private FileAction find() {
        Optional<String> contains = optionalText("contains", "the text to look for");
        boolean regex = bool("regex");
        if (regex && contains.isEmpty()) {
            throw refuse("has regex: true but no contains. Add contains: <a regular expression>, or remove regex");
        }
        Optional<FileAction.TextPattern> pattern = contains.map(text -> textPattern("contains", text, regex));
        FileAction.EntryType type = type(FileAction.EntryType.ANY);
        if (pattern.isPresent() && type == FileAction.EntryType.DIR) {
            throw refuse("has contains with type: dir, but only files hold text. Use type: file, or remove contains");
        }
        return new FileAction.Find(scope(), type, pattern);
    }

    private FileAction delete() {
        FileAction.Scope scope = scope();
        requireScope(scope, "delete");
        refuseRepositoryItself(scope, "delete");
        return new FileAction.Delete(scope, type(FileAction.EntryType.ANY));
    }

    private FileAction replace() {
        boolean regex = bool("regex");
        FileAction.TextPattern find = textPattern("find", requiredText("find", "the text to replace"), regex);
        String with = requiredText("with", "the new text (\"\" to delete it)");
        if (regex) {
            ActionChecks.replacementProblem(find.text(), with).ifPresent(problem -> {
                throw refuse("has with \"%s\": it %s. Refer to groups as $1 or ${name}; write \\$ for a literal $",
                        with, problem);
            });
        }
        return new FileAction.Replace(scope(), find, with);
    }

    private FileAction rename() {
        String pattern = requiredText("pattern", "a regular expression for the part of the name to change");
        ActionChecks.regexProblem(pattern).ifPresent(problem -> {
            throw refuse("has pattern \"%s\": it %s. Fix the regular expression", pattern, problem);
        });
        String to = requiredText("to", "the replacement for the matched part, which may use $1");
        if (to.contains("/")) {
            throw refuse("has to \"%s\": a new name cannot contain \"/\". Use the move action to change directories", to);
        }
        ActionChecks.replacementProblem(pattern, to).ifPresent(problem -> {
            throw refuse("has to \"%s\": it %s. Refer to groups as $1 or ${name}; write \\$ for a literal $", to, problem);
        });
        return new FileAction.Rename(scope(), pattern, to, type(FileAction.EntryType.FILE));
    }

    private FileAction renameModule() {
        String from = requiredText("from", "the old module: pkg.mod for Python and Java, src/utils/old for scripts");
        String to = requiredText("to", "the new module, written like from");
        dev.wave.imports.ModuleRename.problem(from, to).ifPresent(problem -> {
            throw refuse("has from \"%s\" and to \"%s\": %s. Write two dotted names (pkg.mod) or two paths (src/utils/old)",
                    from, to, problem);
        });
        String original = optionalText("source_root", "the directory Python's top-level packages are in").orElse(".");
        String root = ActionChecks.normalize(original);
        checkPath("source_root", root, original);
        return new FileAction.RenameModule(scope(), from, to, root, bool("comments"));
    }

    private FileAction move() {
        FileAction.Scope scope = scope();
        requireScope(scope, "move");
        refuseRepositoryItself(scope, "move");
        String original = requiredText("to", "the directory to move into, relative to the repository");
        String to = ActionChecks.normalize(original);
        checkPath("to", to, original);
        return new FileAction.Move(scope, to);
    }

    private FileAction removeEmptyDirs() {
        List<String> under = paths("under");
        return new FileAction.RemoveEmptyDirs(under.isEmpty() ? List.of(".") : under, globs("exclude"));
    }

    private FileAction.Scope scope() {
        return new FileAction.Scope(globs("glob"), paths("paths"), globs("exclude"));
    }

    private void requireScope(FileAction.Scope scope, String verb) {
        if (scope.isWholeRepository()) {
            throw refuse("has no glob or paths. Add glob: \"<pattern>\" or paths: [<file or directory>] to say what to %s",
                    verb);
        }
    }

    private void refuseRepositoryItself(FileAction.Scope scope, String verb) {
        if (scope.paths().contains(".")) {
            throw refuse("has paths entry \".\": it is the repository itself. Name what to %s inside it", verb);
        }
    }

    private List<String> globs(String key) {
        return list(key, "a glob or a list of globs, for example " + key + ": \"**/*.log\"", glob -> {
            String normalized = ActionChecks.normalizeGlob(glob);
            ActionChecks.globProblem(normalized).ifPresent(problem -> {
                throw refuse("has %s \"%s\": it %s. Write globs relative to the repository, for example \"**/*.log\"",
                        key, glob, problem);
            });
            return normalized;
        });
    }

    private List<String> paths(String key) {
        return list(key, "a path or a list of paths, for example " + key + ": [src/, README.md]", path -> {
            String normalized = ActionChecks.normalize(path);
            checkPath(key + " entry", normalized, path);
            return normalized;
        });
    }

    private void checkPath(String what, String normalized, String original) {
        ActionChecks.pathProblem(normalized).ifPresent(problem -> {
            throw refuse("has %s \"%s\": it %s. Use a path inside the repository, relative to it", what, original, problem);
        });
    }

    private List<String> list(String key, String expected, Function<String, String> check) {
        JsonNode value = node.isObject() ? node.get(key) : null;
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        List<String> result = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw refuse("has %s %s; it must be %s", key, PlanLoader.describe(item), expected);
            }
            result.add(check.apply(item.asText()));
        }
        return result;
    }

    private FileAction.EntryType type(FileAction.EntryType defaultType) {
        Optional<String> type = optionalText("type", "file, dir or any");
        if (type.isEmpty()) {
            return defaultType;
        }
        for (FileAction.EntryType candidate : FileAction.EntryType.values()) {
            if (candidate.key().equals(type.get())) {
                return candidate;
            }
        }
        throw refuse("has type \"%s\". Use file, dir or any", type.get());
    }

    private FileAction.TextPattern textPattern(String key, String text, boolean regex) {
        if (regex) {
            ActionChecks.regexProblem(text).ifPresent(problem -> {
                throw refuse("has %s \"%s\": it %s. Fix the regular expression, or remove regex: true to match it as plain text",
                        key, text, problem);
            });
        }
        return new FileAction.TextPattern(text, regex);
    }

    private String requiredText(String key, String meaning) {
        return optionalText(key, meaning).orElseThrow(() -> refuse("has no \"%s\". Add %s: <%s>", key, key, meaning));
    }

    private Optional<String> optionalText(String key, String meaning) {
        JsonNode value = node.isObject() ? node.get(key) : null;
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw refuse("has %s %s; it must be text. Quote it: %s: \"%s\"", key, PlanLoader.describe(value), key,
                    value.isValueNode() ? value.asText() : "...");
        }
        if (value.asText().isEmpty() && !key.equals("with")) {
            throw refuse("has an empty %s. Give %s", key, meaning);
        }
        return Optional.of(value.asText());
    }

    private boolean bool(String key) {
        JsonNode value = node.isObject() ? node.get(key) : null;
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw refuse("has %s %s. Write true or false", key, PlanLoader.describe(value));
        }
        return value.asBoolean();
    }

    private WaveException refuse(String format, Object... args) {
        return WaveException.invalidInput("%s: %s %s.", source, where, String.format(format, args));
    }

    private static WaveException unknownAction(String source, String task, String name) {
        return WaveException.invalidInput("%s: %s has action %s, which wave does not have. Use one of %s.", source, task,
                name, NAMES);
    }

    private static Set<String> keys(Set<String> common, String... more) {
        Set<String> keys = new LinkedHashSet<>(common);
        keys.add("name");
        keys.addAll(List.of(more));
        return Set.copyOf(keys);
    }
}
