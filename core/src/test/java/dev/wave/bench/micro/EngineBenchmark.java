package dev.wave.bench.micro;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.run.ExecutionResult;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.Runner;
import dev.wave.run.TaskExecutor;
import dev.wave.schedule.Dispatcher;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Micro level of the bench: the cost per task of each engine piece on a 100k-task random DAG.
 * Scores are nanoseconds per task. Run by {@code bench/run.sh} (the {@code bench} Maven profile
 * generates JMH's harness).
 */
@State(Scope.Benchmark)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EngineBenchmark {
    private static final int TASKS = 100_000;
    private static final ExecutionResult DONE = ExecutionResult.succeeded("", List.of());

    @Param({"2"})
    public int agents;

    private List<Task> tasks;
    private Plan plan;
    private TaskGraph graph;
    private Waves waves;
    private ExecutorService workers;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        tasks = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            List<String> dependsOn = new ArrayList<>();
            for (int k = 0; i > 0 && k < 2; k++) {
                String dependency = "t" + random.nextInt(Math.max(0, i - 300), i);
                if (!dependsOn.contains(dependency)) {
                    dependsOn.add(dependency);
                }
            }
            tasks.add(Task.shell("t" + i, "true", dependsOn).withEstimate(Duration.ofSeconds(random.nextInt(1, 101))));
        }
        plan = Plan.of("micro", tasks);
        graph = plan.graph();
        waves = Waves.of(graph);
        workers = Executors.newFixedThreadPool(agents);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        workers.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public TaskGraph buildGraph() {
        return TaskGraph.build("micro", tasks);
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int dispatch() {
        Dispatcher dispatcher = new Dispatcher(graph, Mode.FLOW, agents, waves);
        int[] running = new int[agents];
        int count = 0;
        int total = 0;
        while (!dispatcher.isFinished()) {
            for (int task = dispatcher.next(total); task >= 0; task = dispatcher.next(total)) {
                running[count++] = task;
            }
            dispatcher.succeeded(running[--count]);
            total++;
        }
        return total;
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public long simulate() {
        return Simulator.simulate(graph, Mode.FLOW, agents, waves).makespanMillis();
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public Object runNoOps() throws InterruptedException {
        TaskExecutor noOp = (task, workDirectory, log) -> DONE;
        RunOptions options = RunOptions.defaults(Path.of("."), Path.of("logs")).withAgents(agents).withMode(Mode.FLOW);
        return new Runner(plan, waves, options, noOp, RunListener.none(), Clock.systemUTC(), workers).run();
    }
}
