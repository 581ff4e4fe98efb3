package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node of a plan: what to run, what it waits for, and how to run it.
 *
 * @param id unique within the plan
 * @param title a human name; the id when the plan gives none
 * @param action what the task does
 * @param dependsOn ids of the tasks that must succeed before this one starts, in plan order
 * @param estimate the expected duration, used for scheduling priority and simulation
 * @param role who does the work (for example "Backend Engineer"), shown in reports
 * @param critical whether the task must run with nothing else running
 * @param timeout how long one attempt may run before its process tree is killed
 * @param retries how many times a failed attempt is tried again
 * @param env environment variables added for this task
 * @param verify a shell command run after the task succeeds; the task fails when it fails
 * @param scope the files and directories the task works on, repository-relative (for people and
 *     agents; built-in actions have their own paths); empty when it does not say
 * @param network whether the task may use the network in the sandbox, whatever the run's default
 */
public record Task(
        String id,
        String title,
        Action action,
        List<String> dependsOn,
        Optional<Duration> estimate,
        Optional<String> role,
        boolean critical,
        Optional<Duration> timeout,
        int retries,
        Map<String, String> env,
        Optional<String> verify,
        List<String> scope,
        boolean network) {

    public Task {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        requireNonNull(action, "action is null");
        dependsOn = List.copyOf(dependsOn);
        requireNonNull(estimate, "estimate is null");
        requireNonNull(role, "role is null");
        requireNonNull(timeout, "timeout is null");
        if (retries < 0) {
            throw new IllegalArgumentException("retries is negative: " + retries);
        }
        env = Map.copyOf(env);
        requireNonNull(verify, "verify is null");
        scope = List.copyOf(scope);
    }

    /** A task with a scope that gets the network only when the run's default gives it. */
    public Task(String id, String title, Action action, List<String> dependsOn, Optional<Duration> estimate,
            Optional<String> role, boolean critical, Optional<Duration> timeout, int retries, Map<String, String> env,
            Optional<String> verify, List<String> scope) {
        this(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, scope, false);
    }

    /** A task without a scope. */
    public Task(String id, String title, Action action, List<String> dependsOn, Optional<Duration> estimate,
            Optional<String> role, boolean critical, Optional<Duration> timeout, int retries, Map<String, String> env,
            Optional<String> verify, boolean network) {
        this(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, List.of(), network);
    }

    /** A task without a scope that gets the network only when the run's default gives it. */
    public Task(String id, String title, Action action, List<String> dependsOn, Optional<Duration> estimate,
            Optional<String> role, boolean critical, Optional<Duration> timeout, int retries, Map<String, String> env,
            Optional<String> verify) {
        this(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, List.of(), false);
    }

    /** A task without a verify command. */
    public Task(String id, String title, Action action, List<String> dependsOn, Optional<Duration> estimate,
            Optional<String> role, boolean critical, Optional<Duration> timeout, int retries, Map<String, String> env) {
        this(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, Optional.empty(), List.of(),
                false);
    }

    /** A task with only an id, a shell command and dependencies; everything else at its default. */
    public static Task shell(String id, String command, List<String> dependsOn) {
        return new Task(id, id, new Action.Shell(command), dependsOn, Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, Map.of());
    }

    public Task withEstimate(Duration estimate) {
        return new Task(id, title, action, dependsOn, Optional.of(estimate), role, critical, timeout, retries, env, verify,
                scope, network);
    }

    public Task withCritical(boolean critical) {
        return new Task(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, scope,
                network);
    }

    public Task withTimeout(Duration timeout) {
        return new Task(id, title, action, dependsOn, estimate, role, critical, Optional.of(timeout), retries, env, verify,
                scope, network);
    }

    public Task withVerify(String verify) {
        return new Task(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, Optional.of(verify),
                scope, network);
    }

    public Task withScope(List<String> scope) {
        return new Task(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, scope,
                network);
    }

    public Task withRetries(int retries) {
        return new Task(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, scope,
                network);
    }

    public Task withNetwork(boolean network) {
        return new Task(id, title, action, dependsOn, estimate, role, critical, timeout, retries, env, verify, scope,
                network);
    }
}
