package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.check.CheckCommand;
import dev.wave.check.Checks;
import dev.wave.plan.Action;
import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.planner.GeneratedPlan;
import dev.wave.planner.Goal;
import dev.wave.planner.PlannerSelection;
import dev.wave.report.Analysis;
import dev.wave.report.AnalysisBox;
import dev.wave.request.Request;
import dev.wave.request.Requests;
import dev.wave.request.Setting;
import dev.wave.request.Settings;
import dev.wave.request.Source;
import dev.wave.safety.CriticalOperations;
import dev.wave.safety.CriticalTask;
import dev.wave.safety.CriticalTasks;
import dev.wave.safety.SafetyNet;
import dev.wave.sandbox.Isolation;
import dev.wave.sandbox.Sandbox;
import dev.wave.sandbox.SandboxPolicy;
import dev.wave.scale.Limits;
import dev.wave.scale.Machine;
import dev.wave.scale.Scaler;
import dev.wave.scale.ScalingDecision;
import dev.wave.scale.TaskType;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import java.io.PrintWriter;
import java.util.function.Consumer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run ready to execute: what {@link Orchestrator#prepare} made of a {@link RunRequest}. The analysis
 * {@code wave plan} and {@code wave run} both show, in pipeline order: the request and
 * its settings (flags, request text, config file, defaults), the plan (from the heuristic planner
 * for a goal, or from a plan file), its critical tasks (marked so they run alone), the scaling
 * decision, the waves and the simulated estimate, with {@code max_waves} checked. Reads the
 * repository and changes nothing.
 *
 * @param request what was asked: the goal or the plan file, flags and run options
 * @param repository the repository, absolute
 * @param settings every option, with where it came from
 * @param generated what the planner made, for a goal
 * @param critical the critical tasks and why each is critical
 * @param analysis the plan with its critical tasks marked, the scaling decision, the waves and the estimate
 * @param estimatesFromHistory the tasks whose estimates come from durations measured in earlier runs
 */
public record PreparedRun(RunRequest request, Path repository, Settings settings, Optional<GeneratedPlan> generated,
        CriticalTasks critical, Analysis analysis, List<String> estimatesFromHistory) {
    /** The pattern shown for a plan file, which no planner recognised. */
    static final String PLAN_FILE = "plan file";

    public PreparedRun {
        requireNonNull(request, "request is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(settings, "settings is null");
        requireNonNull(generated, "generated is null");
        requireNonNull(critical, "critical is null");
        requireNonNull(analysis, "analysis is null");
        estimatesFromHistory = List.copyOf(estimatesFromHistory);
    }

    /**
     * Analyses what {@code request} names. Passes the settings' warnings to {@code warnings}.
     *
     * @throws dev.wave.WaveException of kind INVALID_INPUT for a bad goal, plan, flag, config file or
     *     setting, and when the plan needs more waves than {@code max_waves}
     */
    static PreparedRun of(RunRequest request, Machine machine, Consumer<String> warnings) {
        return of(request, machine, warnings, Map.of());
    }

    /**
     * As {@link #of(RunRequest, Machine, Consumer)}, choosing the planner of a goal with the
     * process environment {@code environment} (API keys, base URLs, PATH); see {@link PlannerSelection}.
     */
    static PreparedRun of(RunRequest request, Machine machine, Consumer<String> warnings, Map<String, String> environment) {
        RunRequest.Input input = request.input();
        Path repository = request.repository();
        Mode mode = request.mode();
        boolean commitWave = request.commit();
        Optional<Request> parsed = Optional.empty();
        Optional<Plan> loaded = Optional.empty();
        Settings settings;
        if (input instanceof RunRequest.Goal goal) {
            parsed = Optional.of(Requests.parse(goal.text()));
            settings = Requests.settings(request.flags(), request.flagNames(), parsed.get(), repository);
        } else {
            // A plan file may ask for an agent count (agents:), which flags override.
            loaded = Optional.of(PlanLoader.load(((RunRequest.PlanFile) input).path()));
            settings = Requests.settings(request.flags(), request.flagNames(), loaded.get().agents(), repository);
        }
        settings.warnings().forEach(warnings);
        Limits limits = Limits.of(settings);

        Plan plan;
        Optional<GeneratedPlan> generated = Optional.empty();
        TaskType taskType;
        String task;
        String pattern;
        List<String> findings = List.of();
        List<String> notes = new ArrayList<>();
        List<String> fromHistory = List.of();
        if (parsed.isPresent()) {
            PlannerSelection.Chosen chosen = PlannerSelection.choose(settings.planner().value(), settings.planner().origin(),
                    settings.plannerModel().value(), settings.plannerBaseUrl().value(), environment, parsed.get().goal(),
                    repository);
            GeneratedPlan made = chosen.planner().plan(new Goal(parsed.get().goal(), repository, limits, machine))
                    .withFirstNote(chosen.line());
            generated = Optional.of(made);
            plan = made.plan();
            taskType = made.taskType();
            task = parsed.get().goal();
            pattern = made.pattern().label();
            findings = made.findings();
            notes.addAll(made.notes());
            Estimates.Learned learned = Estimates.fromHistory(plan, repository, true);
            plan = learned.plan();
            fromHistory = learned.fromHistory();
        } else {
            Path file = ((RunRequest.PlanFile) input).path();
            plan = loaded.orElseThrow();
            limits = limits.withWidestWave();
            taskType = TaskType.of(plan);
            task = plan.goal().orElse("run plan " + file.getFileName());
            pattern = PLAN_FILE;
            Estimates.Learned learned = Estimates.fromHistory(plan, repository, false);
            plan = learned.plan();
            fromHistory = learned.fromHistory();
            int unestimated = plan.size() - plan.graph().estimatedTaskCount();
            if (unestimated > 0) {
                notes.add(unestimated + " of " + dev.wave.report.Words.count(plan.size(), "task has", "tasks have")
                        + " no estimate; "
                        + Durations.format(TaskGraph.DEFAULT_ESTIMATE) + " is assumed for each. Add \"estimate:\" for a "
                        + "better figure.");
            }
        }

        if (!fromHistory.isEmpty()) {
            notes.add(fromHistory.size() + " of " + plan.size() + " estimates come from durations measured in earlier runs "
                    + "(the journal): " + abbreviate(fromHistory) + ".");
        }
        CriticalOperations operations = CriticalOperations.defaults().withKeywords(settings.criticalKeywords().value());
        // the heuristic planner's prompts quote the goal and templates: only its titles and commands are read;
        // a model's prompts are its own words, read as a plan file's are
        CriticalTasks critical = (!plan.criticalInPrompts() ? operations.withoutPrompts() : operations)
                .detect(plan, repository);
        plan = critical.mark(plan);
        CapGroups caps = capGroups(settings, plan);
        ScalingDecision decision = Scaler.decide(plan, taskType, limits, machine, mode, caps);
        sandboxNote(plan, settings).ifPresent(notes::add);
        boolean backup = settings.alwaysBackup().value();
        if (backup) {
            backupNote(repository, settings).ifPresent(notes::add);
        }
        Analysis analysis = Analysis.of(task, pattern, findings, notes, plan, decision, mode, caps, backup,
                backup && commitWave);
        analysis.requireWithin(settings.maxWaves().value(), settings.maxWaves().origin());
        return new PreparedRun(request, repository, settings, generated, critical, analysis, fromHistory);
    }

    /**
     * The concurrency caps ({@code caps}: by task kind and agent CLI) as the run applies them, for the estimate to
     * apply them too.
     */
    private static CapGroups capGroups(Settings settings, Plan plan) {
        boolean agents = plan.tasks().stream().anyMatch(task -> task.action() instanceof Action.Agent);
        return CapGroups.of(plan, settings.caps().value(), agents ? AgentTasks.provider(settings, plan) : task -> Optional.empty());
    }

    /** The concurrency caps of this run, as its dispatcher applies them: the estimate and the live ETA wait for them too. */
    public CapGroups capGroups() {
        return capGroups(settings, plan());
    }

    /** Says, in one line, when shell tasks would run without bubblewrap, and why. */
    private static Optional<String> sandboxNote(Plan plan, Settings settings) {
        if (plan.tasks().stream().noneMatch(task -> task.action() instanceof Action.Shell)) {
            return Optional.empty();
        }
        Isolation isolation = Sandbox.of(SandboxPolicy.of(settings)).isolation();
        return isolation.bubblewrap() ? Optional.empty() : Optional.of(isolation.describe());
    }

    /** Says, in one line, what the Wave 0 backup would leave out (dependency trees, ignored entries over the cap). */
    private static Optional<String> backupNote(Path repository, Settings settings) {
        return SafetyNet.coverage(repository, settings.backupIgnoredMax().value())
                .filter(coverage -> !coverage.complete())
                .map(coverage -> "Backup: " + coverage.describe() + "; a rollback leaves those as they are.");
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + ", ... "
                + (ids.size() - 5) + " more";
    }

    public Plan plan() {
        return analysis.plan();
    }

    public int agents() {
        return analysis.scaling().agents();
    }

    public Mode mode() {
        return analysis.estimate().mode();
    }

    /** The check run before any change and after the tasks (verify), when there is one. Reads build files. */
    public Optional<CheckCommand> check() {
        return Checks.command(settings.verify(), repository);
    }

    /** What the run is for, in words: the goal, or the plan file's goal or name. The final commit's subject. */
    public String task() {
        return analysis.task();
    }

    /** The ids of the plan's agent (prompt) tasks, in plan order. */
    public List<String> agentTasks() {
        List<String> ids = new ArrayList<>();
        for (Task task : plan().tasks()) {
            if (task.action() instanceof Action.Agent) {
                ids.add(task.id());
            }
        }
        return ids;
    }

    /**
     * Why the plan's agent tasks cannot run here, in one line with the fix: the repository is not
     * in git, or an agent CLI is not installed. Empty when they can, or when there are none.
     */
    public Optional<String> agentProblem() {
        return AgentTasks.problem(this, System.getenv());
    }

    /** Prints the analysis box, the critical tasks with their reasons and the settings that are not defaults. */
    public void print(PrintWriter out) {
        print(out, Engine.local());
    }

    /** {@link #print(PrintWriter)} for a run on {@code engine}, which says where its agent tasks work. */
    public void print(PrintWriter out, Engine engine) {
        new AnalysisBox(boxStyle()).print(analysis, out);
        critical.print(out);
        AgentTasks.describe(this, engine).ifPresent(out::println);
        out.println("Check: " + Checks.describe(settings.verify(), check()));
        List<String> chosen = new ArrayList<>();
        for (Setting<?> setting : settings.all()) {
            if (setting.source() != Source.DEFAULT) {
                chosen.add(setting.key() + " " + setting.display() + " (" + setting.origin() + ")");
            }
        }
        if (!chosen.isEmpty()) {
            out.println("Settings: " + String.join("; ", chosen));
        }
        out.flush();
    }

    /** The analysis as JSON: the box's content, the tasks, the critical tasks and every setting with its source. */
    public ObjectNode json() {
        ObjectNode root = analysis.json();
        root.put("source", plan().source());
        ArrayNode criticalNodes = root.putArray("critical_tasks");
        for (CriticalTask task : critical.tasks()) {
            ObjectNode entry = criticalNodes.addObject();
            entry.put("id", task.id());
            task.reasons().forEach(entry.putArray("reasons")::add);
        }
        agentTasks().forEach(root.putArray("agent_tasks")::add);
        ObjectNode check = root.putObject("check");
        check().ifPresentOrElse(chosen -> check.put("command", chosen.command()).put("origin", chosen.origin()),
                () -> check.putNull("command"));
        check.put("description", Checks.describe(settings.verify(), check()));
        estimatesFromHistory.forEach(root.putArray("estimates_from_history")::add);
        root.set("settings", settings.json());
        return root;
    }

    /** Writes the plan as an editable plan file that {@code wave run --plan} accepts. */
    public void write(Path file) {
        String name = analysis.task();
        List<String> comments = generated.map(made -> made.comments(name))
                .orElseGet(() -> List.of("Written by wave plan from " + plan().source() + ".",
                        "Edit it freely, then run: wave run --plan <this file>"));
        Setting<Optional<Integer>> agents = settings.agents();
        Plan written = agents.source() == Source.FLAG || agents.source() == Source.REQUEST ? plan().withAgents(agents.value())
                : plan();
        PlanWriter.write(written, file, name, comments);
    }

    /** Box-drawing characters when standard output is UTF-8, plain ASCII otherwise. */
    public static AnalysisBox.Style boxStyle() {
        String encoding = System.getProperty("stdout.encoding", Charset.defaultCharset().name());
        try {
            return Charset.forName(encoding).equals(StandardCharsets.UTF_8) ? AnalysisBox.Style.UNICODE
                    : AnalysisBox.Style.ASCII;
        } catch (IllegalArgumentException e) {
            return AnalysisBox.Style.ASCII;
        }
    }
}
