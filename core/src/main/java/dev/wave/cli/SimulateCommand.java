package dev.wave.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.report.Words;
import dev.wave.schedule.Mode;
import dev.wave.schedule.OrderSearch;
import dev.wave.schedule.ScheduleChoice;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {
            "Simulates a plan on wave's real scheduler and shows how close it comes to the lower bound.",
            "%nA virtual clock where every task takes exactly its estimate and the orchestrator costs nothing: "
                    + "the makespan, how far it is from the lower bound max(critical path, total work / N), and how "
                    + "busy the agents are. The scheduler follows the best of several priority orders (the order "
                    + "wave run uses); the order and plain longest-path-first's makespan are shown beside it. "
                    + "Nothing is run or written.",
        })
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PlanOptions options;

    @Option(names = "--json", description = "Print the simulation as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Mode mode = options.mode();
        Plan plan = options.load();
        Waves waves = Waves.of(plan.graph());
        PlanOptions.Agents agents = options.agents(waves);
        ScheduleChoice choice = OrderSearch.choose(plan.graph(), mode, agents.count(), waves);
        Simulation simulation = choice.simulation();
        Simulation other = OrderSearch.choose(plan.graph(), mode == Mode.FLOW ? Mode.WAVES : Mode.FLOW,
                agents.count(), waves).simulation();
        int unestimated = plan.size() - plan.graph().estimatedTaskCount();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = json(plan, agents, simulation, other, unestimated);
            root.put("order_rule", choice.rule());
            root.put("orders_simulated", choice.candidates());
            root.put("longest_path_first_seconds", Json.seconds(choice.baseline().makespanMillis()));
            root.put("longest_path_first_ratio", Json.round(choice.baseline().ratioToLowerBound(), 4));
            root.put("gain_over_longest_path_first", Json.round(choice.gainOverBaseline(), 4));
            out.println(Json.MAPPER.writeValueAsString(root));
        } else {
            print(out, plan, agents, simulation, other, unestimated);
            out.printf("Order:           %s (%s)%n", choice.rule(), choice.candidates() == 1 ? "the only order simulated"
                    : "best of " + choice.candidates() + " orders simulated");
            out.printf("Longest path first: %s, ratio %s%s%n", Durations.formatMillis(choice.baseline().makespanMillis()),
                    ratio(choice.baseline().ratioToLowerBound()), choice.improved()
                            ? String.format(Locale.ROOT, " (the chosen order is %.2f%% shorter)", choice.gainOverBaseline() * 100) : "");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, Plan plan, PlanOptions.Agents agents, Simulation simulation,
            Simulation other, int unestimated) {
        out.printf("Simulated %s: %s on %s (%s), %s mode%n", plan.source(), Words.count(plan.size(), "task"),
                Words.count(agents.count(), "agent"), agents.reason(), simulation.mode().label());
        out.printf("Makespan:        %s%n", Durations.formatMillis(simulation.makespanMillis()));
        out.printf("Lower bound:     %s  (max of critical path %s and total work / %d = %s)%n",
                Durations.formatMillis(simulation.lowerBoundMillis()),
                Durations.formatMillis(simulation.criticalPathMillis()), agents.count(),
                Durations.formatMillis(ceilDiv(simulation.sequentialMillis(), agents.count())));
        out.printf("Ratio:           %s  (makespan / lower bound; 1.000 is optimal)%n",
                ratio(simulation.ratioToLowerBound()));
        out.printf("Utilisation:     %s  (agent time spent on tasks)%n", percent(simulation.utilisation()));
        out.printf("Sequential:      %s  (one agent)%n", Durations.formatMillis(simulation.sequentialMillis()));
        out.printf("Peak running:    %d%n", simulation.peakConcurrency());
        out.printf("In %s mode:  %s, ratio %s%n", other.mode().label(), Durations.formatMillis(other.makespanMillis()),
                ratio(other.ratioToLowerBound()));
        out.println("All figures are simulated from the task estimates, not measured.");
        if (unestimated > 0) {
            out.printf("Note: %d of %s no estimate; %s is assumed for each.%n", unestimated,
                    Words.count(plan.size(), "task has", "tasks have"), Durations.format(dev.wave.plan.TaskGraph.DEFAULT_ESTIMATE));
        }
    }

    private static ObjectNode json(Plan plan, PlanOptions.Agents agents, Simulation simulation, Simulation other,
            int unestimated) {
        ObjectNode root = Json.object();
        root.put("source", plan.source());
        root.put("note", "simulated from task estimates, not measured");
        root.put("tasks", plan.size());
        root.put("agents", agents.count());
        root.put("agents_reason", agents.reason());
        root.put("mode", simulation.mode().label());
        root.put("makespan_seconds", Json.seconds(simulation.makespanMillis()));
        root.put("lower_bound_seconds", Json.seconds(simulation.lowerBoundMillis()));
        root.put("critical_path_seconds", Json.seconds(simulation.criticalPathMillis()));
        root.put("sequential_seconds", Json.seconds(simulation.sequentialMillis()));
        root.put("ratio", Json.round(simulation.ratioToLowerBound(), 4));
        root.put("utilisation", Json.round(simulation.utilisation(), 4));
        root.put("efficiency", Json.round(simulation.efficiency(), 4));
        root.put("peak_concurrency", simulation.peakConcurrency());
        ObjectNode alternative = root.putObject(other.mode().label());
        alternative.put("makespan_seconds", Json.seconds(other.makespanMillis()));
        alternative.put("ratio", Json.round(other.ratioToLowerBound(), 4));
        alternative.put("utilisation", Json.round(other.utilisation(), 4));
        root.put("unestimated_tasks", unestimated);
        return root;
    }

    private static long ceilDiv(long total, int agents) {
        return (total + agents - 1) / agents;
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.3fx", value);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }
}
