package dev.wave.cli;

import dev.wave.journal.Json;
import dev.wave.plan.Plan;
import dev.wave.report.PlanReport;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {
            "Validates a plan and shows its waves, the agent count and the estimated time.",
            "%nThe estimate simulates wave's real scheduler on the task estimates; nothing is run or written.",
        })
final class PlanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--json", description = "Print the plan as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PlanReport report = analyse(options);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(report.json()));
            out.flush();
        } else {
            report.print(out);
        }
        return ExitCodes.OK;
    }

    /** Loads, validates and simulates the plan the options name. */
    static PlanReport analyse(PlanOptions options) {
        Mode mode = options.mode();
        Plan plan = options.load();
        Waves waves = Waves.of(plan.graph());
        PlanOptions.Agents agents = options.agents(waves);
        Mode other = mode == Mode.FLOW ? Mode.WAVES : Mode.FLOW;
        return new PlanReport(plan, waves, agents.count(), agents.reason(),
                Simulator.simulate(plan.graph(), mode, agents.count(), waves),
                Simulator.simulate(plan.graph(), other, agents.count(), waves));
    }
}
