package dev.wave.cli;

import dev.wave.engine.Orchestrator;
import dev.wave.engine.PreparedRun;
import dev.wave.journal.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Plans a goal in plain English, or reads a plan file, and shows the analysis.",
            "%nThe analysis: the pattern recognised, what the repository scan found, the subtasks, the scaling "
                    + "decision and its calculation, the waves (Wave 0 backup, work waves, critical waves, final "
                    + "commit) and the estimated time.",
            "%nThe estimate simulates wave's real scheduler on the task estimates. Nothing is run or changed; "
                    + "--out writes the plan as an editable plan file that 'wave run --plan FILE' runs, with the agent "
                    + "count the request or --agents asked for (agents:).",
            "%nExamples:%n  wave plan \"Clean up the repository\"%n  wave plan \"Fix the typo 'recieve' -> 'receive' "
                    + "in all Python files using 4 parallel agents\" --out plan.yaml%n  wave plan --plan plan.yaml --json%n"
                    + "  OPENAI_BASE_URL=http://127.0.0.1:11434/v1 wave plan \"Add password reset\" --planner openai "
                    + "--planner-model llama3.1",
        })
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WaveCommand parent;

    @Mixin
    RequestOptions options;

    @Mixin
    AgentOption agentOption;

    @Mixin
    PlannerOptions planner;

    @Option(names = "--caps", paramLabel = "GROUP=N,...",
            description = "Estimate as 'wave run --caps' runs: at most N tasks of a group at once, a kind (run, action, "
                    + "prompt) or an agent (claude, codex, aider, template), e.g. prompt=2,claude=1 (caps; default: "
                    + "none). The estimate and the agent count wait for the caps as the run does.")
    String caps;

    @Option(names = "--json", description = "Print the analysis as JSON, with every setting and where it came from.")
    boolean json;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Write the plan to FILE (YAML, or JSON when it ends in .json) to edit and run with "
                    + "'wave run --plan FILE'.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PreparedRun analysed = Orchestrator.create(parent::machine).prepare(
                Flags.with(planner.apply(agentOption.applyTo(options.request("plan"))), "caps", caps),
                warning -> err.println("wave: warning: " + warning), parent.environment());
        err.flush();
        if (json) {
            stdout.println(Json.MAPPER.writeValueAsString(analysed.json()));
        } else {
            analysed.print(stdout);
        }
        if (out != null) {
            analysed.write(out);
            (json ? spec.commandLine().getErr() : stdout).printf("Wrote %s (%s). Edit it if you like, then run: "
                    + "wave run --plan %s%n", out, dev.wave.report.Words.count(analysed.plan().size(), "task"), out);
        }
        stdout.flush();
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
    }
}
