package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.plan.Durations;
import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the patterns that need judgement as agent tasks from the seeds' templates: bug fix,
 * full-stack feature, database migration, testing suite, refactoring, code generation, and the
 * honest one-task plan for a goal no pattern matched. Each template sizes itself from the goal
 * (layers it names, items it lists, "all components" it wants changed) and the repository (files
 * named like the goal's words, the test command, the migration tool). Estimates are the seeds'
 * minutes; they are estimates and shown as such.
 */
final class TemplatePlanner {
    /** Estimated agent time per file when a step fans out over many files (an estimate). */
    static final Duration AGENT_TIME_PER_FILE = Duration.ofMinutes(5);
    /** Code generation makes at most this many generator tasks. */
    static final int MAX_GENERATED_TARGETS = 100;

    private static final java.util.regex.Pattern DATABASE = compile(
            "\\b(?:database|db|tables?|schema|models?|columns?|migrations?|persist(?:ed|ence)? (?:in|to) (?:the )?(?:db|database))\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern BACKEND = compile(
            "\\b(?:api|endpoints?|backend|server|services?|routes?|auth(?:entication)?|login|signup|rest|graphql|handlers?)\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern FRONTEND = compile(
            "\\b(?:frontend|ui|components?|pages?|buttons?|modals?|css|themes?|toggle|header|dark mode|forms?|screens?|localstorage|react|vue)\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern E2E = compile("\\b(?:e2e|end-to-end|browser|ui tests?)\\b", CASE_INSENSITIVE);

    private TemplatePlanner() {}

    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match) {
        Context context = new Context(goal, match);
        switch (match.pattern()) {
            case BUG_FIX -> bugFix(context);
            case FULL_STACK_FEATURE -> feature(context);
            case DATABASE_MIGRATION -> migration(context);
            case TESTING_SUITE -> testing(context);
            case REFACTORING -> refactoring(context);
            case CODE_GENERATION -> codeGeneration(context);
            case UNRECOGNISED -> unrecognised(context);
            case CLEANUP, FIND_AND_REPLACE, IMPORT_UPDATE -> throw new IllegalArgumentException(
                    "not a judgement pattern: " + match.pattern());
        }
        return context.result(match.pattern());
    }

    /** What every template works from, and what it collects. */
    private static final class Context {
        final Goal goal;
        final String text;
        final List<String> files;
        final PlanBuilder builder;
        final List<String> findings = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        Optional<Batching> batching = Optional.empty();

        Context(Goal goal, PatternMatcher.Match match) {
            this.goal = goal;
            this.text = goal.text();
            this.files = new ArrayList<>();
            RepositoryFiles.list(goal.repository()).forEach(file -> files.add(file.path()));
            Optional<TestCommand> tests = TestCommand.detect(goal.repository());
            this.builder = new PlanBuilder(text, tests);
            if (!match.triggers().isEmpty()) {
                notes.add("Recognised by: " + String.join(", ", match.triggers()));
            }
            findings.add(tests.map(test -> "test command: " + test.command() + " (" + test.tool() + ")")
                    .orElse("no test command (Maven, Gradle, npm, pytest, go, cargo, make)"));
        }

        List<String> relevant(boolean tests) {
            List<String> relevant = GoalFacts.relevantFiles(text, files, tests);
            if (!relevant.isEmpty()) {
                findings.add((tests ? "test files" : "files") + " named like the goal: " + String.join(", ", relevant));
            }
            return relevant;
        }

        /**
         * Fans a step out over the files of the kind the goal wants changed everywhere ("all
         * components"): one agent task per batch. Empty when the goal names no such kind or the
         * repository has fewer than two such files.
         */
        List<String> fanOut(String prefix, String role, List<String> dependsOn, String objective, List<String> criteria) {
            Optional<String> kind = GoalFacts.everyKind(text);
            if (kind.isEmpty()) {
                return List.of();
            }
            List<String> matching = GoalFacts.filesOfKind(kind.get(), files);
            if (matching.size() < 2) {
                return List.of();
            }
            Batching batches = Scaler.batch(matching.size(), AGENT_TIME_PER_FILE.toMillis() * matching.size(),
                    ExecutorKind.AGENT, TaskType.GENERAL, goal.limits(), goal.machine());
            batching = Optional.of(batches);
            findings.add(matching.size() + " " + kind.get() + " files");
            notes.add("Fanned out over " + matching.size() + " " + kind.get() + " files in " + batches.batches()
                    + (batches.batches() == 1 ? " agent batch" : " agent batches") + " ("
                    + Durations.format(AGENT_TIME_PER_FILE) + " per file, estimate).");
            List<List<String>> parts = Partition.of(matching, batches.batches());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                ids.add(builder.agent(prefix + "-" + (i + 1),
                        CleanupPlanner.capitalise(prefix.replace('-', ' ')) + ": " + part.size() + " " + kind.get()
                                + (part.size() == 1 ? " file in " : " files in ") + Partition.describeDirectories(part),
                        role, AGENT_TIME_PER_FILE.multipliedBy(part.size()), dependsOn, objective, part,
                        Prompts.Access.EDIT, criteria));
            }
            return ids;
        }

        void verify(List<String> dependsOn) {
            builder.verify(dependsOn, true);
        }

        GeneratedPlan result(Pattern pattern) {
            return new GeneratedPlan(builder.build(), pattern, pattern.taskType(), findings, notes, batching);
        }
    }

    private static void bugFix(Context c) {
        List<String> source = c.relevant(false);
        List<String> tests = c.relevant(true);
        PlanBuilder b = c.builder;
        String reproduce = b.agent("reproduce", "Reproduce the bug with a failing test", Roles.TEST_ENGINEER,
                Duration.ofMinutes(8), List.of(),
                "Write a test that reproduces the bug described in the goal, and fails on the current code. Do not fix the bug.",
                tests, Prompts.Access.EDIT,
                List.of("a new or changed test fails on the current code for the reported reason",
                        "no product code changed"));
        String trace = b.agent("trace-root-cause", "Find the root cause", Roles.CODE_REVIEWER, Duration.ofMinutes(10), List.of(),
                "Find the root cause of the bug described in the goal by reading the code paths involved. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint names the file, function and line of the root cause and why it fails",
                        "the checkpoint proposes the smallest fix"));
        String history = b.agent("check-history", "Check recent changes and logs", Roles.CODE_ANALYZER, Duration.ofMinutes(6),
                List.of(), "Check the recent history of the code involved in the bug (git log, git blame) and any logs "
                        + "or error reports in the repository. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the recent commits that touched the code involved",
                        "it says whether one of them likely introduced the bug"));
        String fix = b.agent("implement-fix", "Implement the fix", Roles.BACKEND_ENGINEER, Duration.ofMinutes(12),
                List.of(reproduce, trace, history),
                "Fix the bug described in the goal with the smallest change that makes the reproducing test pass; "
                        + "handle the failing case with a clear error instead of a crash.",
                source, Prompts.Access.EDIT,
                List.of("the reproducing test passes", "the other tests still pass", "no unrelated change"));
        c.verify(List.of(fix));
        b.agent("record-fix", "Record the fix in the changelog", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5), List.of(fix),
                "Record the fix where the project records changes (CHANGELOG, release notes); create nothing new if the project keeps none.",
                List.of(), Prompts.Access.EDIT,
                List.of("the entry says what was broken and what changed", "only documentation files changed"));
    }

    private static void feature(Context c) {
        PlanBuilder b = c.builder;
        boolean database = DATABASE.matcher(c.text).find();
        boolean backend = BACKEND.matcher(c.text).find();
        boolean frontend = FRONTEND.matcher(c.text).find();
        if (!database && !backend && !frontend) {
            backend = true;
            c.notes.add("The goal names no layer (database, API, UI): planned as backend work.");
        }
        List<String> source = c.relevant(false);
        String analyse = b.agent("analyse-requirements", "Map where the feature goes", Roles.CODE_REVIEWER,
                Duration.ofMinutes(5), List.of(),
                "Map where the feature described in the goal goes: the files, modules and components it will touch, the "
                        + "conventions to follow, and the interface between its parts. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the files to create or change, per part (data, API, UI)",
                        "it fixes the contract between the parts (names, routes, payloads)"));
        String dependencies = b.agent("check-dependencies", "Check dependencies and configuration", Roles.DEVOPS_ENGINEER,
                Duration.ofMinutes(5), List.of(),
                "Check whether the feature described in the goal needs new libraries, configuration or environment "
                        + "variables. Install and change nothing.",
                List.of(), Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists each needed dependency with a version, or says none is needed"));
        List<String> ready = List.of(analyse, dependencies);
        if (database) {
            String schema = b.agent("design-schema", "Add the data model", Roles.DATABASE_ANALYST, Duration.ofMinutes(10), ready,
                    "Add the data model or schema change the feature needs (models, and a migration file if the project "
                            + "uses migrations). Do not apply any migration.",
                    List.of(), Prompts.Access.EDIT,
                    List.of("the models hold what the feature stores", "any migration file has an upgrade and a downgrade"));
            ready = List.of(schema);
        }
        List<String> built = new ArrayList<>();
        if (backend) {
            List<String> fanned = c.fanOut("update-endpoints", Roles.BACKEND_ENGINEER, ready,
                    "Apply the goal to the endpoints in the files you own: " + c.text,
                    List.of("every endpoint in the owned files does what the goal asks", "no other file changed"));
            if (fanned.isEmpty()) {
                String logic = b.agent("backend-logic", "Implement the business logic", Roles.BACKEND_ENGINEER,
                        Duration.ofMinutes(15), ready,
                        "Implement the business logic of the feature in the service or domain layer, following the "
                                + "contract in analyse-requirements' checkpoint. Leave routes and UI to other tasks.",
                        List.of(), Prompts.Access.EDIT,
                        List.of("the logic handles the normal and the error cases", "it has no dependency on the web layer"));
                String api = b.agent("backend-api", "Add the API endpoints", Roles.BACKEND_ENGINEER, Duration.ofMinutes(15),
                        ready,
                        "Add the API endpoints or routes of the feature, with input validation and error responses, "
                                + "calling the business logic through the contract in analyse-requirements' checkpoint.",
                        List.of(), Prompts.Access.EDIT,
                        List.of("each endpoint validates its input and returns clear errors",
                                "routes follow the project's existing conventions"));
                built.add(logic);
                built.add(api);
            } else {
                built.addAll(fanned);
            }
        }
        if (frontend) {
            List<String> after = backend ? List.copyOf(built) : ready;
            List<String> fanned = c.fanOut("update-components", Roles.BACKEND_ENGINEER, after,
                    "Apply the goal to the UI in the files you own: " + c.text,
                    List.of("every component in the owned files does what the goal asks", "no other file changed"));
            if (fanned.isEmpty()) {
                built.add(b.agent("frontend-components", "Build the UI components", Roles.BACKEND_ENGINEER,
                        Duration.ofMinutes(12), after,
                        "Build or change the UI components of the feature, following the contract in "
                                + "analyse-requirements' checkpoint and the project's component conventions.",
                        List.of(), Prompts.Access.EDIT,
                        List.of("the components render in every state the feature has", "they follow the existing style")));
                built.add(b.agent("frontend-state", "Wire state and data", Roles.BACKEND_ENGINEER, Duration.ofMinutes(12),
                        after,
                        "Wire the feature's state and data flow in the UI (stores, hooks, API calls, persistence).",
                        List.of(), Prompts.Access.EDIT,
                        List.of("the UI reads and writes the feature's data through the agreed contract")));
            } else {
                built.addAll(fanned);
            }
        }
        String integrate = b.agent("integrate", "Integrate the parts", Roles.INTEGRATION_VALIDATOR, Duration.ofMinutes(8),
                built.isEmpty() ? ready : built,
                "Connect the parts of the feature end to end and fix mismatches between them (names, payloads, routes).",
                List.of(), Prompts.Access.EDIT,
                List.of("the feature works end to end", "the parts agree on the contract"));
        List<String> testTasks = new ArrayList<>();
        testTasks.add(b.agent("unit-tests", "Write unit tests", Roles.TEST_ENGINEER, Duration.ofMinutes(18), List.of(integrate),
                "Write unit tests for the feature's logic and components.", List.of(), Prompts.Access.EDIT,
                List.of("each new function or component has tests for its normal and error cases", "the tests pass")));
        if (backend || database) {
            testTasks.add(b.agent("integration-tests", "Write integration tests", Roles.TEST_ENGINEER, Duration.ofMinutes(18),
                    List.of(integrate), "Write integration tests for the feature's API and data access.", List.of(),
                    Prompts.Access.EDIT, List.of("the endpoints are tested through the project's test client", "the tests pass")));
        }
        if (frontend && backend) {
            testTasks.add(b.agent("e2e-tests", "Write end-to-end tests", Roles.INTEGRATION_VALIDATOR, Duration.ofMinutes(18),
                    List.of(integrate), "Write end-to-end tests of the feature through its UI, with the project's E2E tool if it has one.",
                    List.of(), Prompts.Access.EDIT, List.of("the main user path of the feature is covered")));
        }
        c.verify(testTasks);
        b.agent("document-feature", "Document the feature", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5), List.of(integrate),
                "Document the feature for users and developers where the project documents such things (README, docs/).",
                List.of(), Prompts.Access.EDIT, List.of("the documentation says what the feature does and how to use it"));
    }

    private static void migration(Context c) {
        PlanBuilder b = c.builder;
        boolean backend = BACKEND.matcher(c.text).find();
        List<String> source = c.relevant(false);
        String analyse = b.agent("analyse-schema", "Analyse the current schema", Roles.DATABASE_ANALYST, Duration.ofMinutes(8),
                List.of(), "Read the current models and migrations and describe the exact schema change the goal needs. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the tables and columns to add, change or drop, with types and defaults",
                        "it names the migration tool the project uses"));
        String write = b.agent("write-migration", "Write the migration", Roles.MIGRATION_ENGINEER, Duration.ofMinutes(10),
                List.of(analyse), "Write the migration and update the models for the schema change in analyse-schema's "
                        + "checkpoint. Do not apply it.",
                List.of(), Prompts.Access.EDIT,
                List.of("the migration has an upgrade and a downgrade", "the models match the migrated schema",
                        "existing rows get a valid value"));
        String backupScript = b.agent("write-data-backup", "Write the data backup and restore scripts", Roles.DATA_ENGINEER,
                Duration.ofMinutes(8), List.of(analyse),
                "Write a script that backs up the data of the tables the migration changes, and one that restores it.",
                List.of(), Prompts.Access.EDIT,
                List.of("the backup script writes a dated copy of the affected tables", "the restore script reverses it"));
        String preview = b.agent("preview-migration", "Preview the migration", Roles.MIGRATION_ENGINEER, Duration.ofMinutes(5),
                List.of(write), "Preview the migration without applying it (for example alembic upgrade head --sql) and check "
                        + "the SQL it would run.",
                List.of(), Prompts.Access.READ_ONLY,
                List.of("the checkpoint holds the SQL and says whether it is safe on existing data"));
        List<String> beforeRun = new ArrayList<>(List.of(preview));
        String tested = write;
        if (backend) {
            String update = b.agent("update-backend", "Update the application code", Roles.BACKEND_ENGINEER,
                    Duration.ofMinutes(12), List.of(write),
                    "Update the application code for the schema change as the goal describes (endpoints, services, serializers).",
                    source, Prompts.Access.EDIT,
                    List.of("the code reads and writes the new schema as the goal asks", "no unrelated change"));
            beforeRun.add(update);
            tested = update;
        }
        String backup = b.agent("back-up-data", "Back up the affected data", Roles.DATA_ENGINEER, Duration.ofMinutes(3),
                List.of(backupScript, preview), "Run the backup script from write-data-backup and check that the backup is "
                        + "complete. Change nothing but the backup's own output.",
                List.of(), Prompts.Access.EDIT,
                List.of("the backup exists and its row counts match the tables"));
        beforeRun.add(backup);
        String run = migrationCommand(c)
                .map(command -> b.shell("run-migration", "Apply the database migration (" + command + ")",
                        Roles.MIGRATION_ENGINEER, command, Duration.ofMinutes(5), Duration.ofMinutes(30), beforeRun, true))
                .orElseGet(() -> b.agent("run-migration", "Apply the database migration", Roles.MIGRATION_ENGINEER,
                        Duration.ofMinutes(5), beforeRun,
                        "Apply the database migration with the project's migration tool.", List.of(),
                        Prompts.Access.EDIT, List.of("the migration is applied", "the checkpoint holds the tool's output"),
                        true));
        c.notes.add("run-migration is critical: it runs alone, after a backup, with approval.");
        String verifySchema = b.agent("verify-schema", "Verify the migrated schema", Roles.DATABASE_ANALYST,
                Duration.ofMinutes(5), List.of(run), "Check that the database schema matches the models after the migration. Change nothing.",
                List.of(), Prompts.Access.READ_ONLY, List.of("the checkpoint says match or lists every difference"));
        String tests = b.agent("update-tests", "Test the schema change", Roles.TEST_ENGINEER, Duration.ofMinutes(10),
                List.of(tested), "Add or update tests for the schema change and the code that uses it.", List.of(),
                Prompts.Access.EDIT, List.of("the new behaviour is tested", "the tests pass against the migrated schema"));
        c.verify(List.of(verifySchema, tests));
    }

    /** The project's own migration command, when its tool is recognisable. */
    private static Optional<String> migrationCommand(Context c) {
        if (Files.isRegularFile(c.goal.repository().resolve("alembic.ini"))) {
            c.findings.add("migration tool: alembic (alembic.ini)");
            return Optional.of("alembic upgrade head");
        }
        if (Files.isRegularFile(c.goal.repository().resolve("manage.py"))) {
            c.findings.add("migration tool: Django (manage.py)");
            return Optional.of("python3 manage.py migrate");
        }
        return Optional.empty();
    }

    private static void testing(Context c) {
        PlanBuilder b = c.builder;
        List<String> source = c.relevant(false);
        String analyse = b.agent("analyse-code", "Map the code under test", Roles.TEST_ENGINEER, Duration.ofMinutes(5), List.of(),
                "Map the code the goal wants tested and the existing test setup (framework, fixtures, how tests run). Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the units to test and the test framework and conventions to use"));
        String fixtures = b.agent("test-fixtures", "Add fixtures and helpers", Roles.TEST_ENGINEER, Duration.ofMinutes(10),
                List.of(analyse), "Add the fixtures, factories and fakes the new tests need, where the project keeps them.",
                List.of(), Prompts.Access.EDIT, List.of("the helpers exist and are used by no production code"));
        List<String> ready = new ArrayList<>(List.of(fixtures));
        if (b.tests().isEmpty()) {
            ready.add(b.agent("test-config", "Set up the test runner", Roles.DEVOPS_ENGINEER, Duration.ofMinutes(10),
                    List.of(analyse), "Set up a test runner for the project, in its language's usual way, with one command to run all tests.",
                    List.of(), Prompts.Access.EDIT, List.of("one documented command runs the tests")));
        }
        List<String> items = GoalFacts.listedItems(c.text);
        List<String> writes = new ArrayList<>();
        if (!items.isEmpty()) {
            c.findings.add(items.size() + " areas to test: " + String.join(", ", items));
            for (String item : items) {
                writes.add(b.agent("write-tests-" + CleanupPlanner.slug(item), "Write tests for " + item, Roles.TEST_ENGINEER,
                        Duration.ofMinutes(20), ready, "Write the tests the goal asks for, for " + item + " only.",
                        List.of(), Prompts.Access.EDIT,
                        List.of("the normal, edge and error cases of " + item + " are covered", "the tests pass")));
            }
        } else {
            writes.add(b.agent("write-unit-tests", "Write unit tests", Roles.TEST_ENGINEER, Duration.ofMinutes(20), ready,
                    "Write the unit tests the goal asks for.", List.of(), Prompts.Access.EDIT,
                    List.of("each unit in analyse-code's list has tests for its normal, edge and error cases", "the tests pass")));
            writes.add(b.agent("write-integration-tests", "Write integration tests", Roles.TEST_ENGINEER, Duration.ofMinutes(20),
                    ready, "Write the integration tests the goal asks for.", List.of(), Prompts.Access.EDIT,
                    List.of("the parts the goal names are tested together", "the tests pass")));
            if (E2E.matcher(c.text).find()) {
                writes.add(b.agent("write-e2e-tests", "Write end-to-end tests", Roles.INTEGRATION_VALIDATOR,
                        Duration.ofMinutes(20), ready, "Write the end-to-end tests the goal asks for.", List.of(),
                        Prompts.Access.EDIT, List.of("the main user paths are covered", "the tests pass")));
            }
        }
        c.verify(writes);
        b.agent("document-tests", "Document how to run the tests", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5), writes,
                "Document how to run the new tests and what they cover, where the project documents development.",
                List.of(), Prompts.Access.EDIT, List.of("a developer can run the tests from the documentation alone"));
    }

    private static void refactoring(Context c) {
        PlanBuilder b = c.builder;
        List<String> source = c.relevant(false);
        String structure = b.agent("analyse-structure", "Analyse the current structure", Roles.CODE_REVIEWER,
                Duration.ofMinutes(8), List.of(), "Analyse the structure of the code the goal wants refactored. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint describes the current design and what the refactoring changes"));
        String usages = b.agent("map-usages", "Map every usage", Roles.CODE_ANALYZER, Duration.ofMinutes(8), List.of(),
                "List every place that uses the code the goal wants refactored. Change nothing.", source,
                Prompts.Access.READ_ONLY, List.of("the checkpoint lists every file and line that will need a change"));
        String plan = b.agent("plan-refactor", "Plan the refactoring", Roles.BACKEND_ENGINEER, Duration.ofMinutes(10),
                List.of(structure, usages), "Plan the refactoring in small steps that keep the code working, and split the "
                        + "files between the refactoring tasks by directory. Change nothing.",
                List.of(), Prompts.Access.READ_ONLY, List.of("the checkpoint holds the steps and the new names and signatures"));
        List<String> refactors = new ArrayList<>();
        if (source.size() >= 2) {
            Batching batches = Scaler.batch(source.size(), AGENT_TIME_PER_FILE.toMillis() * source.size(), ExecutorKind.AGENT,
                    TaskType.CODE_ANALYSIS, c.goal.limits(), c.goal.machine());
            c.batching = Optional.of(batches);
            List<List<String>> parts = Partition.of(source, batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                refactors.add(b.agent("refactor-" + (i + 1), "Refactor " + part.size() + (part.size() == 1 ? " file in " : " files in ")
                        + Partition.describeDirectories(part), Roles.BACKEND_ENGINEER,
                        AGENT_TIME_PER_FILE.multipliedBy(part.size()).plus(Duration.ofMinutes(10)), List.of(plan),
                        "Refactor the files you own as plan-refactor's checkpoint says: " + c.text, part, Prompts.Access.EDIT,
                        List.of("the owned files follow the new design", "behaviour is unchanged")));
            }
        } else {
            refactors.add(b.agent("refactor", "Execute the refactoring", Roles.BACKEND_ENGINEER, Duration.ofMinutes(20),
                    List.of(plan), "Execute the refactoring as plan-refactor's checkpoint says: " + c.text, source,
                    Prompts.Access.EDIT, List.of("the code follows the new design", "behaviour is unchanged")));
        }
        String references = b.agent("update-references", "Update remaining references", Roles.BACKEND_ENGINEER,
                Duration.ofMinutes(12), refactors, "Update every remaining reference to the old design that map-usages listed.",
                List.of(), Prompts.Access.EDIT, List.of("no reference to the old names or signatures remains"));
        String tests = b.agent("update-tests", "Update the tests", Roles.TEST_ENGINEER, Duration.ofMinutes(15),
                List.of(references), "Update the tests for the refactored code; add tests where behaviour was untested.",
                List.of(), Prompts.Access.EDIT, List.of("the tests exercise the new design", "the tests pass"));
        c.verify(List.of(tests));
        b.agent("document-refactor", "Update the documentation", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5),
                List.of(references), "Update documentation that describes the refactored code.", List.of(),
                Prompts.Access.EDIT, List.of("no documentation describes the old design"));
    }

    private static void codeGeneration(Context c) {
        PlanBuilder b = c.builder;
        List<String> items = GoalFacts.listedItems(c.text);
        Optional<GoalFacts.Count> count = GoalFacts.count(c.text);
        String analyse = b.agent("analyse-spec", "Analyse the specification", Roles.BACKEND_ENGINEER, Duration.ofMinutes(8),
                List.of(), items.isEmpty() && count.isPresent()
                        ? "Read the specification the generated code must follow, and choose the " + count.get().count() + " "
                                + count.get().noun() + " the goal asks for. Change nothing."
                        : "Read the specification the generated code must follow. Change nothing.",
                c.relevant(false), Prompts.Access.READ_ONLY,
                items.isEmpty() && count.isPresent()
                        ? List.of("the checkpoint lists the " + count.get().noun() + " numbered 1 to " + count.get().count(),
                                "it summarises the specification every generator follows")
                        : List.of("the checkpoint summarises the specification every generator follows"));
        List<String> targets = new ArrayList<>();
        if (!items.isEmpty()) {
            targets.addAll(items);
        } else if (count.isPresent()) {
            int n = Math.min(count.get().count(), MAX_GENERATED_TARGETS);
            if (count.get().count() > MAX_GENERATED_TARGETS) {
                c.notes.add("The goal asks for " + count.get().count() + " " + count.get().noun() + "; the plan generates "
                        + MAX_GENERATED_TARGETS + " and says so.");
            }
            for (int i = 1; i <= n; i++) {
                targets.add("#" + i);
            }
        }
        List<String> tested = new ArrayList<>();
        if (targets.isEmpty()) {
            String generate = b.agent("generate", "Generate the code", Roles.BACKEND_ENGINEER, Duration.ofMinutes(20),
                    List.of(analyse), "Generate the code the goal asks for: " + c.text, List.of(), Prompts.Access.EDIT,
                    List.of("the generated code follows the specification", "it builds"));
            tested.add(b.agent("test-generated", "Test the generated code", Roles.TEST_ENGINEER, Duration.ofMinutes(15),
                    List.of(generate), "Test the generated code against the specification.", List.of(), Prompts.Access.EDIT,
                    List.of("the generated code passes its tests")));
        } else {
            c.findings.add(targets.size() + " generation targets"
                    + (items.isEmpty() ? " (" + count.get().noun() + ", chosen by analyse-spec)" : ": " + String.join(", ", items)));
            for (String target : targets) {
                boolean numbered = target.startsWith("#");
                String slug = numbered ? target.substring(1) : CleanupPlanner.slug(target);
                String what = numbered ? "number " + target.substring(1) + " of analyse-spec's list" : target;
                String generate = b.agent("generate-" + slug, "Generate " + (numbered ? "target " + target : target),
                        Roles.BACKEND_ENGINEER, Duration.ofMinutes(20), List.of(analyse),
                        "Generate the code the goal asks for, for " + what + " only, in its own directory.", List.of(),
                        Prompts.Access.EDIT, List.of("the code for " + what + " follows the specification", "it builds"));
                tested.add(b.agent("test-" + slug, "Test " + (numbered ? "target " + target : target), Roles.TEST_ENGINEER,
                        Duration.ofMinutes(15), List.of(generate), "Test the generated code for " + what + ".", List.of(),
                        Prompts.Access.EDIT, List.of("the generated code for " + what + " passes its tests")));
            }
        }
        b.agent("document-generated", "Document the generated code", Roles.TECHNICAL_WRITER, Duration.ofMinutes(10), tested,
                "Document how to use the generated code.", List.of(), Prompts.Access.EDIT,
                List.of("each generated part has usage documentation"));
        c.verify(tested);
    }

    private static void unrecognised(Context c) {
        c.notes.add("No pattern recognised (cleanup, find-and-replace, import update, feature, bug fix, migration, testing, "
                + "refactoring, code generation): the plan is one agent task for the whole goal. Write a plan file for finer control.");
        String task = c.builder.agent("do-goal", CleanupPlanner.capitalise(shorten(c.text)), Roles.BACKEND_ENGINEER,
                Duration.ofMinutes(15), List.of(), c.text, c.relevant(false), Prompts.Access.EDIT,
                List.of("the goal is done as stated", "nothing unrelated changed"));
        c.verify(List.of(task));
    }

    private static String shorten(String text) {
        return text.length() <= 70 ? text : text.substring(0, 67) + "...";
    }
}
