package dev.wave.planner;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.plan.Plan;
import dev.wave.planner.model.Message;
import dev.wave.planner.model.ModelClient;
import dev.wave.planner.model.ModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans with a model: sends the goal and the repository's outline, reads the plan from the reply,
 * and sends back what was wrong with an invalid one, at most {@code attempts} times in all.
 * Thread-safe when its client is; blocks while the model answers.
 */
final class ModelPlanner implements Planner {
    private final ModelClient client;
    private final int attempts;

    ModelPlanner(ModelClient client, int attempts) {
        this.client = requireNonNull(client, "client is null");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.attempts = attempts;
    }

    @Override
    public GeneratedPlan plan(Goal goal) {
        RepositoryOutline outline = RepositoryOutline.of(goal.repository(), goal.text());
        List<Message> conversation = new ArrayList<>(List.of(Message.user(PlanPrompt.user(goal.text(), outline))));
        String source = "the plan from " + client.describe();
        String lastError = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            String reply;
            try {
                reply = client.complete(PlanPrompt.system(), conversation);
            } catch (ModelException e) {
                throw WaveException.invalidInput("the model planner could not plan: %s. Check the model's address and "
                        + "key, or plan offline with --planner heuristic.", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw WaveException.invalidInput("the model planner was interrupted while %s answered.", client.describe());
            }
            try {
                // critical keywords are looked for in the model's prompts too, whatever the model said
                Plan plan = PlanReply.parse(source, reply).withCriticalInPrompts(true);
                List<String> notes = new ArrayList<>();
                if (attempt > 1) {
                    notes.add("The model's plan was valid on attempt " + attempt + " of " + attempts + "; the earlier "
                            + "replies were sent back with their errors.");
                }
                return new GeneratedPlan(plan, PatternMatcher.match(goal.text()).pattern(), PlanPrompt.taskType(plan),
                        List.of(outline.files() + " files in the repository"), notes, Optional.empty());
            } catch (WaveException invalid) {
                lastError = invalid.getMessage();
                conversation.add(Message.assistant(reply));
                conversation.add(Message.user(PlanPrompt.repair(lastError)));
            }
        }
        throw WaveException.invalidInput("the model planner gave no valid plan in %d attempt%s; the last error: %s Try "
                + "again, use another model, or plan offline with --planner heuristic.", attempts, attempts == 1 ? "" : "s",
                lastError);
    }
}
