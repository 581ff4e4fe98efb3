package dev.wave.planner;

import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The offline planner: recognises the goal's pattern, then plans it with that pattern's planner. */
enum HeuristicPlanner implements Planner {
    INSTANCE;

    @Override
    public GeneratedPlan plan(Goal goal) {
        Path root = realDirectory(goal.repository());
        Goal resolved = new Goal(goal.text(), root, goal.limits(), goal.machine());
        PatternMatcher.Match match = PatternMatcher.match(goal.text());
        Optional<List<GoalParts.Part>> parts = GoalParts.split(goal.text());
        if (parts.isPresent() && CompoundPlanner.accepts(parts.get())) {
            return CompoundPlanner.plan(resolved, parts.get());
        }
        return plan(resolved, match);
    }

    /** Plans {@code resolved} as one concern of pattern {@code match}, in a resolved repository. */
    static GeneratedPlan plan(Goal resolved, PatternMatcher.Match match) {
        return plan(resolved, match, Set.of());
    }

    /**
     * Plans {@code resolved} as one concern of pattern {@code match}, leaving out the tasks of the
     * concerns other parts of a compound goal take care of ({@code leftOut}: tests, documentation).
     */
    static GeneratedPlan plan(Goal resolved, PatternMatcher.Match match, Set<CompoundPlanner.Concern> leftOut) {
        return switch (match.pattern()) {
            case CLEANUP -> CleanupPlanner.plan(resolved, match);
            case FIND_AND_REPLACE -> ReplacePlanner.findAndReplace(resolved, match);
            case IMPORT_UPDATE -> ReplacePlanner.imports(resolved, match);
            case FILE_RENAME -> FileRenamePlanner.plan(resolved, match);
            case TEST_RUN -> TestRunPlanner.plan(resolved, match);
            case COMPOUND -> throw new IllegalArgumentException("a compound goal is planned by its parts");
            case FULL_STACK_FEATURE, BUG_FIX, DATABASE_MIGRATION, TESTING_SUITE, REFACTORING, CODE_GENERATION, CODE_ADDITION, UNRECOGNISED ->
                    TemplatePlanner.plan(resolved, match, leftOut);
        };
    }

    private static Path realDirectory(Path repository) {
        try {
            Path real = repository.toRealPath();
            if (!Files.isDirectory(real)) {
                throw WaveException.invalidInput("%s is not a directory. Give the repository to plan for.", repository);
            }
            return real;
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot read the repository (%s). Check the path.", repository,
                    e.getMessage());
        }
    }
}
