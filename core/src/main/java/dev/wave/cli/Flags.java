package dev.wave.cli;

import dev.wave.engine.RunRequest;

/** How an option mixin hands its flags to a request: by config key, only the ones given. */
final class Flags {
    private Flags() {}

    /** {@code request} with {@code value} as the flag of {@code key}; as it is when the flag was not given ({@code null}). */
    static RunRequest with(RunRequest request, String key, String value) {
        return value == null ? request : request.withFlag(key, value);
    }
}
