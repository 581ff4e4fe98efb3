package dev.wave.action;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.wave.imports.ModuleRename;
import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rename-module action: rewrites the references to a module in each selected source file with
 * {@link ModuleRename}, skipping links, binary files, files that are not UTF-8 and files of other
 * languages. Each file is read and replaced atomically through its directory held open from the
 * repository ({@link Tree}), so a directory swapped for a link mid-action changes nothing outside,
 * keeping its permissions.
 */
final class RenameModule {
    private RenameModule() {}

    static String run(FileAction.RenameModule action, Workspace workspace, Tree tree, Changes changes) throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(action.scope(), FileAction.EntryType.FILE, Workspace.Reach.EXPAND, missing);
        if (!missing.isEmpty()) {
            throw new ActionFailure("paths entry \"%s\" does not exist, so no reference was rewritten. Fix the path or remove it",
                    missing.get(0));
        }
        ModuleRename rename = action.rename();
        int searched = 0;
        int files = 0;
        long references = 0;
        long mentions = 0;
        for (Entry entry : entries) {
            if (entry.kind() != Entry.Kind.FILE || rename.language(entry.relative()) == ModuleRename.Language.OTHER
                    || entry.attributes().size() > AtomicFiles.MAX_TEXT_FILE_BYTES) {
                continue;
            }
            workspace.checkStop();
            searched++;
            Directory directory = tree.parentOf(entry.relative());
            byte[] content = AtomicFiles.read(directory, entry.name());
            if (TextEdit.isBinary(content)) {
                continue;
            }
            String text;
            try {
                text = UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
            } catch (CharacterCodingException e) {
                changes.log("skipped " + entry.relative() + ": not UTF-8 text");
                continue;
            }
            ModuleRename.Edit edit = rename.rewrite(entry.relative(), text);
            if (edit.commentMentions() > 0 && !action.comments()) {
                changes.log("left " + Summaries.plural(edit.commentMentions(), "mention") + " in comments of "
                        + entry.relative() + " (comments: true changes them)");
            }
            mentions += edit.commentMentions();
            if (!edit.text().equals(text)) {
                AtomicFiles.replace(directory, entry.name(), edit.text().getBytes(UTF_8), entry.attributes());
                changes.changed(entry.relative());
                changes.log("rewrote " + Summaries.plural(edit.references(), "reference") + " in " + entry.relative());
                files++;
                references += edit.references();
            }
        }
        return "rewrote " + references + (references == 1 ? " reference" : " references") + " to " + action.from() + " in "
                + Summaries.plural(files, "file") + " (searched " + Summaries.plural(searched, "source file")
                + (mentions > 0 && !action.comments() ? "; " + mentions + " in comments left as they were" : "") + ")";
    }
}
