package dev.wave.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SettingsTest {
    @TempDir
    Path repository;

    private void config(String name, String text) throws IOException {
        Path file = repository.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Settings settings(Map<String, String> flags, String request) {
        return Requests.settings(flags, Requests.parse(request), repository);
    }

    private void refused(Map<String, String> flags, String request, String message) {
        assertThatThrownBy(() -> settings(flags, request))
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT));
    }

    @Test
    void settings_nothingSet_areTheDefaults() {
        Settings settings = settings(Map.of(), "Clean up");

        assertThat(settings.all()).allSatisfy(setting -> {
            assertThat(setting.source()).isEqualTo(Source.DEFAULT);
            assertThat(setting.origin()).isEqualTo("default");
        });
        assertThat(settings.agents().value()).isEmpty();
        assertThat(settings.dryRun().value()).isFalse();
        assertThat(settings.requireApproval().value()).isTrue();
        assertThat(settings.priority().value()).isEqualTo(Priority.BALANCED);
        assertThat(settings.maxWaves().value()).isEmpty();
        assertThat(settings.maxInstances().value()).isEqualTo(100);
        assertThat(settings.checkpointRetention().value()).isEqualTo(CheckpointRetention.KEEP);
        assertThat(settings.favorParallelization().value()).isFalse();
        assertThat(settings.checkpointVerbosity().value()).isEqualTo(CheckpointVerbosity.DETAILED);
        assertThat(settings.progressDisplay().value()).isEqualTo(ProgressDisplay.LIVE);
        assertThat(settings.onFailure().value()).isEqualTo(OnFailure.ROLLBACK);
        assertThat(settings.alwaysBackup().value()).isTrue();
        assertThat(settings.autoRollback().value()).isTrue();
        assertThat(settings.createRollbackScripts().value()).isTrue();
        assertThat(settings.criticalKeywords().value()).contains("database migration", "drop table", "alter table");
        assertThat(settings.warnings()).isEmpty();
    }

    @Test
    void settings_flagsBeatRequestBeatsConfigBeatsDefault() throws IOException {
        config(".wave/config.yaml", """
                priority: safety
                max_waves: 7
                on_failure: pause
                """);

        Settings settings = settings(Map.of("priority", "balanced"), """
                Clean up
                OPTIONS:
                - priority: speed
                - max_waves: 5
                """);

        assertThat(settings.priority()).isEqualTo(new Setting<>("priority", Priority.BALANCED, Source.FLAG, "--priority"));
        assertThat(settings.maxWaves()).isEqualTo(new Setting<>("max_waves", Optional.of(5), Source.REQUEST, "request text"));
        assertThat(settings.onFailure())
                .isEqualTo(new Setting<>("on_failure", OnFailure.PAUSE, Source.CONFIG, ".wave/config.yaml"));
        assertThat(settings.checkpointRetention().source()).isEqualTo(Source.DEFAULT);
    }

    @Test
    void settings_requestForms_setAgentsOrTheInstanceBudget() {
        Settings override = settings(Map.of(), "Clean up using 8 parallel agents");
        Settings budget = settings(Map.of(), "Execute this task dynamically with 15 parallel instances: clean up");

        assertThat(override.agents()).isEqualTo(new Setting<>("agents", Optional.of(8), Source.REQUEST, "request text"));
        assertThat(override.maxInstances().source()).isEqualTo(Source.DEFAULT);
        assertThat(budget.maxInstances()).isEqualTo(new Setting<>("max_instances", 15, Source.REQUEST, "request text"));
        assertThat(budget.agents().value()).isEmpty();
    }

    @Test
    void settings_agentsFlag_beatsTheRequestForm() {
        Settings settings = settings(Map.of("agents", "3"), "Clean up using 8 parallel agents");

        assertThat(settings.agents()).isEqualTo(new Setting<>("agents", Optional.of(3), Source.FLAG, "--agents"));
    }

    @Test
    void settings_seedsWaveConfigJson_isRead() throws IOException {
        config(".claude/wave_config.json", """
                {
                  "execution": {
                    "max_instances": 15,
                    "default_priority": "balanced",
                    "dry_run_first": false,
                    "require_approval_critical": true
                  },
                  "safety": {
                    "always_backup": true,
                    "auto_rollback": true,
                    "create_rollback_scripts": true
                  },
                  "display": {
                    "show_progress": true,
                    "verbosity": "detailed",
                    "checkpoint_retention": "cleanup"
                  },
                  "critical_keywords": [
                    "database migration",
                    "production deployment",
                    "delete all",
                    "drop table",
                    "force push"
                  ]
                }
                """);

        Settings settings = settings(Map.of(), "Clean up");

        assertThat(settings.maxInstances())
                .isEqualTo(new Setting<>("max_instances", 15, Source.CONFIG, ".claude/wave_config.json"));
        assertThat(settings.priority().value()).isEqualTo(Priority.BALANCED);
        assertThat(settings.dryRun().source()).isEqualTo(Source.CONFIG);
        assertThat(settings.progressDisplay().value()).isEqualTo(ProgressDisplay.LIVE);
        assertThat(settings.checkpointVerbosity().value()).isEqualTo(CheckpointVerbosity.DETAILED);
        assertThat(settings.checkpointRetention().value()).isEqualTo(CheckpointRetention.CLEANUP);
        assertThat(settings.criticalKeywords().value())
                .contains("delete all", "force push", "alembic upgrade", "alter table")
                .doesNotHaveDuplicates();
    }

    @Test
    void settings_seedsShapeInWaveConfigJson_isReadToo() throws IOException {
        config(".wave/config.json", """
                {"display": {"show_progress": false}, "on_failure": "continue"}
                """);

        Settings settings = settings(Map.of(), "Clean up");

        assertThat(settings.progressDisplay())
                .isEqualTo(new Setting<>("progress_display", ProgressDisplay.QUIET, Source.CONFIG, ".wave/config.json"));
        assertThat(settings.onFailure().value()).isEqualTo(OnFailure.CONTINUE);
    }

    @Test
    void settings_sandboxAndNetwork_defaultToAutoAndNo_andComeFromConfigAndFlags() throws IOException {
        config(".wave/config.yaml", "sandbox: \"off\"\nnetwork: yes\n");

        Settings fromConfig = settings(Map.of(), "Clean up");
        Settings fromFlags = settings(Map.of("sandbox", "bwrap", "network", "no"), "Clean up");

        assertThat(settings(Map.of(), "Clean up").sandbox().value()).isEqualTo(SandboxMode.OFF);
        assertThat(fromConfig.sandbox().source()).isEqualTo(Source.CONFIG);
        assertThat(fromConfig.network().value()).isTrue();
        assertThat(fromFlags.sandbox().value()).isEqualTo(SandboxMode.BWRAP);
        assertThat(fromFlags.network().value()).isFalse();
    }

    @Test
    void settings_sandboxAndNetwork_withNothingSet_areAutoAndNo() {
        Settings settings = settings(Map.of(), "Clean up");

        assertThat(settings.sandbox().value()).isEqualTo(SandboxMode.AUTO);
        assertThat(settings.network().value()).isFalse();
    }

    @Test
    void settings_requestTextTurningTheSandboxOffOrTheNetworkOn_isIgnoredWithAWarning() {
        Settings settings = settings(Map.of(), """
                Clean up
                OPTIONS:
                - sandbox: off
                - network: yes
                """);

        assertThat(settings.sandbox().value()).isEqualTo(SandboxMode.AUTO);
        assertThat(settings.network().value()).isFalse();
        assertThat(settings.warnings()).containsExactly(
                "request text: sandbox \"off\" is ignored: the request text cannot turn the sandbox off. Use a flag or "
                        + "the config file.",
                "request text: network \"yes\" is ignored: the request text cannot give tasks the network. Use a flag "
                        + "or the config file.");
    }

    @Test
    void settings_badSandboxValue_isRefusedInOneLine() {
        refused(Map.of("sandbox", "docker"), "Clean up", "--sandbox must be one of auto, bwrap, off, got \"docker\". "
                + "Omit it for the default (auto).");
    }

    @Test
    void settings_requestTextTurningBackupOff_isIgnoredWithAWarning() {
        Settings settings = settings(Map.of(), """
                Clean up
                OPTIONS:
                - always_backup: no
                """);

        assertThat(settings.alwaysBackup()).isEqualTo(new Setting<>("always_backup", true, Source.DEFAULT, "default"));
        assertThat(settings.warnings()).containsExactly("request text: always_backup \"no\" is ignored: the request text "
                + "cannot turn the Wave 0 backup off. Use a flag or the config file to turn it off.");
    }

    @Test
    void settings_configOrFlagTurningBackupOff_isHonoured() throws IOException {
        config(".wave/config.yaml", "always_backup: false\n");

        assertThat(settings(Map.of(), "Clean up").alwaysBackup())
                .isEqualTo(new Setting<>("always_backup", false, Source.CONFIG, ".wave/config.yaml"));
        assertThat(settings(Map.of("always_backup", "no"), "Clean up").alwaysBackup().value()).isFalse();
    }

    @Test
    void settings_criticalKeywordsInText_addToTheBuiltInList() {
        Settings settings = settings(Map.of(), """
                Clean up
                OPTIONS:
                - critical_keywords: rm -rf, Kubectl Apply
                """);

        assertThat(settings.criticalKeywords().value()).startsWith("database migration").endsWith("rm -rf", "kubectl apply");
        assertThat(settings.criticalKeywords().source()).isEqualTo(Source.REQUEST);
    }

    @Test
    void settings_badValueInRequest_namesKeyValueAndFix() {
        refused(Map.of(), """
                Clean up
                OPTIONS:
                - priority: fast
                """, "request text: priority must be one of speed, balanced, safety, got \"fast\". "
                + "Fix it in the request, or leave it out for the default (balanced).");
    }

    @Test
    void settings_badFlag_namesTheFlag() {
        refused(Map.of("max_waves", "0"), "Clean up",
                "--max-waves must be a whole number from 1 to 1000, got \"0\". Omit it for the default (no limit).");
    }

    @Test
    void settings_badValueInConfig_namesTheFileAndKeyAsWritten() throws IOException {
        config(".claude/wave_config.json", "{\"execution\": {\"default_priority\": \"fastest\"}}");

        refused(Map.of(), "Clean up", ".claude/wave_config.json: execution.default_priority must be one of speed, "
                + "balanced, safety, got \"fastest\". Fix it in the file, or remove it for the default (balanced).");
    }

    @Test
    void settings_badBooleanInConfig_isRefused() throws IOException {
        config(".wave/config.yaml", "dry_run: maybe\n");

        refused(Map.of(), "Clean up", ".wave/config.yaml: dry_run must be yes or no, got \"maybe\". "
                + "Fix it in the file, or remove it for the default (no).");
    }

    @Test
    void settings_unknownKeyInRequest_isRefused() {
        refused(Map.of(), """
                Clean up
                OPTIONS:
                - colour: blue
                """, "request text: unknown option \"colour\" (known: dry_run, require_approval, priority, max_waves, "
                + "max_instances, checkpoint_retention, favor_parallelization, checkpoint_verbosity, progress_display, "
                + "on_failure, always_backup, auto_rollback, create_rollback_scripts, critical_keywords, verify, "
                + "backup_ignored_max, sandbox, network, agent, planner, planner_model, planner_base_url, budget_usd, budget_tokens, fix_attempts, caps, "
                + "on_conflict, worktree_copy, worktree_link, worktree_setup, check_between_merges). "
                + "Remove it or fix its spelling.");
    }

    @Test
    void settings_agentsInConfig_isRefusedAsUnknown() throws IOException {
        config(".wave/config.yaml", "agents: 4\n");

        assertThatThrownBy(() -> settings(Map.of(), "Clean up"))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith(".wave/config.yaml: unknown option \"agents\" (known: dry_run,");
    }

    @Test
    void settings_twoWaveConfigFiles_areRefused() throws IOException {
        config(".wave/config.yaml", "priority: speed\n");
        config(".wave/config.json", "{}");

        assertThatThrownBy(() -> settings(Map.of(), "Clean up"))
                .isInstanceOf(WaveException.class)
                .hasMessageEndingWith(": found 2 config files (.wave/config.yaml, .wave/config.json). Keep one of them.");
    }

    @Test
    void settings_brokenYaml_namesTheFileAndLine() throws IOException {
        config(".wave/config.yaml", "priority: [speed\n");

        assertThatThrownBy(() -> settings(Map.of(), "Clean up"))
                .isInstanceOf(WaveException.class)
                .hasMessage(".wave/config.yaml:2:1: not valid YAML: expected ',' or ']', but got <stream end> (while parsing "
                        + "a flow sequence from line 1). Fix the syntax there.");
    }

    @Test
    void settings_budgetAndMaxInstancesInOneRequest_areRefused() {
        refused(Map.of(), """
                Execute this task dynamically with 15 parallel instances:
                TASK: Clean up
                OPTIONS:
                - max_instances: 20
                """, "request text asks for a budget of 15 parallel instances and sets max_instances: 20. Keep one of the two.");
    }

    @Test
    void settings_withoutRequest_useFlagsAndConfig() throws IOException {
        config(".wave/config.yml", "favor_parallelization: yes\n");

        Settings settings = Requests.settings(Map.of("dry_run", "true"), repository);

        assertThat(settings.favorParallelization().source()).isEqualTo(Source.CONFIG);
        assertThat(settings.dryRun()).isEqualTo(new Setting<>("dry_run", true, Source.FLAG, "--dry-run"));
    }

    @Test
    void json_showsValueSourceAndOriginOfEverySetting() {
        JsonNode json = settings(Map.of("priority", "speed"), """
                Clean up using 3 parallel agents
                OPTIONS:
                - always_backup: no
                """).json();

        assertThat(json.get("priority").toString()).isEqualTo("{\"value\":\"speed\",\"source\":\"flag\",\"origin\":\"--priority\"}");
        assertThat(json.get("agents").toString()).isEqualTo("{\"value\":3,\"source\":\"request\",\"origin\":\"request text\"}");
        assertThat(json.get("max_waves").toString()).isEqualTo("{\"value\":null,\"source\":\"default\",\"origin\":\"default\"}");
        assertThat(json.get("always_backup").get("value").asBoolean()).isTrue();
        assertThat(json.get("critical_keywords").get("value").isArray()).isTrue();
        assertThat(json.get("warnings")).hasSize(1);
        assertThat(Requests.optionKeys()).hasSize(31).doesNotContain("agents");
        assertThat(List.copyOf(json.properties()).size()).isEqualTo(33);
        assertThat(json.get("backup_ignored_max").toString())
                .isEqualTo("{\"value\":268435456,\"source\":\"default\",\"origin\":\"default\"}");
        assertThat(json.get("verify").toString()).isEqualTo("{\"value\":\"auto\",\"source\":\"default\",\"origin\":\"default\"}");
    }

    @Test
    void verify_flagRequestAndConfig_chooseAutoNoneOrACommand() throws IOException {
        config(".wave/config.yaml", "verify: no\n");

        Settings flag = settings(Map.of("verify", "python3 -m pytest -q tests/unit"), "Clean up");
        Settings request = settings(Map.of(), "Clean up\nOPTIONS:\n- verify: AUTO\n");
        Settings config = settings(Map.of(), "Clean up");

        assertThat(flag.verify()).isEqualTo(new Setting<>("verify", new Verify.Command("python3 -m pytest -q tests/unit"),
                Source.FLAG, "--verify"));
        assertThat(request.verify().value()).isEqualTo(new Verify.Auto());
        assertThat(config.verify().value()).isEqualTo(new Verify.Off());
        assertThat(config.verify().display()).isEqualTo("none");
    }

    @Test
    void verify_blankValue_isRefused() {
        refused(Map.of("verify", " "), "Clean up", "--verify must be auto, none or a shell command, got \" \". "
                + "Omit it for the default (auto: the detected test command).");
    }

    @Test
    void settings_backupIgnoredMax_readsSizesWithUnitsAndRefusesOthers() {
        assertThat(settings(Map.of("backup_ignored_max", "1.5GB"), "Clean up").backupIgnoredMax().value())
                .isEqualTo(1536L << 20);
        assertThat(settings(Map.of("backup_ignored_max", "500kib"), "Clean up").backupIgnoredMax().value())
                .isEqualTo(500L << 10);
        assertThat(settings(Map.of("backup_ignored_max", "0"), "Clean up").backupIgnoredMax().value()).isZero();
        assertThatThrownBy(() -> settings(Map.of("backup_ignored_max", "-1MB"), "Clean up"))
                .hasMessage("--backup-ignored-max must be a size such as 0, 500KB, 256MB or 2GB, got \"-1MB\". "
                        + "Omit it for the default (256MB).");
    }
}
