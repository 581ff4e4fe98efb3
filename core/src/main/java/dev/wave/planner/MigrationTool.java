package dev.wave.planner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The database migration tool a repository uses, found from its files: Alembic, Flyway,
 * Liquibase, Django, Rails or Prisma. Reads files; changes nothing.
 *
 * @param name the tool's name
 * @param evidence the file that shows it, for the analysis
 * @param command the command that applies pending migrations, from the repository root
 * @param directories where the tool keeps its migrations (repository-relative), for the tasks' scopes
 */
record MigrationTool(String name, String evidence, String command, List<String> directories) {
    /** The tools looked for, in the order they are tried, for the message when none is found. */
    static final String LOOKED_FOR = "Alembic, Flyway, Liquibase, Django, Rails, Prisma";

    MigrationTool {
        directories = List.copyOf(directories);
    }

    static Optional<MigrationTool> detect(Path root, List<String> files) {
        if (exists(root, "alembic.ini")) {
            return Optional.of(new MigrationTool("Alembic", "alembic.ini", "alembic upgrade head",
                    directoriesOf(files, "/versions/", "versions/")));
        }
        if (exists(root, "prisma/schema.prisma")) {
            return Optional.of(new MigrationTool("Prisma", "prisma/schema.prisma", "npx prisma migrate deploy",
                    List.of("prisma")));
        }
        if (exists(root, "manage.py")) {
            return Optional.of(new MigrationTool("Django", "manage.py", "python3 manage.py migrate",
                    directoriesOf(files, "/migrations/", "migrations/")));
        }
        if (exists(root, "bin/rails") || exists(root, "db/migrate") || read(root, "Gemfile").contains("'rails'")
                || read(root, "Gemfile").contains("\"rails\"")) {
            return Optional.of(new MigrationTool("Rails", exists(root, "bin/rails") ? "bin/rails" : "Gemfile", "bin/rails db:migrate",
                    List.of("db/migrate")));
        }
        for (String file : files) {
            String name = RepositoryFiles.nameOf(file);
            if (file.contains("db/migration/") && name.matches("[VRU]\\d+.*__.*\\.(?:sql|java)")) {
                return Optional.of(new MigrationTool("Flyway", file, exists(root, "pom.xml") ? "mvn -q flyway:migrate" : "flyway migrate",
                        List.of(RepositoryFiles.directoryOf(file))));
            }
        }
        String build = read(root, "pom.xml") + read(root, "build.gradle") + read(root, "build.gradle.kts");
        if (build.contains("flyway")) {
            return Optional.of(new MigrationTool("Flyway", "the build file", "flyway migrate", List.of()));
        }
        for (String file : files) {
            String name = RepositoryFiles.nameOf(file).toLowerCase(java.util.Locale.ROOT);
            if (name.contains("changelog") && name.matches(".*\\.(?:xml|ya?ml|json|sql)")
                    && read(root, file).contains("databaseChangeLog")) {
                return Optional.of(new MigrationTool("Liquibase", file, "liquibase update", List.of(RepositoryFiles.directoryOf(file))));
            }
        }
        if (build.contains("liquibase")) {
            return Optional.of(new MigrationTool("Liquibase", "the build file", "liquibase update", List.of()));
        }
        return Optional.empty();
    }

    private static List<String> directoriesOf(List<String> files, String marker, String topMarker) {
        List<String> directories = new ArrayList<>();
        for (String file : files) {
            int at = file.indexOf(marker);
            String directory = at >= 0 ? file.substring(0, at + marker.length() - 1) : file.startsWith(topMarker)
                    ? topMarker.substring(0, topMarker.length() - 1) : null;
            if (directory != null && !directories.contains(directory) && !GoalFacts.isTest(file)) {
                directories.add(directory);
            }
        }
        return directories.size() > 8 ? directories.subList(0, 8) : directories;
    }

    private static boolean exists(Path root, String path) {
        return Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS);
    }

    private static String read(Path root, String path) {
        Path file = root.resolve(path);
        try {
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) < (1 << 20) ? Files.readString(file) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
