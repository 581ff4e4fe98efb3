package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.imports.ModuleRename;
import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Plans a module rename or move ("Update imports from pkg.mod to pkg.newmod", "Rename the module
 * pkg.mod to pkg.newmod", "Move src/utils/old.ts to src/lib/new.ts"): finds the module's file and
 * its source root, moves the file first when the goal says move or rename (built-in {@code move}
 * and {@code rename}, which git records as a rename in the final commit), then rewrites every
 * reference with built-in {@code rename-module} tasks, in batches of neighbouring files, then runs
 * the project's tests. Configuration files that name the module (entry points) are updated too;
 * mentions in comments and documentation are listed, and changed only when the goal asks.
 */
final class ModulePlanner {
    private static final java.util.regex.Pattern NAMED_MOVE = compile(
            "\\b(?:move|rename|relocate)\\s+(?:the\\s+)?(?:python\\s+|java\\s+)?(?:module|package|file|class|folder|directory|dir)?\\s*[`'\"]?([\\w./-]+?)[`'\"]?"
                    + "\\s+(?:to|into|as)\\s+[`'\"]?([\\w./-]+?)[`'\"]?(?=[\\s,;:!?)]|\\.(?:\\s|$)|$)",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern MOVE_ASKED = compile(
            "\\b(?:move|moves|moved|moving|rename|renames|renamed|renaming|relocate)\\b(?!\\s+(?:the\\s+)?(?:imports?|references?)\\b)",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern COMMENTS_ASKED = compile("\\bcomments?\\b", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern DOCS_ASKED = compile("\\b(?:docs?|documentation|readme|everywhere)\\b", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern SOURCE_EXTENSION = compile("\\.(?:py|java)$");
    private static final List<String> CONFIG_EXTENSIONS = List.of("toml", "cfg", "ini", "yaml", "yml", "json", "xml", "properties");
    /** Estimated cost of rewriting one file with the built-in action (an estimate). */
    static final long MILLIS_PER_FILE = 2;

    private ModulePlanner() {}

    /** "Rename the module a.b to a.c", "move src/x.ts to src/lib/x.ts": the pair, when the goal names one. */
    static Optional<PatternMatcher.Replacement> namedMove(String goal) {
        Matcher matcher = NAMED_MOVE.matcher(goal);
        while (matcher.find()) {
            PatternMatcher.Replacement pair = new PatternMatcher.Replacement(matcher.group(1).replaceAll("(?<=.)/+$", ""),
                    matcher.group(2).replaceAll("(?<=.)/+$", ""));
            if (accepts(pair)) {
                return Optional.of(pair);
            }
        }
        return Optional.empty();
    }

    /** Whether the pair names two modules: two dotted names (with at least one dot in either) or two paths. */
    static boolean accepts(PatternMatcher.Replacement pair) {
        String from = stripSource(pair.find());
        String to = stripSource(pair.with());
        return ModuleRename.problem(from, to).isEmpty() && (ModuleRename.isPath(from) || from.contains(".") || to.contains("."));
    }

    private static String stripSource(String name) {
        return ModuleRename.isPath(name) ? SOURCE_EXTENSION.matcher(name).replaceFirst("") : name;
    }

    /** Where a module lives: its file or directory, the other form's path, and Python's source root. */
    private record Located(String path, boolean directory, String sourceRoot) {}

    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match, String fromText, String toText) {
        Path root = goal.repository();
        List<RepositoryFiles.FileEntry> entries = RepositoryFiles.list(root);
        List<String> files = new ArrayList<>();
        entries.forEach(entry -> files.add(entry.path()));
        String from = fromText;
        String to = toText;
        List<String> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: " + String.join(", ", match.triggers()));
        // a path to a .py or .java file is a dotted module under its source root
        boolean sourcePath = ModuleRename.isPath(from) && SOURCE_EXTENSION.matcher(from).find();
        if (sourcePath) {
            String extension = from.substring(from.lastIndexOf('.'));
            String sourceRoot = sourceRootOf(from, files);
            from = dotted(from, sourceRoot, extension);
            to = dotted(to.endsWith(extension) ? to : to + extension, sourceRoot, extension);
        }
        // a path to a Python or Java package directory is its dotted package
        Optional<String> packageRoot = sourcePath ? Optional.empty() : packageRootOf(from, files);
        if (packageRoot.isPresent()) {
            String sourceRoot = packageRoot.get();
            if (!sourceRoot.equals(".") && !to.startsWith(sourceRoot + "/")) {
                throw dev.wave.WaveException.invalidInput("the goal moves the package %s out of its source root %s/ to %s. Name a "
                        + "new place under %s/, or move it in two steps.", from, sourceRoot, to, sourceRoot);
            }
            from = dotted(from, sourceRoot, "");
            to = dotted(to, sourceRoot, "");
        }
        boolean paths = ModuleRename.isPath(from);
        Optional<Located> old = paths ? locateScript(from, files) : locateDotted(from, files);
        if (paths && old.isEmpty()) {
            old = locateDirectory(from, files);
        }
        Optional<Located> existing = paths ? locateScript(to, files) : locateDotted(to, files);
        String sourceRoot = old.or(() -> existing).map(Located::sourceRoot).orElse(".");
        ModuleRename rename = new ModuleRename(from, to, sourceRoot, COMMENTS_ASKED.matcher(goal.text()).find());
        PlanBuilder builder = new PlanBuilder(goal.text(), TestCommand.detect(root));

        List<String> moves = new ArrayList<>();
        Optional<Move> move = Optional.empty();
        if (paths && old.isEmpty() && existing.isEmpty() && MOVE_ASKED.matcher(goal.text()).find()) {
            throw dev.wave.WaveException.invalidInput("the goal moves %s, which is neither a file nor a directory of the repository, "
                    + "and %s is not there either. Fix the path (relative to the repository's root).", from, to);
        }
        if (old.isPresent()) {
            findings.add("module " + from + ": " + old.get().path() + (old.get().directory() ? "/" : "")
                    + (paths ? "" : " (source root " + sourceRoot + ")"));
        } else {
            String target = to;
            findings.add("module " + from + ": no file found for it" + existing.map(e -> " (" + target + " is at " + e.path() + ")").orElse(""));
        }
        if (MOVE_ASKED.matcher(goal.text()).find() && old.isPresent() && existing.isEmpty()) {
            move = Optional.of(Move.of(old.get(), from, to, paths).withStub(files));
            moves.addAll(move.get().tasks(builder));
            notes.add("The module moves first (" + old.get().path() + " -> " + move.get().target() + "), then its references "
                    + "are rewritten; git records the move as a rename in the final commit.");
            if (old.get().path().endsWith(".py") && !PythonParent.hasInit(move.get().target(), files, sourceRoot)) {
                notes.add("The new package directory has no __init__.py: Python reads it as a namespace package. Add one if the "
                        + "project uses regular packages.");
            }
            if (old.get().path().endsWith(".java") && !lastName(from).equals(lastName(to))) {
                notes.add("The class's simple name changes (" + lastName(from) + " -> " + lastName(to) + "): qualified "
                        + "names and imports are rewritten, but not the class declaration or uses by simple name; the verify task's "
                        + "build shows what is left.");
            } else if (old.get().path().endsWith(".java") && !parentOf(from).equals(parentOf(to))) {
                notes.add("Classes of " + parentOf(from) + " that " + lastName(from) + " uses without an import need one "
                        + "after the move; the verify task's build shows them.");
            }
        } else if (old.isPresent() && existing.isEmpty()) {
            notes.add("The module stays at " + old.get().path() + ": only references are rewritten. Say \"move\" or \"rename the module\" "
                    + "for wave to move the file too.");
        } else if (existing.isPresent()) {
            notes.add(to + " already exists at " + existing.get().path() + ": only references are rewritten.");
        }

        List<String> targets = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        List<String> config = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        int references = 0;
        int commentMentions = 0;
        int commentFiles = 0;
        int inScope = 0;
        java.util.regex.Pattern wholeName = compile((paths ? "" : "(?<![\\w.])") + ReplacePlanner.escape(from) + "(?![\\w])");
        for (RepositoryFiles.FileEntry entry : entries) {
            if (entry.size() > RepositoryFiles.MAX_TEXT_BYTES) {
                continue;
            }
            String after = move.map(m -> m.pathAfter(entry.path())).orElse(entry.path());
            ModuleRename.Language language = rename.language(after);
            if (language == ModuleRename.Language.OTHER) {
                String extension = Languages.extension(entry.path());
                boolean isConfig = CONFIG_EXTENSIONS.contains(extension);
                if ((isConfig || Languages.isDocumentation(entry.path())) && wholeName.matcher(read(root.resolve(entry.path()))).find()) {
                    (isConfig ? config : docs).add(entry.path());
                }
                continue;
            }
            inScope++;
            String text = read(root.resolve(entry.path()));
            if (RepositoryFiles.isBinary(text)) {
                continue;
            }
            ModuleRename.Edit edit = rename.rewrite(after, new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            commentMentions += edit.commentMentions();
            commentFiles += edit.commentMentions() > 0 ? 1 : 0;
            if (edit.references() > 0 || rename.comments() && edit.commentMentions() > 0) {
                targets.add(after);
                sizes.add(entry.size());
                references += edit.references();
            }
        }
        findings.add("scope: " + (paths ? "JavaScript and TypeScript" : "Python and Java") + " source files (" + inScope
                + (inScope == 1 ? " file)" : " files)"));
        findings.add(targets.size() + (targets.size() == 1 ? " file refers" : " files refer") + " to " + from + " (" + references
                + (references == 1 ? " reference" : " references") + ", every import form)");
        if (commentMentions > 0) {
            findings.add(commentMentions + (commentMentions == 1 ? " mention" : " mentions") + " in comments of " + commentFiles
                    + (commentFiles == 1 ? " file" : " files") + (rename.comments() ? ", changed as the goal asks"
                            : ", left as they are (say \"and comments\" to change them)"));
        }
        if (!config.isEmpty()) {
            findings.add("configuration naming it, updated: " + String.join(", ", config));
        }
        boolean docsAsked = DOCS_ASKED.matcher(goal.text()).find();
        if (!docs.isEmpty()) {
            findings.add("documentation naming it, " + (docsAsked ? "updated" : "listed, not changed (say \"and the docs\" to change it)")
                    + ": " + String.join(", ", docs.subList(0, Math.min(8, docs.size())))
                    + (docs.size() > 8 ? " and " + (docs.size() - 8) + " more" : ""));
        }

        List<String> edits = new ArrayList<>();
        Optional<Batching> batching = Optional.empty();
        if (!targets.isEmpty()) {
            long bytes = sizes.stream().mapToLong(Long::longValue).sum();
            long work = targets.size() * MILLIS_PER_FILE + bytes / ReplacePlanner.BYTES_PER_MILLI;
            Batching batches = Scaler.batch(targets.size(), work, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS, goal.limits(),
                    goal.machine());
            batching = Optional.of(batches);
            List<List<String>> parts = Partition.of(targets, batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                edits.add(builder.builtin("rewrite-imports-" + (i + 1),
                        "Rewrite references to " + from + " in " + part.size() + (part.size() == 1 ? " file in " : " files in ")
                                + Partition.describeDirectories(part),
                        Roles.FILE_OPERATOR, new Action.Builtin(new FileAction.RenameModule(
                                new FileAction.Scope(List.of(), part, List.of()), from, to, sourceRoot, rename.comments())),
                        Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis() + part.size() * MILLIS_PER_FILE), moves));
            }
        } else {
            notes.add("No source file refers to " + from + ".");
        }
        List<String> textFiles = new ArrayList<>(config);
        if (docsAsked) {
            textFiles.addAll(docs);
        }
        if (!textFiles.isEmpty()) {
            edits.add(builder.builtin("update-text-references", "Update " + from + " in " + textFiles.size()
                    + (textFiles.size() == 1 ? " configuration or documentation file" : " configuration and documentation files"),
                    Roles.FILE_OPERATOR, Actions.replace(textFiles, wholeName.pattern(), to.replace("$", "\\$"), true),
                    Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis() + textFiles.size() * MILLIS_PER_FILE), moves));
        }
        List<String> all = new ArrayList<>(moves);
        all.addAll(edits);
        if (all.isEmpty()) {
            edits.add(builder.builtin("find-references", "List files that mention " + from + " (none were found)", Roles.FILE_OPERATOR,
                    Actions.findContaining(wholeName.pattern()), Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), List.of()));
            all.addAll(edits);
        }
        if (builder.verify(all, false).isEmpty()) {
            notes.add("No test command detected (Maven, Gradle, npm, pytest, go, cargo, make): no verification task.");
        }
        return new GeneratedPlan(builder.build(), Pattern.IMPORT_UPDATE, Pattern.IMPORT_UPDATE.taskType(), findings, notes, batching);
    }

    private static String lastName(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }

    private static String parentOf(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return dot < 0 ? "" : dotted.substring(0, dot);
    }

    /** The directory a Python or Java file's top-level package is in: the highest directory chain with __init__.py, or the java root. */
    private static String sourceRootOf(String path, List<String> files) {
        String directory = RepositoryFiles.directoryOf(path);
        if (path.endsWith(".java")) {
            int java = path.indexOf("/java/");
            return path.startsWith("java/") ? "java" : java >= 0 ? path.substring(0, java + 5) : ".";
        }
        while (!directory.equals(".") && files.contains(directory + "/__init__.py")) {
            directory = RepositoryFiles.directoryOf(directory);
        }
        return directory;
    }

    /**
     * The source root of the Python package (with its {@code __init__.py}) or Java package (with
     * {@code .java} files of its own) at the directory {@code path}; empty when it is neither.
     */
    private static Optional<String> packageRootOf(String path, List<String> files) {
        if (!ModuleRename.isPath(path)) {
            return Optional.empty();
        }
        if (files.contains(path + "/__init__.py")) {
            return Optional.of(sourceRootOf(path + "/__init__.py", files));
        }
        for (String file : files) {
            if (file.endsWith(".java") && RepositoryFiles.directoryOf(file).equals(path) && (path + "/").contains("/java/")) {
                return Optional.of(sourceRootOf(file, files));
            }
        }
        return Optional.empty();
    }

    private static String dotted(String path, String sourceRoot, String extension) {
        String relative = sourceRoot.equals(".") || !path.startsWith(sourceRoot + "/") ? path : path.substring(sourceRoot.length() + 1);
        return relative.substring(0, relative.length() - (relative.endsWith(extension) ? extension.length() : 0)).replace('/', '.');
    }

    private static Optional<Located> locateDotted(String module, List<String> files) {
        String relative = module.replace('.', '/');
        Optional<Located> best = Optional.empty();
        for (String file : files) {
            String sourceRoot = null;
            boolean directory = false;
            for (String suffix : List.of(".py", "/__init__.py", ".java")) {
                String tail = relative + suffix;
                if (file.equals(tail) || file.endsWith("/" + tail)) {
                    sourceRoot = file.equals(tail) ? "." : file.substring(0, file.length() - tail.length() - 1);
                    directory = suffix.equals("/__init__.py");
                }
            }
            if (sourceRoot == null && file.endsWith(".java") && RepositoryFiles.directoryOf(file).endsWith(relative)
                    && (RepositoryFiles.directoryOf(file).equals(relative) || RepositoryFiles.directoryOf(file).endsWith("/" + relative))) {
                String dir = RepositoryFiles.directoryOf(file);
                sourceRoot = dir.equals(relative) ? "." : dir.substring(0, dir.length() - relative.length() - 1);
                directory = true;
            }
            if (sourceRoot != null && !GoalFacts.isTest(file)) {
                String path = sourceRoot.equals(".") ? relative : sourceRoot + "/" + relative;
                Located located = new Located(directory ? path : file, directory, sourceRoot);
                if (best.isEmpty() || located.path().length() < best.get().path().length()) {
                    best = Optional.of(located);
                }
            }
        }
        return best;
    }

    /** A directory of the repository that is no module of its own (no index file): its files move with it. */
    private static Optional<Located> locateDirectory(String path, List<String> files) {
        for (String file : files) {
            if (file.startsWith(path + "/")) {
                return Optional.of(new Located(path, true, "."));
            }
        }
        return Optional.empty();
    }

    private static Optional<Located> locateScript(String module, List<String> files) {
        String stem = module.replaceFirst("\\.(?:[cm]?[jt]sx?)$", "");
        for (String file : files) {
            String fileStem = file.replaceFirst("\\.(?:[cm]?[jt]sx?)$", "");
            if (!fileStem.equals(file) && (fileStem.equals(stem) || fileStem.equals(stem + "/index"))) {
                return Optional.of(new Located(file, false, "."));
            }
        }
        return Optional.empty();
    }

    /** The file or directory move the goal asks for, as built-in tasks, and where each path ends up. */
    private record Move(String source, String target, boolean directory, List<String> companions) {
        Move(String source, String target, boolean directory) {
            this(source, target, directory, List.of());
        }

        /** The same move, with the module's type stub ({@code mod.pyi} beside {@code mod.py}) moving along. */
        Move withStub(List<String> files) {
            String stub = source.replaceFirst("\\.py$", ".pyi");
            return source.endsWith(".py") && files.contains(stub) ? new Move(source, target, directory, List.of(stub)) : this;
        }

        static Move of(Located old, String from, String to, boolean paths) {
            String target;
            if (paths && old.directory()) {
                return new Move(old.path(), to, true);
            }
            if (paths) {
                String extension = old.path().substring(old.path().lastIndexOf('.'));
                String stem = to.replaceFirst("\\.(?:[cm]?[jt]sx?)$", "");
                target = old.path().endsWith("/index" + extension) ? stem + "/index" + extension : stem + extension;
            } else {
                String relative = to.replace('.', '/');
                String base = old.sourceRoot().equals(".") ? relative : old.sourceRoot() + "/" + relative;
                target = old.directory() ? base : base + old.path().substring(old.path().lastIndexOf('.'));
            }
            String source = old.path();
            if (paths && old.path().contains("/index.")) {
                source = RepositoryFiles.directoryOf(old.path());
                target = RepositoryFiles.directoryOf(target);
                return new Move(source, target, true);
            }
            return new Move(source, target, old.directory());
        }

        String pathAfter(String path) {
            if (path.equals(source)) {
                return target;
            }
            if (companions.contains(path)) {
                return target.replaceFirst("\\.py$", ".pyi");
            }
            return directory && path.startsWith(source + "/") ? target + path.substring(source.length()) : path;
        }

        List<String> tasks(PlanBuilder builder) {
            List<String> ids = new ArrayList<>();
            String sourceDirectory = RepositoryFiles.directoryOf(source);
            String targetDirectory = RepositoryFiles.directoryOf(target);
            String oldName = RepositoryFiles.nameOf(source);
            String newName = RepositoryFiles.nameOf(target);
            FileAction.EntryType type = directory ? FileAction.EntryType.DIR : FileAction.EntryType.FILE;
            List<String> moving = new ArrayList<>(List.of(source));
            moving.addAll(companions);
            List<String> current = moving;
            if (!sourceDirectory.equals(targetDirectory)) {
                ids.add(builder.builtin("move-module", "Move " + String.join(", ", moving) + " into " + targetDirectory + "/",
                        Roles.FILE_OPERATOR, new Action.Builtin(new FileAction.Move(new FileAction.Scope(List.of(), moving, List.of()),
                                targetDirectory)),
                        Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), List.of()));
                current = new ArrayList<>();
                for (String path : moving) {
                    current.add(targetDirectory.equals(".") ? RepositoryFiles.nameOf(path) : targetDirectory + "/" + RepositoryFiles.nameOf(path));
                }
            }
            if (!oldName.equals(newName)) {
                boolean stubs = !companions.isEmpty();
                String pattern = stubs ? "^" + java.util.regex.Pattern.quote(oldName.replaceFirst("\\.py$", "")) + "(\\.pyi?)$"
                        : "^" + java.util.regex.Pattern.quote(oldName) + "$";
                String to = stubs ? newName.replaceFirst("\\.py$", "").replace("$", "\\$") + "$1" : newName.replace("$", "\\$");
                ids.add(builder.builtin("rename-module-file", "Rename " + String.join(", ", current) + " to " + newName
                        + (stubs ? " (and its stub)" : ""), Roles.FILE_OPERATOR,
                        new Action.Builtin(new FileAction.Rename(new FileAction.Scope(List.of(), current, List.of()), pattern, to, type)),
                        Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), List.copyOf(ids)));
            }
            return ids;
        }
    }

    /** Whether a Python package directory has its __init__.py. */
    private static final class PythonParent {
        private PythonParent() {}

        static boolean hasInit(String target, List<String> files, String sourceRoot) {
            String directory = RepositoryFiles.directoryOf(target);
            return directory.equals(sourceRoot) || directory.equals(".") || files.contains(directory + "/__init__.py");
        }
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }
}
