package dev.wave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PlanLoaderTest {
    private static Plan yaml(String text) {
        return PlanLoader.parse("plan.yaml", text, false);
    }

    private static void refused(String text, String message) {
        assertThatThrownBy(() -> yaml(text))
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT));
    }

    @Test
    void parse_fullTask_readsEveryKey() {
        Plan plan = yaml("""
                name: release
                tasks:
                  - id: build
                    title: Build it
                    run: make
                    estimate: 90s
                    role: Build Engineer
                    critical: true
                    timeout: 5m
                    retries: 2
                    env: {FOO: bar, N: 3}
                  - id: test
                    run: make test
                    depends_on: build
                """);

        assertThat(plan.tasks()).containsExactly(
                new Task("build", "Build it", new Action.Shell("make"), List.of(), Optional.of(Duration.ofSeconds(90)),
                        Optional.of("Build Engineer"), true, Optional.of(Duration.ofMinutes(5)), 2,
                        Map.of("FOO", "bar", "N", "3")),
                Task.shell("test", "make test", List.of("build")));
    }

    @Test
    void parse_jsonAndYaml_giveTheSamePlan() {
        Plan fromJson = PlanLoader.parse("plan.json", """
                {"tasks": [{"id": "a", "run": "true", "estimate": "1h30m"},
                           {"id": "b", "prompt": "fix it", "depends_on": ["a"]},
                           {"id": "c", "action": {"name": "find", "glob": "*.py"}}]}
                """, true);
        Plan fromYaml = yaml("""
                tasks:
                  - {id: a, run: "true", estimate: 1h30m}
                  - {id: b, prompt: fix it, depends_on: [a]}
                  - id: c
                    action: {name: find, glob: "*.py"}
                """);

        assertThat(fromJson.tasks()).isEqualTo(fromYaml.tasks());
        assertThat(((Action.Builtin) fromJson.task(2).action()).fileAction().toPlanMap())
                .isEqualTo(Map.of("name", "find", "glob", "*.py"));
    }

    @Test
    void load_file_usesExtensionForFormat(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("p.json");
        Files.writeString(file, "{\"tasks\": [{\"id\": \"a\", \"run\": \"true\"}]}");

        assertThat(PlanLoader.load(file).task(0).id()).isEqualTo("a");
    }

    @Test
    void load_missingFile_saysSo(@TempDir Path directory) {
        Path file = directory.resolve("nope.yaml");
        assertThatThrownBy(() -> PlanLoader.load(file))
                .hasMessage(file + ": no such plan file. Check the path given to --plan.");
    }

    @Test
    void unknownKey_isRefused() {
        refused("""
                tasks:
                  - id: a
                    run: "true"
                    depend_on: [b]
                """, "plan.yaml: task \"a\" has unknown key \"depend_on\" (known: action, agent, critical, depends_on, description, "
                + "env, estimate, id, network, prompt, retries, role, run, scope, timeout, title, type, verify). Remove it or fix its spelling.");
    }

    @Test
    void unknownTopLevelKey_isRefused() {
        refused("taks: []\n", "plan.yaml: the plan has unknown key \"taks\" (known: agents, critical_in_prompts, description, name, overlapping_scopes, tasks). "
                + "Remove it or fix its spelling.");
    }

    @Test
    void duplicateIds_areRefused() {
        refused("""
                tasks:
                  - {id: a, run: "true"}
                  - {id: b, run: "true"}
                  - {id: a, run: "false"}
                """, "plan.yaml: task \"a\" is defined twice (tasks 1 and 3). Give each task a unique id.");
    }

    @Test
    void unknownDependency_isRefused() {
        refused("""
                tasks:
                  - {id: api, run: "true"}
                  - {id: db, run: "true"}
                  - {id: migrate, run: "true", depends_on: [schema]}
                """, "plan.yaml: task \"migrate\" depends on unknown task \"schema\" (known: api, db, migrate). "
                + "Fix depends_on or add the task.");
    }

    @Test
    void taskWithNoKind_isRefused() {
        refused("tasks:\n  - {id: a, title: nothing}\n",
                "plan.yaml: task \"a\" has nothing to do. Give it exactly one of run (a shell command), "
                        + "action (a built-in) or prompt (an agent).");
    }

    @Test
    void taskWithTwoKinds_isRefused() {
        refused("tasks:\n  - {id: a, run: ls, prompt: list files}\n",
                "plan.yaml: task \"a\" has both run and prompt. Give it exactly one of run (a shell command), "
                        + "action (a built-in) or prompt (an agent).");
    }

    @Test
    void badDuration_isRefused() {
        refused("tasks:\n  - {id: a, run: ls, estimate: 5 minutes}\n",
                "plan.yaml: task \"a\" has estimate \"5 minutes\", which is not a duration. "
                        + "Use a number with a unit, like 90s, 5m or 1h30m.");
        refused("tasks:\n  - {id: a, run: ls, timeout: 0s}\n",
                "plan.yaml: task \"a\" has timeout \"0s\", which is zero. "
                        + "Use a positive duration, like 90s, 5m or 1h30m, or leave timeout out for none.");
    }

    @Test
    void emptyPlan_isRefused() {
        String message = "plan.yaml: the plan has no tasks. Add at least one task under \"tasks:\".";
        refused("", message);
        refused("tasks: []\n", message);
        refused("name: x\n", message);
    }

    @Test
    void cycle_isPrintedAsItsPath() {
        refused("""
                tasks:
                  - {id: start, run: "true"}
                  - {id: a, run: "true", depends_on: [start, b]}
                  - {id: b, run: "true", depends_on: [c]}
                  - {id: c, run: "true", depends_on: [a]}
                """, "plan.yaml: tasks form a dependency cycle: a -> b -> c -> a (each depends on the next). "
                + "Remove one of these depends_on entries.");
    }

    @Test
    void selfDependency_isACycle() {
        refused("tasks:\n  - {id: a, run: ls, depends_on: [a]}\n",
                "plan.yaml: tasks form a dependency cycle: a -> a (each depends on the next). "
                        + "Remove one of these depends_on entries.");
    }

    @Test
    void missingId_namesThePosition() {
        refused("tasks:\n  - {id: a, run: ls}\n  - {run: ls}\n", "plan.yaml: task 2 has no id. Add \"id: <name>\" to it.");
    }

    @Test
    void idUnfitForFileNames_isRefused() {
        refused("tasks:\n  - {id: ../x, run: ls}\n", "plan.yaml: task \"../x\" has an id wave cannot use as a file name. "
                + "Use letters, digits, '.', '_' and '-', starting with a letter or digit.");
    }

    @Test
    void network_isOffUnlessTheTaskAsks_andMustBeABoolean() {
        Plan plan = yaml("tasks:\n  - {id: a, run: ls}\n  - {id: b, run: curl -O x, network: true}\n");

        assertThat(plan.task(0).network()).isFalse();
        assertThat(plan.task(1).network()).isTrue();
        refused("tasks:\n  - {id: a, run: ls, network: sometimes}\n",
                "plan.yaml: task \"a\" has network \"sometimes\". Write true or false.");
    }

    @Test
    void badRetriesAndCritical_areRefused() {
        refused("tasks:\n  - {id: a, run: ls, retries: -1}\n",
                "plan.yaml: task \"a\" has retries -1. Write a whole number from 0 to 100.");
        refused("tasks:\n  - {id: a, run: ls, critical: yes please}\n",
                "plan.yaml: task \"a\" has critical \"yes please\". Write true or false.");
    }

    @Test
    void syntaxError_namesOnePosition_inOneLine() {
        assertThatThrownBy(() -> yaml("tasks:\n  - id: a\n    depends_on: [b\n  - id: b\n"))
                .hasMessage("plan.yaml:4:7: not valid YAML: expected ',' or ']', but got ':' (while parsing a flow sequence "
                        + "from line 3). Fix the syntax there.");
    }

    @Test
    void duplicateKey_isASyntaxError() {
        assertThatThrownBy(() -> yaml("tasks:\n  - id: a\n    run: ls\n    run: pwd\n"))
                .hasMessageStartingWith("plan.yaml:4:").hasMessageContaining(": not valid YAML: Duplicate field 'run'")
                .hasMessageEndingWith("Fix the syntax there.");
    }
}
