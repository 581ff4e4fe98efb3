package dev.wave.run;

import java.util.ArrayList;
import java.util.List;

/** Collects what one step of the {@link RunCore} emits: events first recorded, then commands carried out. Not thread-safe. */
public final class Outbox {
    private final List<RunEvent> events = new ArrayList<>();
    private final List<CoreCommand> commands = new ArrayList<>();
    private final boolean wantsEvents;

    /** An outbox that keeps the core's events. */
    public Outbox() {
        this(true);
    }

    /** @param wantsEvents false when no one records or hears events: the core then skips making the per-attempt ones */
    public Outbox(boolean wantsEvents) {
        this.wantsEvents = wantsEvents;
    }

    boolean wantsEvents() {
        return wantsEvents;
    }

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
