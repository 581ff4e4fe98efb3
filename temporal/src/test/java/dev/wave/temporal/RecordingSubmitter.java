package dev.wave.temporal;

import dev.wave.plan.Plan;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.Waves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A hand-written submitting side: decodes and keeps the workflow's events; integrates everything; skips failures. */
final class RecordingSubmitter implements SubmitterActivities {
    private final Plan plan;
    private final Waves waves;
    private final List<RunEvent> events = new ArrayList<>();
    private final Map<String, TaskRecord> ended = new LinkedHashMap<>();
    private long expected;
    private int outOfOrder;

    RecordingSubmitter(Plan plan) {
        this.plan = plan;
        this.waves = Waves.of(plan.graph());
    }

    @Override
    public synchronized boolean record(Batch batch) {
        if (batch.sequence() != expected) {
            outOfOrder++;
        }
        expected = batch.sequence() + 1;
        for (String line : batch.events()) {
            if (Wire.decode(line, plan, waves) instanceof Wire.Event event) {
                events.add(event.event());
                if (event.event() instanceof RunEvent.TaskEnded taskEnded) {
                    ended.put(taskEnded.record().id(), taskEnded.record());
                }
            }
        }
        return true;
    }

    @Override
    public String integrate(Patch patch) {
        return "";
    }

    @Override
    public Resolution resolve(Failure failure) {
        return new Resolution("SKIP", "on_failure: continue");
    }

    synchronized Map<String, TaskRecord> ended() {
        return new LinkedHashMap<>(ended);
    }

    synchronized List<RunEvent> events() {
        return List.copyOf(events);
    }

    synchronized int outOfOrder() {
        return outOfOrder;
    }
}
