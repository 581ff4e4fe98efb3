package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The templates that add to a system: a full-stack feature, a database migration, code generation. */
final class BuildTemplates {
    /** Code generation makes at most this many generator tasks. */
    static final int MAX_GENERATED_TARGETS = 100;

    private static final java.util.regex.Pattern DATABASE = compile(
            "\\b(?:database|db|tables?|schema|models?|columns?|migrations?|persist(?:ed|ence)? (?:in|to) (?:the )?(?:db|database))\\b",
            CASE_INSENSITIVE);
    static final java.util.regex.Pattern BACKEND = compile(
            "\\b(?:api|endpoints?|backend|server|services?|routes?|auth(?:entication)?|login|signup|rest|graphql|handlers?)\\b",
            CASE_INSENSITIVE);
    static final java.util.regex.Pattern FRONTEND = compile(
            "\\b(?:frontend|ui|components?|pages?|buttons?|modals?|css|themes?|toggle|header|dark mode|forms?|screens?|localstorage|react|vue)\\b",
            CASE_INSENSITIVE);
    static final java.util.regex.Pattern E2E = compile("\\b(?:e2e|end-to-end|browser|ui tests?)\\b", CASE_INSENSITIVE);

    private BuildTemplates() {}

    static void feature(TemplateContext c) {
        PlanBuilder b = c.builder;
        boolean database = DATABASE.matcher(c.text).find();
        boolean backend = BACKEND.matcher(c.text).find();
        boolean frontend = FRONTEND.matcher(c.text).find();
        if (!database && !backend && !frontend) {
            backend = true;
            c.notes.add("The goal names no layer (database, API, UI): planned as backend work.");
        }
        List<String> source = c.relevant(false);
        List<String> uiFiles = new ArrayList<>();
        List<String> serverFiles = new ArrayList<>();
        for (String file : source) {
            (Roles.isUiFile(file) ? uiFiles : serverFiles).add(file);
        }
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
                        serverFiles, Prompts.Access.EDIT,
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
            List<String> fanned = c.fanOut("update-components", Roles.FRONTEND_ENGINEER, after,
                    "Apply the goal to the UI in the files you own: " + c.text,
                    List.of("every component in the owned files does what the goal asks", "no other file changed"));
            if (fanned.isEmpty()) {
                built.add(b.agent("frontend-components", "Build the UI components", Roles.FRONTEND_ENGINEER,
                        Duration.ofMinutes(12), after,
                        "Build or change the UI components of the feature, following the contract in "
                                + "analyse-requirements' checkpoint and the project's component conventions.",
                        uiFiles, Prompts.Access.EDIT,
                        List.of("the components render in every state the feature has", "they follow the existing style")));
                built.add(b.agent("frontend-state", "Wire state and data", Roles.FRONTEND_ENGINEER, Duration.ofMinutes(12),
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
                List.of(), Prompts.Access.EDIT_IF_NEEDED,
                List.of("the feature works end to end", "the parts agree on the contract"));
        c.verify(c.writesTests() ? featureTests(b, integrate, backend, database, frontend) : List.of(integrate));
        if (c.writesDocs()) {
            b.agent("document-feature", "Document the feature", Roles.TECHNICAL_WRITER, Duration.ofMinutes(5), List.of(integrate),
                    "Document the feature for users and developers where the project documents such things (README, docs/).",
                    List.of(), Prompts.Access.EDIT_IF_NEEDED, List.of("the documentation says what the feature does and how to use it"));
        }
    }

    private static List<String> featureTests(PlanBuilder b, String integrate, boolean backend, boolean database, boolean frontend) {
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
        return testTasks;
    }

    /** Additions made file by file: type hints, annotations, docstrings. */
    private static final java.util.regex.Pattern PER_FILE_ADDITION = compile(
            "\\b(?:type hints|type annotations|annotations|docstrings)\\b", CASE_INSENSITIVE);

    /**
     * Type hints or docstrings over the source files in the goal's scope ("to all Python files in
     * pkg/"), in agent batches, each owning its files; false (nothing planned) when the scope holds
     * fewer than two source files, which the one-task addition covers.
     */
    private static boolean perFileAddition(TemplateContext c) {
        if (!GoalFacts.namedFiles(c.text, c.files).isEmpty()) {
            return false; // the files it names: the one-task addition, which owns them
        }
        FileScope scope = FileScope.of(c.text, c.goal.repository());
        List<String> files = new ArrayList<>();
        for (String file : c.files) {
            if (Languages.isSource(file) && scope.contains(file) && !GoalFacts.isTest(file)) {
                files.add(file);
            }
        }
        if (files.size() < 2) {
            return false;
        }
        java.util.regex.Matcher what = PER_FILE_ADDITION.matcher(c.text);
        what.find();
        String kind = what.group().toLowerCase(java.util.Locale.ROOT);
        dev.wave.scale.Batching batches = dev.wave.scale.Scaler.batch(files.size(),
                TemplatePlanner.AGENT_TIME_PER_FILE.toMillis() * files.size(), dev.wave.scale.ExecutorKind.AGENT,
                dev.wave.scale.TaskType.CODE_ANALYSIS, c.goal.limits(), c.goal.machine());
        c.batching = Optional.of(batches);
        c.findings.add(scope.line(files.size()) + ", tests left out");
        List<List<String>> parts = Partition.of(files, batches.batches());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            List<String> part = parts.get(i);
            ids.add(c.builder.agent("add-" + CleanupPlanner.slug(kind) + "-" + (i + 1), "Add " + kind + " to " + part.size()
                            + (part.size() == 1 ? " file in " : " files in ") + Partition.describeDirectories(part),
                    Roles.engineerFor(c.text, part), TemplatePlanner.AGENT_TIME_PER_FILE.multipliedBy(part.size()), List.of(),
                    "Add " + kind + " to the files you own, as the goal asks: " + c.text + ". Follow the style the project "
                            + "already uses; change no behaviour.",
                    part, Prompts.Access.EDIT_IF_NEEDED,
                    List.of("every public function, method and class in the owned files has " + kind,
                            "behaviour is unchanged; the tests still pass")));
        }
        c.notes.add("Added file by file: " + files.size() + " source files in " + parts.size()
                + (parts.size() == 1 ? " agent batch" : " agent batches") + " (" + dev.wave.plan.Durations.format(
                        TemplatePlanner.AGENT_TIME_PER_FILE) + " per file, estimate); a file that has them already may stay unchanged.");
        c.verify(ids);
        return true;
    }

    /**
     * One unit of code added where the goal says ("Add a retry helper to utils.py"): one task writes
     * it in the files the goal points at, one tests it; no requirements mapping, no integration, no
     * documentation task (the unit's docstring is part of writing it).
     */
    static void addition(TemplateContext c) {
        PlanBuilder b = c.builder;
        if (PER_FILE_ADDITION.matcher(c.text).find() && perFileAddition(c)) {
            return;
        }
        List<String> named = GoalFacts.namedFiles(c.text, c.files);
        List<String> source = named.isEmpty() ? c.relevant(false) : named;
        if (!named.isEmpty()) {
            c.findings.add("files the goal names: " + String.join(", ", named));
        }
        List<String> tests = c.relevant(true);
        c.notes.add("A small addition: one task writes it" + (source.isEmpty() ? "" : " in " + String.join(", ", source))
                + ", one tests it.");
        String write = b.agent("write-code", "Write the addition", Roles.engineerFor(c.text, source), Duration.ofMinutes(10),
                List.of(), "Add what the goal asks for, where it says, following the conventions of the code around it "
                        + "(naming, error handling, docstrings or comments, type hints where the file uses them): " + c.text,
                source, Prompts.Access.EDIT,
                List.of("the addition exists where the goal says and does what it asks", "existing behaviour is unchanged"));
        if (!c.writesTests()) {
            c.verify(List.of(write));
            return;
        }
        String test = b.agent("test-addition", "Test the addition", Roles.TEST_ENGINEER, Duration.ofMinutes(10), List.of(write),
                "Write tests for the addition write-code made (its checkpoint names it), beside the project's existing tests.",
                tests, Prompts.Access.EDIT,
                List.of("the addition's normal, edge and error cases are tested", "the tests pass"));
        c.verify(List.of(test));
    }

    private static final java.util.regex.Pattern MIGRATIONS_DIRECTORY = java.util.regex.Pattern.compile(
            "(?:[^/]+/)??(?:db/)?migrat(?:ions|e)/");

    static void migration(TemplateContext c) {
        PlanBuilder b = c.builder;
        boolean backend = BACKEND.matcher(c.text).find();
        List<String> source = c.relevant(false);
        Optional<MigrationTool> tool = migrationTool(c);
        List<String> migrationScope = new ArrayList<>(tool.map(MigrationTool::directories).orElse(List.of()));
        if (tool.isEmpty()) { // the migrations a project without a known tool keeps, where the new one goes
            for (String file : c.files) {
                java.util.regex.Matcher directory = MIGRATIONS_DIRECTORY.matcher(file);
                if (directory.lookingAt() && !migrationScope.contains(directory.group())) {
                    migrationScope.add(directory.group());
                }
            }
        }
        for (String file : source) {
            if (file.toLowerCase(java.util.Locale.ROOT).matches(".*(?:model|schema|entit|table).*") && !migrationScope.contains(file)) {
                migrationScope.add(file);
            }
        }
        for (String file : c.files) {
            if (migrationScope.size() < GoalFacts.MAX_RELEVANT && Languages.isSource(file) && !GoalFacts.isTest(file)
                    && file.toLowerCase(java.util.Locale.ROOT).matches("(?:.*/)?(?:models?|schema|entit(?:y|ies))(?:\\.[a-z]+|/.*)")
                    && !migrationScope.contains(file)) {
                migrationScope.add(file); // the models the migration must match
            }
        }
        String toolName = tool.map(MigrationTool::name).orElse("the project's migration tool");
        String analyse = b.agent("analyse-schema", "Analyse the current schema", Roles.DATABASE_ANALYST, Duration.ofMinutes(8),
                List.of(), "Read the current models and migrations and describe the exact schema change the goal needs. Change nothing.",
                source, Prompts.Access.READ_ONLY,
                List.of("the checkpoint lists the tables and columns to add, change or drop, with types and defaults",
                        "it names the migration tool the project uses"));
        String write = b.agent("write-migration", "Write the migration", Roles.MIGRATION_ENGINEER, Duration.ofMinutes(10),
                List.of(analyse), "Write the migration with " + toolName + " and update the models for the schema change in "
                        + "analyse-schema's checkpoint. Do not apply it.",
                migrationScope, Prompts.Access.EDIT,
                List.of("the migration has an upgrade and a downgrade", "the models match the migrated schema",
                        "existing rows get a valid value"));
        String backupScript = b.agent("write-data-backup", "Write the data backup and restore scripts", Roles.DATA_ENGINEER,
                Duration.ofMinutes(8), List.of(analyse),
                "Write a script that backs up the data of the tables the migration changes, and one that restores it.",
                List.of(), Prompts.Access.EDIT,
                List.of("the backup script writes a dated copy of the affected tables", "the restore script reverses it"));
        String preview = b.agent("preview-migration", "Preview the migration", Roles.MIGRATION_ENGINEER, Duration.ofMinutes(5),
                List.of(write), "Preview the migration without applying it (" + previewHint(tool) + ") and check "
                        + "the SQL it would run.",
                migrationScope, Prompts.Access.READ_ONLY,
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
                List.of(backupScript, preview), "Run the backup script from write-data-backup, writing the backup outside "
                        + "the repository (its path in your checkpoint), and check that it is complete. Change no file of the "
                        + "repository: the backup is data, not part of the change.",
                List.of(), Prompts.Access.READ_ONLY,
                List.of("the backup exists and its row counts match the tables"));
        beforeRun.add(backup);
        String run = tool.map(MigrationTool::command)
                .map(command -> b.shell("run-migration", "Apply the database migration (" + command + ")",
                        Roles.MIGRATION_ENGINEER, command, Duration.ofMinutes(5), Duration.ofMinutes(30), beforeRun, true))
                .orElseGet(() -> b.agent("run-migration", "Apply the database migration", Roles.MIGRATION_ENGINEER,
                        Duration.ofMinutes(5), beforeRun,
                        "Apply the migration from write-migration to the database, as the project applies its schema "
                                + "changes. Change no file of the repository: the migration's code is write-migration's; "
                                + "applying it changes the database only.", List.of(),
                        Prompts.Access.READ_ONLY, List.of("the migration is applied", "the checkpoint holds the tool's output"),
                        true));
        c.notes.add("run-migration is critical: it runs alone, after a backup, with approval.");
        String verifySchema = b.agent("verify-schema", "Verify the migrated schema", Roles.DATABASE_ANALYST,
                Duration.ofMinutes(5), List.of(run), "Check that the database schema matches the models after the migration. Change nothing.",
                List.of(), Prompts.Access.READ_ONLY, List.of("the checkpoint says match or lists every difference"));
        if (!c.writesTests()) {
            c.verify(List.of(verifySchema, tested));
            return;
        }
        String tests = b.agent("update-tests", "Test the migrated schema and the code that uses it", Roles.TEST_ENGINEER, Duration.ofMinutes(10),
                List.of(tested), "Add or update tests for the schema change and the code that uses it.", List.of(),
                Prompts.Access.EDIT, List.of("the new behaviour is tested", "the tests pass against the migrated schema"));
        c.verify(List.of(verifySchema, tests));
    }

    /** The project's migration tool, stated in the findings either way. */
    private static Optional<MigrationTool> migrationTool(TemplateContext c) {
        Optional<MigrationTool> tool = MigrationTool.detect(c.goal.repository(), c.files);
        if (tool.isPresent()) {
            c.findings.add("migration tool: " + tool.get().name() + " (" + tool.get().evidence() + ")"
                    + (tool.get().directories().isEmpty() ? "" : ", migrations in " + String.join(", ", tool.get().directories())));
        } else {
            c.findings.add("migration tool: none found (looked for " + MigrationTool.LOOKED_FOR + ")");
            c.notes.add("No migration tool found: write-migration follows how the project changes its schema today, or proposes a "
                    + "tool; run-migration is an agent task, as there is no command to run.");
        }
        return tool;
    }

    private static String previewHint(Optional<MigrationTool> tool) {
        return switch (tool.map(MigrationTool::name).orElse("")) {
            case "Alembic" -> "alembic upgrade head --sql";
            case "Django" -> "python3 manage.py sqlmigrate";
            case "Flyway" -> "flyway info and the SQL files";
            case "Liquibase" -> "liquibase update-sql";
            case "Rails" -> "read the migration and db/schema.rb";
            case "Prisma" -> "npx prisma migrate diff";
            default -> "read the SQL it would run";
        };
    }

    static void codeGeneration(TemplateContext c) {
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
            tested.add(!c.writesTests() ? generate : b.agent("test-generated", "Test the generated code", Roles.TEST_ENGINEER,
                    Duration.ofMinutes(15), List.of(generate), "Test the generated code against the specification.", List.of(),
                    Prompts.Access.EDIT, List.of("the generated code passes its tests")));
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
                if (!c.writesTests()) {
                    tested.add(generate);
                    continue;
                }
                tested.add(b.agent("test-" + slug, "Test " + (numbered ? "target " + target : target), Roles.TEST_ENGINEER,
                        Duration.ofMinutes(15), List.of(generate), "Test the generated code for " + what + ".", List.of(),
                        Prompts.Access.EDIT, List.of("the generated code for " + what + " passes its tests")));
            }
        }
        if (c.writesDocs()) {
            b.agent("document-generated", "Document the generated code", Roles.TECHNICAL_WRITER, Duration.ofMinutes(10), tested,
                    "Document how to use the generated code.", List.of(), Prompts.Access.EDIT,
                    List.of("each generated part has usage documentation"));
        }
        c.verify(tested);
    }
}
