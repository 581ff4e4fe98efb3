package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds engines by name: {@code local}, and the {@link EngineProvider}s on the class path. Thread-safe. */
public final class Engines {
    /** Where a missing engine module comes from, for the error message. */
    static final String HOW_TO_INSTALL = "Build it with 'mvn -B -DskipTests package' at the root of wave's source (./wave "
            + "then puts temporal/target/wave-temporal.jar and its libraries on the class path), or run wave with "
            + "'java -cp core/target/wave.jar:temporal/target/wave-temporal.jar:temporal/target/lib/* dev.wave.cli.Main'.";

    private Engines() {}

    /** The providers on the class path. */
    public static List<EngineProvider> providers() {
        List<EngineProvider> found = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader()).forEach(found::add);
        return found;
    }

    /** The provider named {@code name}, if its module is on the class path. */
    public static Optional<EngineProvider> provider(String name) {
        requireNonNull(name, "name is null");
        return providers().stream().filter(provider -> provider.name().equals(name)).findFirst();
    }

    /**
     * The provider named {@code name}.
     *
     * @param option the option that named it, for the message
     * @throws WaveException of kind INVALID_INPUT when no module on the class path provides it
     */
    public static EngineProvider require(String name, String option) {
        return provider(name).orElseThrow(() -> WaveException.invalidInput(
                "%s %s: that engine is not installed (its module is not on the class path; installed: %s). %s", option,
                name, String.join(", ", names()), name.equals("temporal") ? HOW_TO_INSTALL
                        : "Use one of the installed engines."));
    }

    /** The names of the installed engines, {@code local} first. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(Engine.LOCAL);
        providers().forEach(provider -> names.add(provider.name()));
        return names;
    }
}
