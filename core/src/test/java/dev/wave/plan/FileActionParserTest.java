package dev.wave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wave.WaveException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

final class FileActionParserTest {
    private static FileAction parse(String action) {
        Plan plan = PlanLoader.parse("plan.yaml", "tasks:\n  - id: t\n    action: " + action + "\n", false);
        return ((Action.Builtin) plan.task(0).action()).fileAction();
    }

    @Test
    void replace_parsesScopeAndText() {
        assertThat(parse("{name: replace, glob: '**/*.py', exclude: [build/**], find: recieve, with: receive}"))
                .isEqualTo(new FileAction.Replace(new FileAction.Scope(List.of("**/*.py"), List.of(), List.of("build/**")),
                        FileAction.TextPattern.literal("recieve"), "receive"));
    }

    @Test
    void shortForm_isTheActionWithDefaults() {
        assertThat(parse("remove-empty-dirs")).isEqualTo(FileAction.RemoveEmptyDirs.wholeRepository());
        assertThat(parse("find")).isEqualTo(
                new FileAction.Find(FileAction.Scope.wholeRepository(), FileAction.EntryType.ANY, Optional.empty()));
    }

    @Test
    void pathsAndGlobs_areNormalized() {
        FileAction.Delete delete = (FileAction.Delete) parse("{name: delete, paths: ['./src//old/', 'a/../b'], glob: ['./**/__pycache__/']}");

        assertThat(delete.scope().paths()).containsExactly("src/old", "b");
        assertThat(delete.scope().globs()).containsExactly("**/__pycache__");
    }

