package dev.wave.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class RequestsTest {
    private static void refused(String text, String message) {
        assertThatThrownBy(() -> Requests.parse(text))
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT));
    }

    @Test
    void parse_autoScaledForm_isAutoWithTheGoalAfterTheColon() {
        Request request = Requests.parse("""
                Execute this task dynamically with auto-scaled parallel instances:

                Clean up the entire repository - remove all checkpoint files,
                cache directories, unused imports, and organize test outputs
                """);

        assertThat(request.scaling()).isEqualTo(new Scaling.Auto());
        assertThat(request.goal()).isEqualTo("Clean up the entire repository - remove all checkpoint files, "
                + "cache directories, unused imports, and organize test outputs");
        assertThat(request.options()).isEmpty();
    }

    @Test
    void parse_usingNParallelAgentsBeforeTheTask_isAnOverride() {
        Request request = Requests.parse("Execute this task using 50 parallel agents: Fix the typo 'recieve' -> 'receive'");

        assertThat(request.scaling()).isEqualTo(new Scaling.Agents(50));
        assertThat(request.goal()).isEqualTo("Fix the typo 'recieve' -> 'receive'");
    }

    @Test
    void parse_usingNParallelAgentsAfterTheTask_isAnOverride() {
        Request request = Requests.parse("Clean up the repository using 8 parallel agents.");

        assertThat(request.scaling()).isEqualTo(new Scaling.Agents(8));
        assertThat(request.goal()).isEqualTo("Clean up the repository");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Remove all .log files with 4 agents                 | 4 | Remove all .log files
            Add a retry helper to utils.py with 4 agents.       | 4 | Add a retry helper to utils.py
            Rename foo to bar in all files, with 3 parallel agents | 3 | Rename foo to bar in all files
            Clean up the repository on 2 parallel workers       | 2 | Clean up the repository
            Clean up the repository using 6 agents              | 6 | Clean up the repository
            Clean up the repository (5 agents)                  | 5 | Clean up the repository
            """)
    void parse_anAgentCountAtTheEndOfTheGoal_isAnOverride(String text, int agents, String goal) {
        Request request = Requests.parse(text);

        assertThat(request.scaling()).isEqualTo(new Scaling.Agents(agents));
        assertThat(request.goal()).isEqualTo(goal);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Build a market simulation with 4 agents that trade
            Document the 3 agents in the README
            """)
    void parse_agentsMidSentence_stayInTheGoal(String text) {
        Request request = Requests.parse(text);

        assertThat(request.scaling()).isEqualTo(Scaling.auto());
        assertThat(request.goal()).isEqualTo(text);
    }

    @Test
    void parse_seedsScenarioExecuteTheTaskOf_dropsTheLeadWords() {
        Request request = Requests.parse("Execute the task of cleaning up this repo using 50 parallel agents");

        assertThat(request.scaling()).isEqualTo(new Scaling.Agents(50));
        assertThat(request.goal()).isEqualTo("cleaning up this repo");
    }

    @Test
    void parse_withNParallelInstances_isABudget() {
        Request request = Requests.parse("""
                Execute this task dynamically with 15 parallel instances:

                Add a "last_login_at" timestamp column to the users table and update
                the login endpoint to set it on each successful login.
                """);

        assertThat(request.scaling()).isEqualTo(new Scaling.Budget(15));
        assertThat(request.goal()).startsWith("Add a \"last_login_at\" timestamp column").endsWith("successful login.");
    }

    @Test
    void parse_plainText_isAuto() {
        Request request = Requests.parse("  Fix the login bug\n");

        assertThat(request.scaling()).isEqualTo(Scaling.auto());
        assertThat(request.goal()).isEqualTo("Fix the login bug");
    }

    @Test
    void parse_plainTextMentioningAgentsMidSentence_staysPlainText() {
        Request request = Requests.parse("Document how wave uses 8 parallel agents in the README");

        assertThat(request.scaling()).isEqualTo(Scaling.auto());
        assertThat(request.goal()).isEqualTo("Document how wave uses 8 parallel agents in the README");
    }

    @Test
    void parse_seedsOptionsBlock_readsKeysAndDropsRemarks() {
        Request request = Requests.parse("""
                Execute this task dynamically with 15 parallel instances:

                TASK: Refactor the session processing code to use async/await

                OPTIONS:
                - dry_run: yes (show plan, don't execute)
                - require_approval: yes (ask before critical operations)
                - priority: speed (alternatives: safety, balanced)
                - max_waves: 10 (optional limit)
                - checkpoint_retention: cleanup (alternatives: keep, archive)

                PREFERENCES:
                - favor_parallelization: yes (maximize concurrent instances)
                - checkpoint_verbosity: detailed (alternatives: minimal, detailed)
                - progress_display: live (alternatives: summary, live, quiet)
                - on_failure: rollback (alternatives: rollback, pause, continue)
                """);

        assertThat(request.goal()).isEqualTo("Refactor the session processing code to use async/await");
        assertThat(request.scaling()).isEqualTo(new Scaling.Budget(15));
        assertThat(request.options()).containsExactly(
                entry("dry_run", "yes"), entry("require_approval", "yes"), entry("priority", "speed"),
                entry("max_waves", "10"), entry("checkpoint_retention", "cleanup"),
                entry("favor_parallelization", "yes"), entry("checkpoint_verbosity", "detailed"),
                entry("progress_display", "live"), entry("on_failure", "rollback"));
    }

    @Test
    void parse_optionsBlockFollowedByText_returnsTheTextToTheGoal() {
        Request request = Requests.parse("""
                OPTIONS:
                - priority: safety
                Clean up the repository
                """);

        assertThat(request.options()).containsExactly(entry("priority", "safety"));
        assertThat(request.goal()).isEqualTo("Clean up the repository");
    }

    @Test
    void parse_goalAfterTheBlocks_isTheGoal() {
        Request request = Requests.parse("""
                Execute this task using 4 parallel agents:
                PREFERENCES:
                * Progress display = quiet
                TASK:
                Remove all __pycache__ directories
                """);

        assertThat(request.scaling()).isEqualTo(new Scaling.Agents(4));
        assertThat(request.options()).containsExactly(entry("progress_display", "quiet"));
        assertThat(request.goal()).isEqualTo("Remove all __pycache__ directories");
    }

    @Test
    void parse_keyTwice_isRefused() {
        refused("""
                Clean up
                OPTIONS:
                - priority: speed
                - priority: safety
                """, "request text sets priority twice (\"speed\" and \"safety\"). Keep one.");
    }

    @Test
    void parse_zeroAgents_isRefused() {
        refused("Execute this task using 0 parallel agents: clean up",
                "request text asks for 0 parallel agents; ask for 1 to 1000, or leave the count out to let wave choose.");
    }

    @Test
    void parse_leadPhraseWithoutTask_isRefused() {
        refused("Execute this task dynamically with auto-scaled parallel instances:",
                "request text has no task after \"Execute this task dynamically with auto-scaled parallel instances:\". "
                        + "Describe the goal after the colon or on a TASK: line.");
    }

    @Test
    void parse_emptyText_isRefused() {
        refused("   \n", "the request is empty. Describe the goal, for example \"Clean up the repository\".");
    }

    @Test
    void parse_twoAgentCounts_isRefused() {
        refused("Execute this task dynamically with 15 parallel instances: clean up using 8 parallel agents",
                "request text asks for a budget of 15 parallel instances and ends with \"using 8 parallel agents\". "
                        + "Keep one of the two.");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
