package dev.wave.engine;

import dev.wave.agent.IntegrationLog;
import dev.wave.git.Git;
import dev.wave.journal.Json;
import dev.wave.journal.RunJournal;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import dev.wave.worktree.MergeFinish;
import dev.wave.worktree.MergeWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merges of agent tasks in the run journal, so that a process that dies between a merge and the journal's record
 * of the task's end does not run the task again on a working tree that already holds its change, or part of it.
 * Before a merge writes, its new contents are staged in the task's worktree and an {@value #INTENT} event (the task,
 * its branch and commit, and for each path what it holds, what it will hold and where the new content waits) is made
 * durable; after it, an {@value #DONE} event. A resume finds the intents of the dead session with no task end after
 * them: a task whose every path holds what its merge wrote is recorded as succeeded (integrated) and not run again;
 * a merge cut short (some paths written, the others as they were, their new contents staged) is finished first
 * ({@link MergeFinish}), then recorded so; a merge that cannot be finished (a path changed since, the staged contents
 * gone, or an intent from a wave that staged nothing) is dropped and the task runs again from the start, as any task
 * that was running, and the resume says why in its output.
 */
final class MergeRecovery {
    /** The event kind of a merge about to write: task, and the branch, commit and files as JSON. */
    static final String INTENT = "integration_intent";
    /** The event kind of a merge in the working tree: task, and the commit merged. */
    static final String DONE = "integration_done";

    private MergeRecovery() {
    }

    /**
     * The detail of an {@value #INTENT} event, written and read back as JSON: the branch and commit merged, and the
     * SHA-256 each path will hold ({@code null} where the merge deletes it), in the merge's order.
     */
    record Intent(String branch, String commit, LinkedHashMap<String, String> files, List<Write> writes) {
        Intent {
            writes = writes == null ? List.of() : List.copyOf(writes); // an intent written before writes were recorded
        }

        Intent(String branch, String commit, LinkedHashMap<String, String> files) {
            this(branch, commit, files, List.of());
        }

        List<MergeWrite> mergeWrites() {
            return writes.stream().map(Write::toMergeWrite).toList();
        }
    }

    /** A {@link MergeWrite} as JSON: absent values are {@code null}. */
    record Write(String path, String before, String after, String staged) {
        static Write of(MergeWrite write) {
            return new Write(write.path(), write.before().orElse(null), write.after().orElse(null),
                    write.staged().map(Path::toString).orElse(null));
        }

        MergeWrite toMergeWrite() {
            return new MergeWrite(path, Optional.ofNullable(before), Optional.ofNullable(after),
                    Optional.ofNullable(staged).map(Path::of));
        }
    }

    /** Records each merge in {@code journal}, durably, before it writes and once it has. */
    static IntegrationLog journaling(RunJournal journal) {
        return new IntegrationLog() {
            @Override
            public void intended(String taskId, String branch, String commit, List<MergeWrite> writes) {
                LinkedHashMap<String, String> paths = new LinkedHashMap<>();
                writes.forEach(write -> paths.put(write.path(), write.after().orElse(null)));
                String detail;
                try {
                    detail = Json.COMPACT.writeValueAsString(new Intent(branch, commit, paths,
                            writes.stream().map(Write::of).toList()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the merge intent of " + taskId, e);
                }
                journal.record(INTENT, Optional.of(taskId), detail);
            }

            @Override
            public void integrated(String taskId) {
                journal.record(DONE, Optional.of(taskId), "");
            }
        };
    }

    /**
     * The tasks of the run's last session whose merge is in the working tree of {@code prepared}'s repository though
     * the journal has no end for them, a merge cut short being finished first: as succeeded (integrated), in plan
     * order, from the start of their last attempt to the intent of their merge. Reads {@code events} (the run's, as
     * {@code state} was read from) and the files; tells {@code log} what it finished and what it gave up.
     */
    static List<TaskRecord> merged(List<RunStore.EventRow> events, RunState state, PreparedRun prepared,
            java.util.function.Consumer<String> log) {
        Map<String, Intent> pending = new LinkedHashMap<>();
        Map<String, Long> started = new LinkedHashMap<>();
        Map<String, Long> intended = new LinkedHashMap<>();
        for (RunStore.EventRow event : events) {
            switch (event.kind()) {
                case "attempt_started" -> started.put(event.task().orElseThrow(), event.at());
                case INTENT -> {
                    pending.put(event.task().orElseThrow(), parse(event.detail().orElseThrow()));
                    intended.put(event.task().orElseThrow(), event.at());
                }
                case "task_ended" -> pending.remove(event.task().orElseThrow());
                case "resumed" -> pending.clear(); // an earlier resume decided those
                default -> {
                    // other events say nothing about a merge
                }
            }
        }
        if (pending.isEmpty()) {
            return List.of(); // the usual resume: no merge was cut short, so no git process is started
        }
        Optional<Path> root = Git.open(prepared.repository()).map(Git::root);
        if (root.isEmpty()) {
            return List.of();
        }
        List<TaskRecord> merged = new ArrayList<>();
        for (int index = 0; index < prepared.plan().size(); index++) {
            String id = prepared.plan().task(index).id();
            Intent intent = pending.get(id);
            if (intent == null || state.finished().containsKey(id)) {
                continue;
            }
            String how;
            if (!intent.writes().isEmpty()) {
                // finish() tells a moved file from a staged one, so a change of mode alone is not taken for done
                MergeFinish.Outcome outcome = MergeFinish.finish(root.get(), intent.mergeWrites());
                if (outcome instanceof MergeFinish.NotFinished notFinished) {
                    log.accept("task " + id + ": its merge was cut short by the process's death and cannot be finished ("
                            + notFinished.reason() + "); it runs again");
                    continue;
                }
                MergeFinish.Finished finished = (MergeFinish.Finished) outcome;
                how = finished.written() == 0 ? "was merged before the process died"
                        : "was cut short by the process's death after " + (finished.total() - finished.written()) + " of "
                                + finished.total() + " files and finished on resume";
            } else if (holds(root.get(), intent.files())) {
                how = "was merged before the process died";
            } else {
                log.accept("task " + id + ": its merge was cut short by the process's death and cannot be finished (its "
                        + "journal records no staged contents); it runs again");
                continue;
            }
            List<String> files = new ArrayList<>(intent.files().keySet());
            long end = intended.get(id);
            long start = started.getOrDefault(id, end);
            merged.add(new TaskRecord(index, id, prepared.analysis().waves().waveOf(index), Optional.empty(),
                    TaskState.SUCCEEDED, Optional.of(Instant.ofEpochMilli(start)), Optional.of(Instant.ofEpochMilli(end)),
                    end - start, Optional.of(0),
                    state.starts().getOrDefault(id, 1), "integrated: branch " + intent.branch() + " at "
                    + intent.commit() + " " + how, files,
                    state.spent().getOrDefault(id, Usage.NONE)));
        }
        return merged;
    }

    /** Whether every path of {@code files} holds what the merge wrote (absent where it deleted). */
    private static boolean holds(Path root, Map<String, String> files) {
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!MergeFinish.sha(root.resolve(file.getKey())).equals(Optional.ofNullable(file.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static Intent parse(String detail) {
        try {
            return Json.MAPPER.readValue(detail, Intent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the journal's merge intent " + detail + " is not JSON", e);
        }
    }
}
