package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Task;
import dev.wave.request.Settings;
import dev.wave.run.RunLimits;
import java.util.Optional;
import java.util.function.Function;

/** The run's limits from its settings: the budget, the caps and the fix waves. Stateless. */
final class LimitSettings {
    private LimitSettings() {}

    /** The limits of {@code run}, with every agent task under one provider ({@code agent}) until agents name theirs. */
    static RunLimits of(PreparedRun run) {
        return of(run, RunLimits.none().provider());
    }

    /**
     * @param run the prepared run: its settings and its check (re-run by fix waves for tasks without {@code verify:})
     * @param provider the agent CLI of each agent task ({@code claude}, ...): the key of its cap and its rate-limit pause
     */
    static RunLimits of(PreparedRun run, Function<Task, Optional<String>> provider) {
        requireNonNull(run, "run is null");
        requireNonNull(provider, "provider is null");
        Settings settings = run.settings();
        RunLimits limits = RunLimits.none().withCaps(settings.caps().value())
                .withFixAttempts(settings.fixAttempts().value()).withProvider(provider);
        if (settings.budgetUsd().value().isPresent()) {
            limits = limits.withBudgetUsd(settings.budgetUsd().value().get());
        }
        if (settings.budgetTokens().value().isPresent()) {
            limits = limits.withBudgetTokens(settings.budgetTokens().value().get());
        }
        if (run.check().isPresent()) {
            limits = limits.withRecheck(run.check().get().command());
        }
        return limits;
    }
}
