package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The migration tool is found from the repository's files, and the plan says when there is none. */
final class MigrationToolTest {
    @TempDir
    Path directory;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            alembic.ini                                             | Alembic   | alembic upgrade head
            prisma/schema.prisma                                    | Prisma    | npx prisma migrate deploy
            manage.py                                               | Django    | python3 manage.py migrate
            bin/rails                                               | Rails     | bin/rails db:migrate
            src/main/resources/db/migration/V1__init.sql            | Flyway    | flyway migrate
            db/changelog/db.changelog-master.yaml                   | Liquibase | liquibase update
            """)
    void toolFiles_nameTheToolAndItsCommand(String file, String tool, String command) {
        SampleRepository repo = new SampleRepository(directory).file(file, "databaseChangeLog:\n").file("app/models.py", "class User: pass\n");
        List<String> files = new ArrayList<>();
        RepositoryFiles.list(directory).forEach(entry -> files.add(entry.path()));

        MigrationTool found = MigrationTool.detect(repo.root(), files).orElseThrow();

        assertThat(found.name()).isEqualTo(tool);
        assertThat(found.command()).isEqualTo(command);
        GeneratedPlan plan = repo.plan("Add a last_login_at column to the users table with a migration");
        assertThat(plan.findings()).anySatisfy(line -> assertThat(line).startsWith("migration tool: " + tool + " ("));
        assertThat(SampleRepository.task(plan.plan(), "run-migration").action().describe()).contains(command);
    }

    @org.junit.jupiter.api.Test
    void noTool_isSaid_andTheMigrationIsAnAgentTask() {
        SampleRepository repo = new SampleRepository(directory).file("app/models.py", "class User: pass\n");

        GeneratedPlan plan = repo.plan("Add a last_login_at column to the users table with a migration");

        assertThat(plan.findings()).contains("migration tool: none found (looked for Alembic, Flyway, Liquibase, Django, Rails, Prisma)");
        assertThat(plan.agentTasks()).contains("run-migration");
        assertThat(SampleRepository.task(plan.plan(), "write-migration").scope()).contains("app/models.py");
    }
}
