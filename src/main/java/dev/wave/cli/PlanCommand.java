package dev.wave.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.plan.Plan;
import dev.wave.report.PlanReport;
import dev.wave.safety.CriticalOperations;
import dev.wave.safety.CriticalTask;
import dev.wave.safety.CriticalTasks;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.nio.file.Path;
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
        Analysis analysis = analyse(options, Path.of("").toAbsolutePath());
        PlanReport report = analysis.report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = report.json();
            ArrayNode critical = node.putArray("critical_tasks");
            for (CriticalTask task : analysis.critical().tasks()) {
                ObjectNode entry = critical.addObject();
                entry.put("id", task.id());
                task.reasons().forEach(entry.putArray("reasons")::add);
            }
            out.println(Json.MAPPER.writeValueAsString(node));
            out.flush();
        } else {
            report.print(out);
            analysis.critical().print(out);
        }
        return ExitCodes.OK;
    }

    /** A plan's analysis: the report, and its critical tasks with their reasons. */
    record Analysis(PlanReport report, CriticalTasks critical) {}

    /**
     * Loads and validates the plan the options name, finds its critical tasks (marking them so the
     * schedule isolates them) and simulates it.
     *
     * @param workDirectory where the tasks will run, to judge commands that reach outside it
     */
    static Analysis analyse(PlanOptions options, Path workDirectory) {
        Mode mode = options.mode();
        Plan loaded = options.load();
        CriticalTasks critical = CriticalOperations.defaults().detect(loaded, workDirectory);
        Plan plan = critical.mark(loaded);
        Waves waves = Waves.of(plan.graph());
        PlanOptions.Agents agents = options.agents(waves);
        Mode other = mode == Mode.FLOW ? Mode.WAVES : Mode.FLOW;
        return new Analysis(new PlanReport(plan, waves, agents.count(), agents.reason(),
                Simulator.simulate(plan.graph(), mode, agents.count(), waves),
                Simulator.simulate(plan.graph(), other, agents.count(), waves)), critical);
    }
}
