package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The scheduling policy: decides which task starts next and on which agent, and what a success or
 * a failure releases. The real run and the simulation drive the same dispatcher, so an estimate is
 * the schedule wave would really produce.
 *
 * <p>Policy: at most {@code agents} tasks run at once, and whenever fewer run and a task may start,
 * it starts. Among the tasks that may start, the first in the {@link PriorityOrder} goes first: by
 * default the one with the longest estimated path to the end of the plan (its bottom level), ties in
 * plan order; {@link OrderSearch} may choose another order whose simulated schedule is shorter. In
 * {@link Mode#FLOW} a task may start once all its dependencies have succeeded; in {@link Mode#WAVES}
 * only once every task of the waves before its own has ended. A critical task starts only when
 * nothing runs and nothing else starts while it runs; when the first task in line is critical, no
 * other task starts until the running ones end, so the critical task is neither overtaken nor
 * starved. While it waits, a ready task
 * whose estimate says it will end before the running ones do may still start (backfilling), so
 * agents do not idle needlessly; the scan for such a task looks at the first
 * {@value #BACKFILL_SCAN} entries of the ready heap only, which hold the highest priorities.
 *
 * <p>Tasks whose scopes overlap ({@link TaskGraph#conflict}) never run at the same time: a ready task
 * that overlaps a running one waits, and the best ready task (among the first {@value #BACKFILL_SCAN}
 * of the heap) that overlaps none starts instead. Which one is decided by the priority order alone,
 * so the choice is deterministic.
 *
 * <p>A {@linkplain PriorityOrder#strict strict} order (flow mode only) starts tasks in its sequence:
 * while the next in sequence waits for its dependencies, the only task that may start is one
 * expected to end before they do (the same backfilling), so an agent may wait, and when every task
 * takes its estimate no task starts later than the strict sequence alone would start it.
 *
 * <p>Failure handling: a failed task makes every task that depends on it, directly or not,
 * {@link TaskState#SKIPPED}; independent tasks go on. {@link #cancelPending} ends the rest.
 *
 * <p>Concurrency: not thread-safe. The caller serialises all calls (the runner holds one lock).
 * Every call is O(log n) per released task; nothing allocates after construction.
 */
public final class Dispatcher {
    static final int BACKFILL_SCAN = 64;

    private final TaskGraph graph;
    private final Mode mode;
    private final int agents;
    private int limit;
    private final Waves waves;
    private final PriorityOrder order;
    private final int[] remainingDependencies;
    private final TaskState[] state;
    private final int[] instance;
    private final int[] slotTask; // the task on each agent slot, -1 when idle
    private final long[] expectedFinish;
    private final BitSet busyInstances;
    private final IntHeap ready;
    private final int[] remainingInWave;
    private final int[] skipStack;
    private int currentWave;
    private int cursor; // strict orders: the place in the sequence of the next task to start
    private int running;
    private boolean criticalRunning;
    private int done;
    private Caps caps = Caps.NONE; // set once before the first next()

    /**
     * Concurrency caps by group (a task type, an agent provider): at most {@code limits[g]} tasks of group
     * {@code g} run at once, and a paused group starts none. Ready tasks a cap holds back wait off the
     * ready heap ({@code parked}), each under the group that held it, until that group has room again.
     */
    private static final class Caps {
        static final Caps NONE = new Caps(new int[0][], new int[0], 0);

        final int[][] groups; // by task: the groups it belongs to
        final int[] limits;
        final int[] runningIn;
        final boolean[] paused;
        final int[] parked; // tasks held back, in the order they were
        final int[] parkedUnder; // the group each waits for
        int parkedCount;

        Caps(int[][] groups, int[] limits, int tasks) {
            this.groups = groups;
            this.limits = limits;
            this.runningIn = new int[limits.length];
            this.paused = new boolean[limits.length];
            this.parked = new int[tasks];
            this.parkedUnder = new int[tasks];
        }

        /** The group that holds {@code task} back now, or -1 when none does. */
        int holding(int task) {
            if (groups.length == 0) {
                return -1;
            }
            for (int group : groups[task]) {
                if (paused[group] || runningIn[group] >= limits[group]) {
                    return group;
                }
            }
            return -1;
        }
    }

    /** A dispatcher that starts the longest remaining path first. */
    public Dispatcher(TaskGraph graph, Mode mode, int agents, Waves waves) {
        this(graph, mode, agents, waves, PriorityOrder.longestPathFirst(requireNonNull(graph, "graph is null")));
    }

    /**
     * A dispatcher that follows {@code order} among the tasks that may start.
     *
     * @param order the priority order, for example {@link OrderSearch#choose}'s choice; one key per task
     */
    public Dispatcher(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order) {
        this.graph = requireNonNull(graph, "graph is null");
        this.order = requireNonNull(order, "order is null");
        if (order.size() != graph.size()) {
            throw new IllegalArgumentException("the order has " + order.size() + " keys for " + graph.size() + " tasks");
        }
        if (order.isStrict() && mode != Mode.FLOW) {
            throw new IllegalArgumentException("a strict start order needs flow mode, not " + mode.label());
        }
        this.mode = requireNonNull(mode, "mode is null");
        this.waves = requireNonNull(waves, "waves is null");
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1, got " + agents);
        }
        this.agents = agents;
        this.limit = agents;
        int n = graph.size();
        remainingDependencies = new int[n];
        state = new TaskState[n];
        Arrays.fill(state, TaskState.PENDING);
        instance = new int[n];
        busyInstances = new BitSet(agents);
        slotTask = new int[agents];
        Arrays.fill(slotTask, -1);
        expectedFinish = new long[n];
        skipStack = new int[n];
        ready = new IntHeap(); // keyed by the order's key: the smallest first, ties in plan order
        remainingInWave = new int[waves.count() + 1];
        for (int w = 1; w <= waves.count(); w++) {
            remainingInWave[w] = waves.size(w);
        }
        for (int task = 0; task < n; task++) {
            remainingDependencies[task] = graph.dependencyCount(task);
            if (mode == Mode.FLOW && remainingDependencies[task] == 0) {
                release(task);
            }
        }
        if (mode == Mode.WAVES) {
            advanceWave();
        }
    }

    /**
     * A dispatcher that follows the order {@link OrderSearch} chooses for this graph, mode and agent
     * count with its default seed: the order the analysis showed, as the search is deterministic.
     * Plans too big for more than one candidate get longest-path-first without a simulation.
     */
    public static Dispatcher withChosenOrder(TaskGraph graph, Mode mode, int agents, Waves waves) {
        requireNonNull(graph, "graph is null");
        PriorityOrder order = OrderSearch.candidates(graph.size()) <= 1 ? PriorityOrder.longestPathFirst(graph)
                : OrderSearch.choose(graph, mode, agents, waves).order();
        return new Dispatcher(graph, mode, agents, waves, order);
    }

    /**
     * Takes the next task that may start now and marks it running, or returns -1 when none may:
     * all agents are busy, a critical task runs, or waits for the others to end and no ready task
     * fits in before them, or nothing is ready.
     *
     * @param now the current time in milliseconds on the caller's clock (virtual or real), used to
     *     tell whether a task fits in before a waiting critical task
     */
    public int next(long now) {
        if (running >= limit || criticalRunning) {
            return -1;
        }
        parkHeldBack();
        if (ready.isEmpty()) {
            return -1;
        }
        int task = ready.peek();
        if (order.isStrict() && task != nextInSequence()) {
            // The next in sequence waits for its dependencies: only a task expected to end before they do may start.
            int position = fillIn(now, releaseOf(nextInSequence()));
            if (position < 0) {
                return -1;
            }
            task = ready.removeAt(position);
        } else if (graph.isCritical(task)) {
            if (running > 0) {
                int position = backfill(now);
                if (position < 0) {
                    return -1;
                }
                task = ready.removeAt(position);
            } else {
                criticalRunning = true;
                ready.poll();
            }
        } else if (blocked(task)) {
            int position = unblocked();
            if (position < 0) {
                return -1;
            }
            task = ready.removeAt(position);
        } else {
            ready.poll();
        }
        state[task] = TaskState.RUNNING;
        running++;
        instance[task] = busyInstances.nextClearBit(0);
        busyInstances.set(instance[task]);
        slotTask[instance[task]] = task;
        expectedFinish[task] = now + graph.estimateMillis(task);
        occupyGroups(task);
        return task;
    }

    /**
     * Sets concurrency caps by group before the first {@link #next}: {@code groups[task]} lists the
     * groups of each task (indices into {@code limits}); at most {@code limits[g]} tasks of group
     * {@code g} run at once. A task a cap holds back waits; lower-priority ready tasks of other groups
     * start meanwhile, so a cap never idles an agent that other work could use.
     */
    public void caps(int[][] groups, int[] limits) {
        requireNonNull(groups, "groups is null");
        requireNonNull(limits, "limits is null");
        if (groups.length != state.length) {
            throw new IllegalArgumentException("caps name groups for " + groups.length + " tasks, the plan has "
                    + state.length);
        }
        for (int group = 0; group < limits.length; group++) {
            if (limits[group] < 1) {
                throw new IllegalArgumentException("the cap of group " + group + " must be at least 1, got "
                        + limits[group]);
            }
        }
        int[][] copy = new int[groups.length][];
        for (int task = 0; task < groups.length; task++) {
            copy[task] = groups[task].clone();
            for (int group : copy[task]) {
                if (group < 0 || group >= limits.length) {
                    throw new IllegalArgumentException("task " + graph.id(task) + " names group " + group + " of "
                            + limits.length);
                }
            }
        }
        this.caps = new Caps(copy, limits.clone(), state.length);
    }

    /** Starts no task of {@code group} until {@link #resume}; running ones go on (a provider's rate limit). */
    public void pause(int group) {
        caps.paused[group] = true;
    }

    /** Lets tasks of a paused group start again. */
    public void resume(int group) {
        caps.paused[group] = false;
        unpark(group);
    }

    /** How many tasks of {@code group} run now. */
    public int runningIn(int group) {
        return caps.runningIn[group];
    }

    /** Moves ready tasks a cap holds back off the top of the ready heap, until its first may start. */
    private void parkHeldBack() {
        if (caps.groups.length == 0) {
            return;
        }
        while (!ready.isEmpty()) {
            int task = ready.peek();
            int group = caps.holding(task);
            if (group < 0) {
                return;
            }
            ready.poll();
            caps.parked[caps.parkedCount] = task;
            caps.parkedUnder[caps.parkedCount] = group;
            caps.parkedCount++;
        }
    }

    /** Puts the tasks that waited for {@code group} back on the ready heap. */
    private void unpark(int group) {
        int kept = 0;
        for (int k = 0; k < caps.parkedCount; k++) {
            int task = caps.parked[k];
            if (caps.parkedUnder[k] == group && state[task] == TaskState.READY) {
                ready.add(task, order.key(task));
            } else if (state[task] == TaskState.READY) {
                caps.parked[kept] = task;
                caps.parkedUnder[kept] = caps.parkedUnder[k];
                kept++;
            }
        }
        caps.parkedCount = kept;
    }

    private void occupyGroups(int task) {
        if (caps.groups.length != 0) {
            for (int group : caps.groups[task]) {
                caps.runningIn[group]++;
            }
        }
    }

    private void releaseGroups(int task) {
        if (caps.groups.length != 0) {
            for (int group : caps.groups[task]) {
                if (caps.runningIn[group]-- == caps.limits[group]) {
                    unpark(group);
                }
            }
        }
    }

    /**
     * Skips a task that has not started (pending, ready or waiting for a retry) and every task that
     * depends on it: a run whose budget is spent skips the agent tasks it would still have started.
     *
     * @param skipped receives the tasks that depend on it, newly skipped, in no particular order
     */
    public void skip(int task, IntConsumer skipped) {
        if (state[task] == TaskState.READY) {
            boolean found = removeFromReady(task);
            for (int k = 0; !found && k < caps.parkedCount; k++) {
                if (caps.parked[k] == task) {
                    caps.parked[k] = caps.parked[caps.parkedCount - 1];
                    caps.parkedUnder[k] = caps.parkedUnder[caps.parkedCount - 1];
                    caps.parkedCount--;
                    found = true;
                }
            }
        } else if (state[task] != TaskState.PENDING) {
            throw new IllegalStateException("task " + graph.id(task) + " cannot be skipped from " + state[task]
                    + "; only a task that has not started can");
        }
        state[task] = TaskState.SKIPPED;
        finishInWave(task);
        skipDependents(task, skipped);
        advanceWave();
    }

    /** Takes a task off the ready heap (a linear search: skips and restores are rare); whether it was there. */
    private boolean removeFromReady(int task) {
        for (int position = 0; position < ready.size(); position++) {
            if (ready.at(position) == task) {
                ready.removeAt(position);
                return true;
            }
        }
        return false;
    }

    /** The heap position of the best non-critical ready task expected to end before every running task, or -1. */
    private int backfill(long now) {
        long drainedAt = now;
        for (int slot = 0; slot < agents; slot++) {
            if (slotTask[slot] >= 0) {
                drainedAt = Math.max(drainedAt, expectedFinish[slotTask[slot]]);
            }
        }
        return fillIn(now, drainedAt);
    }

    /** Whether a task's scope overlaps that of a running task. */
    private boolean blocked(int task) {
        if (!graph.hasScopeConflicts()) {
            return false;
        }
        for (int k = 0; k < graph.conflictCount(task); k++) {
            if (state[graph.conflict(task, k)] == TaskState.RUNNING) {
                return true;
            }
        }
        return false;
    }

    /** The heap position of the best non-critical ready task that overlaps no running task, or -1. */
    private int unblocked() {
        return fillIn(0, Long.MAX_VALUE);
    }

    /**
     * The next task of a strict order's sequence that has not started. When it is ready it is the
     * ready heap's first, as its key is the smallest left.
     */
    private int nextInSequence() {
        while (cursor < state.length && state[order.inSequence(cursor)] != TaskState.PENDING
                && state[order.inSequence(cursor)] != TaskState.READY) {
            cursor++;
        }
        return order.inSequence(cursor);
    }

    /**
     * When a pending task's dependencies are expected to have ended: the latest expected end of those
     * still running. In a strict order every dependency of the next task in sequence has started.
     */
    private long releaseOf(int task) {
        long release = 0;
        for (int k = 0; k < graph.dependencyCount(task); k++) {
            int dependency = graph.dependency(task, k);
            if (state[dependency] == TaskState.RUNNING) {
                release = Math.max(release, expectedFinish[dependency]);
            } else if (!state[dependency].isDone()) {
                return Long.MIN_VALUE; // not started: nothing is known to fit
            }
        }
        return release;
    }

    /**
     * The heap position of the best non-critical ready task that no cap holds back, that overlaps no
     * running task and that is expected to end by {@code deadline}, or -1.
     */
    private int fillIn(long now, long deadline) {
        int best = -1;
        int scan = Math.min(ready.size(), BACKFILL_SCAN);
        for (int k = 0; k < scan; k++) {
            int candidate = ready.at(k);
            if (!graph.isCritical(candidate) && caps.holding(candidate) < 0 && now + graph.estimateMillis(candidate) <= deadline
                    && !blocked(candidate) && (best < 0 || ready.before(k, best))) {
                best = k;
            }
        }
        return best;
    }

    /** Records that a running task succeeded and releases what waited only for it. */
    public void succeeded(int task) {
        end(task, TaskState.SUCCEEDED);
        if (mode == Mode.FLOW) {
            for (int k = 0; k < graph.dependentCount(task); k++) {
                int dependent = graph.dependent(task, k);
                if (--remainingDependencies[dependent] == 0 && state[dependent] == TaskState.PENDING) {
                    release(dependent);
                }
            }
        }
        advanceWave();
    }

    /**
     * Records that a running task failed or was cancelled, and skips every task that depends on it.
     *
     * @param skipped receives the newly skipped tasks, in no particular order
     */
    public void failed(int task, TaskState outcome, IntConsumer skipped) {
        if (outcome != TaskState.FAILED && outcome != TaskState.CANCELLED) {
            throw new IllegalArgumentException("task " + graph.id(task) + " cannot fail with state " + outcome
                    + "; a failed task ends FAILED or CANCELLED");
        }
        end(task, outcome);
        skipDependents(task, skipped);
        advanceWave();
    }

    private void skipDependents(int task, IntConsumer skipped) {
        int top = 0;
        skipStack[top++] = task;
        while (top > 0) {
            int source = skipStack[--top];
            for (int k = 0; k < graph.dependentCount(source); k++) {
                int dependent = graph.dependent(source, k);
                if (state[dependent] == TaskState.PENDING) {
                    state[dependent] = TaskState.SKIPPED;
                    finishInWave(dependent);
                    skipStack[top++] = dependent;
                    skipped.accept(dependent);
                }
            }
        }
    }

    /**
     * Cancels every task that has not started. Ready tasks are taken out of line; running tasks are
     * left to the caller, who reports each through {@link #failed} once it has stopped.
     *
     * @param cancelled receives the tasks cancelled here
     */
    public void cancelPending(IntConsumer cancelled) {
        ready.clear();
        caps.parkedCount = 0;
        for (int task = 0; task < state.length; task++) {
            if (state[task] == TaskState.PENDING || state[task] == TaskState.READY) {
                state[task] = TaskState.CANCELLED;
                done++;
                cancelled.accept(task);
            }
        }
    }

    /**
     * Takes a running task off its agent until {@link #retryNow} puts it back in line: it waits for a
     * retry without holding a slot, so the slot serves other ready work meanwhile. A critical task that
     * waits no longer blocks others; it runs alone again when it restarts.
     */
    public void retryLater(int task) {
        if (state[task] != TaskState.RUNNING) {
            throw new IllegalStateException("task " + graph.id(task) + " cannot wait for a retry from " + state[task]
                    + "; only a running task can");
        }
        state[task] = TaskState.PENDING;
        freeSlot(task);
    }

    /** Puts a task that waited for a retry back in line, with its own priority. */
    public void retryNow(int task) {
        if (state[task] != TaskState.PENDING) {
            throw new IllegalStateException("task " + graph.id(task) + " cannot be retried from " + state[task]
                    + "; only a task waiting for its retry can");
        }
        release(task);
    }

    /**
     * Records the outcome of a task that ended in an earlier session of the run (a resumed run),
     * before anything starts: a success releases its dependents, a failure skips them.
     *
     * @param outcome {@link TaskState#SUCCEEDED} or {@link TaskState#FAILED}
     * @param skipped receives the tasks skipped because of it
     */
    public void restore(int task, TaskState outcome, IntConsumer skipped) {
        if (outcome != TaskState.SUCCEEDED && outcome != TaskState.FAILED) {
            throw new IllegalArgumentException("task " + graph.id(task) + " cannot be restored as " + outcome
                    + "; only finished tasks are");
        }
        if (state[task] == TaskState.READY) {
            removeFromReady(task);
        } else if (state[task] != TaskState.PENDING) {
            throw new IllegalStateException("task " + graph.id(task) + " cannot be restored from " + state[task]);
        }
        state[task] = TaskState.RUNNING;
        running++;
        instance[task] = busyInstances.nextClearBit(0);
        busyInstances.set(instance[task]);
        slotTask[instance[task]] = task;
        occupyGroups(task);
        if (graph.isCritical(task)) {
            criticalRunning = true;
        }
        if (outcome == TaskState.SUCCEEDED) {
            succeeded(task);
        } else {
            failed(task, outcome, skipped);
        }
    }

    /** Whether every task has ended. */
    public boolean isFinished() {
        return done == state.length;
    }

    public int running() {
        return running;
    }

    public TaskState state(int task) {
        return state[task];
    }

    /** The agent slot (0-based) the task ran on; meaningful once it started. */
    public int instance(int task) {
        return instance[task];
    }

    public int agents() {
        return agents;
    }

    /** How many tasks may run at once now: {@link #agents} unless lowered by {@link #limit(int)}. */
    public int limit() {
        return limit;
    }

    /**
     * Lowers (or raises, up to {@link #agents}) how many tasks may run at once. Running tasks are not
     * stopped; no new task starts until fewer than {@code limit} run.
     */
    public void limit(int limit) {
        if (limit < 1 || limit > agents) {
            throw new IllegalArgumentException("limit must be between 1 and " + agents + ", got " + limit);
        }
        this.limit = limit;
    }

    public Mode mode() {
        return mode;
    }

    /** The priority order this dispatcher follows. */
    public PriorityOrder order() {
        return order;
    }

    private void release(int task) {
        state[task] = TaskState.READY;
        ready.add(task, order.key(task));
    }

    private void end(int task, TaskState outcome) {
        if (state[task] != TaskState.RUNNING) {
            throw new IllegalStateException(
                    "task " + graph.id(task) + " cannot transition from " + state[task] + " to " + outcome);
        }
        state[task] = outcome;
        freeSlot(task);
        finishInWave(task);
    }

    /** A running task no longer holds its agent, its cap groups or, when critical, the run to itself. */
    private void freeSlot(int task) {
        running--;
        releaseGroups(task);
        busyInstances.clear(instance[task]);
        slotTask[instance[task]] = -1;
        if (graph.isCritical(task)) {
            criticalRunning = false;
        }
    }

    private void finishInWave(int task) {
        done++;
        remainingInWave[waves.waveOf(task)]--;
    }

    private void advanceWave() {
        if (mode != Mode.WAVES) {
            return;
        }
        while (currentWave < waves.count() && remainingInWave[currentWave] == 0) {
            currentWave++;
            for (int task : waves.tasks(currentWave)) {
                if (state[task] == TaskState.PENDING) {
                    release(task);
                }
            }
        }
    }

    /** Receives task indices. */
    @FunctionalInterface
    public interface IntConsumer {
        void accept(int task);
    }
}
