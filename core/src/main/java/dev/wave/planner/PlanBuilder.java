package dev.wave.planner;

import dev.wave.plan.Action;
import dev.wave.plan.AgentChange;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Collects the tasks of a generated plan: built-in actions, shell commands and agent prompts. */
final class PlanBuilder {
    /** A test run's estimate when nothing better is known (an estimate, shown as one). */
    static final Duration TEST_ESTIMATE = Duration.ofMinutes(2);
    static final Duration TEST_TIMEOUT = Duration.ofMinutes(30);

    private final String goal;
    private final Optional<TestCommand> tests;
    private final List<Task> tasks = new ArrayList<>();

    PlanBuilder(String goal, Optional<TestCommand> tests) {
        this.goal = goal;
        this.tests = tests;
    }

    Optional<TestCommand> tests() {
        return tests;
    }

    List<String> ids() {
        List<String> ids = new ArrayList<>();
        tasks.forEach(task -> ids.add(task.id()));
        return ids;
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    String builtin(String id, String title, String role, Action action, Duration estimate, List<String> dependsOn) {
        return builtin(id, title, role, action, estimate, dependsOn, false);
    }

    String builtin(String id, String title, String role, Action action, Duration estimate, List<String> dependsOn,
            boolean critical) {
        return add(new Task(id, title, action, dependsOn, Optional.of(estimate), Optional.of(role), critical,
                Optional.empty(), 0, Map.of()));
    }

    String shell(String id, String title, String role, String command, Duration estimate, Duration timeout,
            List<String> dependsOn, boolean critical) {
        return add(new Task(id, title, new Action.Shell(command), dependsOn, Optional.of(estimate), Optional.of(role),
                critical, Optional.of(timeout), 0, Map.of()));
    }

    /** An agent task with an F8 prompt. */
    String agent(String id, String title, String role, Duration estimate, List<String> dependsOn, String objective,
            List<String> owned, Prompts.Access access, List<String> criteria) {
        return agent(id, title, role, estimate, dependsOn, objective, owned, access, criteria, false);
    }

    String agent(String id, String title, String role, Duration estimate, List<String> dependsOn, String objective,
            List<String> owned, Prompts.Access access, List<String> criteria, boolean critical) {
        List<String> inputs = new ArrayList<>();
        for (Task task : tasks) {
            if (dependsOn.contains(task.id()) && task.action() instanceof Action.Agent) {
                inputs.add(task.id());
            }
        }
        String prompt = Prompts.agent(id, goal, objective, role, owned, access, tests, criteria, inputs);
        Action.Agent action = new Action.Agent(prompt, Optional.empty(), switch (access) {
            case READ_ONLY -> AgentChange.NONE;
            case EDIT -> AgentChange.REQUIRED;
            case EDIT_IF_NEEDED -> AgentChange.IF_NEEDED;
        });
        return add(new Task(id, title, action, dependsOn, Optional.of(estimate), Optional.of(role),
                critical, Optional.empty(), 0, Map.of(), Optional.empty(), owned));
    }

    /**
     * What verifies the plan: the project's test command when one was detected, which the run's check
     * (dev.wave.check) runs before and after the tasks, so no task is added for it; else an agent task
     * that runs whatever checks the project has (its id); none when {@code agentFallback} is false and
     * no command was found.
     */
    Optional<String> verify(List<String> dependsOn, boolean agentFallback) {
        if (tests.isPresent()) {
            return Optional.of(tests.get().command());
        }
        if (!agentFallback) {
            return Optional.empty();
        }
        return Optional.of(agent("verify", "Verify the change", Roles.VALIDATOR, Duration.ofMinutes(5), dependsOn,
                "Check that the project still builds and its checks pass after the other tasks' changes; fix nothing, report what fails.",
                List.of(), Prompts.Access.READ_ONLY,
                List.of("every build, lint and test command the project documents has been run",
                        "the checkpoint lists each command with pass or fail and the first error of each failure")));
    }

    private String add(Task task) {
        tasks.add(task);
        return task.id();
    }

    Plan build() {
        return Plan.of("generated plan", tasks).withCriticalInPrompts(false);
    }
}
