package dev.wave.run;

import java.util.ArrayList;
import java.util.List;

/** Collects what one step of the {@link RunCore} emits: events first recorded, then commands carried out. Not thread-safe. */
public final class Outbox {
    private final List<RunEvent> events = new ArrayList<>();
    private final List<CoreCommand> commands = new ArrayList<>();

    void event(RunEvent event) {
        events.add(event);
    }

    void command(CoreCommand command) {
        commands.add(command);
    }

    public List<RunEvent> events() {
        return events;
    }

    public List<CoreCommand> commands() {
        return commands;
    }

    public boolean isEmpty() {
        return events.isEmpty() && commands.isEmpty();
    }

    public void clear() {
        events.clear();
        commands.clear();
    }
}