    @Test
    void everyAction_roundTripsThroughItsPlanMap() throws Exception {
        List<FileAction> actions = List.of(
                parse("{name: find, paths: [src], glob: '**/*.py', type: file, contains: 'TODO\\s', regex: true}"),
                parse("{name: delete, glob: ['**/*.pyc', '**/.DS_Store'], exclude: [vendor/**], type: file}"),
                parse("{name: replace, paths: [a.py], find: 'x(\\d)', with: 'y$1', regex: true}"),
                parse("{name: replace, glob: '**', find: a, with: ''}"),
                parse("{name: rename, glob: '**/*.jpeg', pattern: '\\.jpeg$', to: .jpg, type: any}"),
                parse("{name: move, glob: '*.log', to: logs/archive}"),
                parse("{name: remove-empty-dirs, under: [src, docs], exclude: ['**/keep']}"),
                parse("remove-empty-dirs"));
        YAMLMapper yaml = new YAMLMapper();
        for (FileAction action : actions) {
            String text = yaml.writeValueAsString(action.toPlanMap()).replaceFirst("^---\\s*", "");
            String flow = yaml.writeValueAsString(Map.of("tasks", List.of(Map.of("id", "t", "action", action.toPlanMap()))));
            assertThat(parse("\n" + text.indent(6).stripTrailing())).as(text).isEqualTo(action);
            assertThat(((Action.Builtin) PlanLoader.parse("plan.yaml", flow, false).task(0).action()).fileAction())
                    .isEqualTo(action);
        }
        assertThat(parse("remove-empty-dirs").toPlanMap()).isEqualTo(Map.of("name", "remove-empty-dirs"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            frobnicate | plan.yaml: task "t" has action "frobnicate", which wave does not have. Use one of find, delete, replace, rename, move, remove-empty-dirs, rename-module.
            {glob: '*'} | plan.yaml: task "t" has an action without a name. Add name: <one of find, delete, replace, rename, move, remove-empty-dirs, rename-module>.
            [find] | plan.yaml: task "t" has action a list. Name the built-in action, for example "action: find".
            {name: replace, find: a, with: b, replace: c} | plan.yaml: task "t" action replace has unknown key "replace" (known: exclude, find, glob, name, paths, regex, with). Remove it or fix its spelling.
            {name: replace, glob: '*', with: b} | plan.yaml: task "t" action replace has no "find". Add find: <the text to replace>.
            {name: replace, find: a} | plan.yaml: task "t" action replace has no "with". Add with: <the new text ("" to delete it)>.
            {name: replace, find: '', with: b} | plan.yaml: task "t" action replace has an empty find. Give the text to replace.
            {name: replace, find: 12, with: b} | plan.yaml: task "t" action replace has find 12; it must be text. Quote it: find: "12".
            {name: replace, find: a, with: b, regex: 'yes'} | plan.yaml: task "t" action replace has regex "yes". Write true or false.
            {name: replace, find: 'a(', with: b, regex: true} | plan.yaml: task "t" action replace has find "a(": it does not compile (Unclosed group near index 2). Fix the regular expression, or remove regex: true to match it as plain text.
            {name: replace, find: 'a(b)', with: '$2', regex: true} | plan.yaml: task "t" action replace has with "$2": it refers to group $2, but the pattern has 1 group. Refer to groups as $1 or ${name}; write \\$ for a literal $.
            {name: replace, find: 'a', with: 'cost: 5$', regex: true} | plan.yaml: task "t" action replace has with "cost: 5$": it ends with a lone $. Refer to groups as $1 or ${name}; write \\$ for a literal $.
            {name: delete} | plan.yaml: task "t" action delete has no glob or paths. Add glob: "<pattern>" or paths: [<file or directory>] to say what to delete.
            {name: delete, paths: ['.']} | plan.yaml: task "t" action delete has paths entry ".": it is the repository itself. Name what to delete inside it.
            {name: delete, paths: ['../other']} | plan.yaml: task "t" action delete has paths entry "../other": it is outside the repository. Use a path inside the repository, relative to it.
            {name: delete, paths: ['src/../../x']} | plan.yaml: task "t" action delete has paths entry "src/../../x": it is outside the repository. Use a path inside the repository, relative to it.
            {name: delete, paths: ['/etc/passwd']} | plan.yaml: task "t" action delete has paths entry "/etc/passwd": it is absolute. Use a path inside the repository, relative to it.
            {name: delete, paths: ['.git/config']} | plan.yaml: task "t" action delete has paths entry ".git/config": it is inside .git, which wave never changes. Use a path inside the repository, relative to it.
            {name: delete, glob: '/tmp/*'} | plan.yaml: task "t" action delete has glob "/tmp/*": it is absolute. Write globs relative to the repository, for example "**/*.log".
            {name: delete, glob: '../*.py'} | plan.yaml: task "t" action delete has glob "../*.py": it reaches outside the repository with "..". Write globs relative to the repository, for example "**/*.log".
            {name: delete, glob: 'src/{a,{b}}'} | plan.yaml: task "t" action delete has glob "src/{a,{b}}": it is not a valid glob (Cannot nest groups at index 7). Write globs relative to the repository, for example "**/*.log".
            {name: delete, glob: {a: b}} | plan.yaml: task "t" action delete has glob a mapping; it must be a glob or a list of globs, for example glob: "**/*.log".
            {name: delete, glob: '*', type: files} | plan.yaml: task "t" action delete has type "files". Use file, dir or any.
            {name: find, regex: true} | plan.yaml: task "t" action find has regex: true but no contains. Add contains: <a regular expression>, or remove regex.
            {name: find, contains: x, type: dir} | plan.yaml: task "t" action find has contains with type: dir, but only files hold text. Use type: file, or remove contains.
            {name: rename, pattern: 'a'} | plan.yaml: task "t" action rename has no "to". Add to: <the replacement for the matched part, which may use $1>.
            {name: rename, pattern: '*.py', to: x} | plan.yaml: task "t" action rename has pattern "*.py": it does not compile (Dangling meta character '*' near index 0). Fix the regular expression.
            {name: rename, pattern: a, to: 'b/c'} | plan.yaml: task "t" action rename has to "b/c": a new name cannot contain "/". Use the move action to change directories.
            {name: rename, pattern: '(?<stem>\\w+)', to: '${base}'} | plan.yaml: task "t" action rename has to "${base}": it refers to group ${base}, which the pattern does not define. Refer to groups as $1 or ${name}; write \\$ for a literal $.
            {name: move, glob: '*.log'} | plan.yaml: task "t" action move has no "to". Add to: <the directory to move into, relative to the repository>.
            {name: move, glob: '*.log', to: '../logs'} | plan.yaml: task "t" action move has to "../logs": it is outside the repository. Use a path inside the repository, relative to it.
            {name: move, to: logs} | plan.yaml: task "t" action move has no glob or paths. Add glob: "<pattern>" or paths: [<file or directory>] to say what to move.
            {name: remove-empty-dirs, under: '.wave/runs'} | plan.yaml: task "t" action remove-empty-dirs has under entry ".wave/runs": it is inside .wave, which wave never changes. Use a path inside the repository, relative to it.
            {name: remove-empty-dirs, glob: '*'} | plan.yaml: task "t" action remove-empty-dirs has unknown key "glob" (known: exclude, name, under). Remove it or fix its spelling.
            """)
    void badParameters_areRefusedAtLoad_withOneLine(String action, String message) {
        assertThatThrownBy(() -> parse(action))
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .extracting(e -> ((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT);
    }

    @Test
    void records_refuseWhatTheParserRefuses() {
        assertThatThrownBy(() -> new FileAction.Delete(FileAction.Scope.wholeRepository(), FileAction.EntryType.ANY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("delete needs a glob or paths");
        assertThatThrownBy(() -> FileAction.Scope.ofPaths("../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("path \"../x\" is outside the repository");
        assertThatThrownBy(() -> FileAction.Scope.ofGlobs("a/../../b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("glob \"a/../../b\" reaches outside the repository with \"..\"");
        assertThatThrownBy(() -> FileAction.TextPattern.regex("("))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("regex does not compile");
        assertThatThrownBy(() -> new FileAction.Move(FileAction.Scope.ofGlobs("*.log"), ".git/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("to is inside .git, which wave never changes");
    }
}
