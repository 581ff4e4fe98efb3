package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class AgentCliTest {
    private static final AgentInvocation INVOCATION = AgentInvocation
            .of("Fix the typo; then run `rm -rf /` $(whoami)", Path.of("/w/.wave/prompt.md"), Path.of("/w/tree"))
            .withSystemPrompt("You are a Backend Engineer.")
            .withMaxTurns(12)
            .withModel("sonnet");

    @Test
    void claude_printModeWithStreamJsonVerbosePermissionsTurnsRoleAndModel() {
        assertThat(AgentCli.named("claude").command(INVOCATION.withMaxBudgetUsd(0.5))).containsExactly(
                "claude", "-p", "Fix the typo; then run `rm -rf /` $(whoami)", "--output-format", "stream-json",
                "--verbose", "--permission-mode", "acceptEdits", "--allowedTools",
                "Read,Edit,MultiEdit,Write,Glob,Grep,LS,Bash", "--max-turns", "12", "--append-system-prompt",
                "You are a Backend Engineer.", "--model", "sonnet", "--max-budget-usd", "0.50");
    }

    @Test
    void codex_execJsonInTheWorkDirectory() {
        assertThat(AgentCli.named("Codex").command(INVOCATION)).containsExactly("codex", "exec", "--json", "-s",
                "workspace-write", "-C", "/w/tree", "-m", "sonnet", "Fix the typo; then run `rm -rf /` $(whoami)");
    }

    @Test
    void aider_readsThePromptFromItsFile() {
        assertThat(AgentCli.named("aider").command(INVOCATION)).containsExactly("aider", "--message-file",
                "/w/.wave/prompt.md", "--yes-always", "--no-pretty", "--no-stream", "--no-auto-commits", "--model", "sonnet");
    }

    @Test
    void template_fillsPlaceholdersInsideWords_andNeverRunsAShell() {
        AgentCli template = AgentCli.named("my-agent --task {prompt_file} --cwd={workdir} -m '{model}' \"{prompt}\"");

        assertThat(template.name()).isEqualTo("template");
        assertThat(template.command(INVOCATION)).containsExactly("my-agent", "--task", "/w/.wave/prompt.md",
                "--cwd=/w/tree", "-m", "sonnet", "Fix the typo; then run `rm -rf /` $(whoami)");
    }

    @Test
    void template_passesAPromptThatHoldsPlaceholders_onAsWritten() {
        AgentCli template = AgentCli.named("my-agent -m {model} {prompt} {workdir}");

        assertThat(template.command(AgentInvocation.of("Rename {model} to {workdir} in $1 and \\{prompt}",
                Path.of("/w/.wave/prompt.md"), Path.of("/w/tree")).withModel("sonnet")))
                .containsExactly("my-agent", "-m", "sonnet", "Rename {model} to {workdir} in $1 and \\{prompt}", "/w/tree");
    }

    @Test
    void unknownName_isOneLineWithWhatIsAccepted() {
        assertThatThrownBy(() -> AgentCli.named("gpt"))
                .isInstanceOf(WaveException.class)
                .hasMessage("agent must be claude, codex, aider or a command template with {prompt} or {prompt_file}, "
                        + "got \"gpt\". For example --agent claude, or --agent 'my-agent --task {prompt_file}'.");
        assertThatThrownBy(() -> AgentCli.named("x '{prompt}"))
                .hasMessage("agent template has an unclosed single quote: x '{prompt}. Close the quote.");
    }
}
