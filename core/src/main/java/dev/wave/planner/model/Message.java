package dev.wave.planner.model;

import static java.util.Objects.requireNonNull;

/** One turn of a conversation with the model: {@code user} or {@code assistant}. */
public record Message(Role role, String text) {
    public Message {
        requireNonNull(role, "role is null");
        requireNonNull(text, "text is null");
    }

    public static Message user(String text) {
        return new Message(Role.USER, text);
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, text);
    }

    public enum Role {
        USER("user"),
        ASSISTANT("assistant");

        private final String wire;

        Role(String wire) {
            this.wire = wire;
        }

        /** The role's name in both APIs' JSON. */
        public String wire() {
            return wire;
        }
    }
}
