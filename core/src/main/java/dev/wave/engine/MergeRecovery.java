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
import dev.wave.worktree.Worktrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merges of agent tasks in the run journal, so that a process that dies between a merge and the journal's record
 * of the task's end does not run the task again on a working tree that already holds its change. Before a merge
 * writes, an {@value #INTENT} event (the task, its branch and commit, and what each path will hold) is made durable;
 * after it, an {@value #DONE} event. A resume finds the intents of the dead session with no task end after them: a
 * task whose every path holds what its merge wrote is recorded as succeeded (integrated) and not run again; otherwise
 * the intent is dropped and the task runs again from the start, as any task that was running.
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
    record Intent(String branch, String commit, LinkedHashMap<String, String> files) {
    }

    /** Records each merge in {@code journal}, durably, before it writes and once it has. */
    static IntegrationLog journaling(RunJournal journal) {
        return new IntegrationLog() {
            @Override
            public void intended(String taskId, String branch, String commit, Map<String, Optional<String>> files) {
                LinkedHashMap<String, String> paths = new LinkedHashMap<>();
                files.forEach((path, sha) -> paths.put(path, sha.orElse(null)));
                String detail;
                try {
                    detail = Json.COMPACT.writeValueAsString(new Intent(branch, commit, paths));
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
     * the journal has no end for them: as succeeded (integrated), in plan order, from the start of their last attempt
     * to the intent of their merge. Reads the journal and the files.
     */
    static List<TaskRecord> merged(RunStore store, RunState state, PreparedRun prepared) {
        Map<String, Intent> pending = new LinkedHashMap<>();
        Map<String, Long> started = new LinkedHashMap<>();
        Map<String, Long> intended = new LinkedHashMap<>();
        for (RunStore.EventRow event : store.events(state.run().runId())) {
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
            if (intent == null || state.finished().containsKey(id) || !holds(root.get(), intent.files())) {
                continue;
            }
            List<String> files = new ArrayList<>(intent.files().keySet());
            long end = intended.get(id);
            long start = started.getOrDefault(id, end);
            merged.add(new TaskRecord(index, id, prepared.analysis().waves().waveOf(index), Optional.empty(),
                    TaskState.SUCCEEDED, Optional.of(Instant.ofEpochMilli(start)), Optional.of(Instant.ofEpochMilli(end)),
                    end - start, Optional.of(0),
                    state.starts().getOrDefault(id, 1), "integrated: branch " + intent.branch() + " at "
                    + intent.commit() + " was merged before the process died", files,
                    state.spent().getOrDefault(id, Usage.NONE)));
        }
        return merged;
    }

    /** Whether every path of {@code files} holds what the merge wrote (absent where it deleted). */
    private static boolean holds(Path root, Map<String, String> files) {
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!sha(root.resolve(file.getKey())).equals(Optional.ofNullable(file.getValue()))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> sha(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                return Optional.of(Worktrees.sha256(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8)));
            }
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Worktrees.sha256(Files.readAllBytes(file)))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to tell whether a merge was done", e);
        }
    }

    private static Intent parse(String detail) {
        try {
            return Json.MAPPER.readValue(detail, Intent.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the journal's merge intent " + detail + " is not JSON", e);
        }
    }
}
