package dev.wave.check;

import dev.wave.check.TestResults.Status;
import dev.wave.check.TestResults.TestId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Finds and reads JUnit XML reports: Maven surefire and failsafe ({@code target/surefire-reports/TEST-*.xml}),
 * Gradle ({@code build/test-results/<task>/TEST-*.xml}) and pytest's {@code --junitxml} file. Parsing is
 * secure: no DTDs, no external entities. Thread-safe; utility class.
 */
final class JUnitReports {
    /** The directories a build tool writes its reports into. */
    private static final Set<String> REPORT_DIRECTORIES = Set.of("surefire-reports", "failsafe-reports", "test-results");
    /** Never searched: version control, wave's own files, dependencies, virtual environments, caches. */
    private static final Set<String> SKIPPED = Set.of(".git", ".wave", "node_modules", ".venv", "venv", ".tox", ".nox",
            "__pycache__", ".mypy_cache", ".pytest_cache", ".gradle", ".idea");
    private static final int MAX_DEPTH = 24;

    private JUnitReports() {}

    /** A report file's identity on disk, to tell a report the command wrote from one that was there before. */
    record Stamp(long modifiedMillis, long size) {}

    /** The report files under {@code root} with their stamps. Reads directories only; never fails. */
    static Map<Path, Stamp> find(Path root) {
        Map<Path, Stamp> found = new HashMap<>();
        try {
            Files.walkFileTree(root, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                    Path name = directory.getFileName();
                    return name != null && !directory.equals(root) && SKIPPED.contains(name.toString())
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && isReport(root.relativize(file))) {
                        found.put(file, new Stamp(attributes.lastModifiedTime().toMillis(), attributes.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // What was found so far is what there is.
        }
        return found;
    }

    /** The reports in {@code after} that are new or changed since {@code before}: those the command wrote. */
    static List<Path> written(Map<Path, Stamp> before, Map<Path, Stamp> after) {
        List<Path> written = new ArrayList<>();
        after.forEach((file, stamp) -> {
            if (!stamp.equals(before.get(file))) {
                written.add(file);
            }
        });
        written.sort(null);
        return written;
    }

    /** {@code TEST-*.xml} under a report directory. */
    static boolean isReport(Path relative) {
        String name = relative.getFileName().toString();
        if (!name.startsWith("TEST-") || !name.endsWith(".xml")) {
            return false;
        }
        for (Path part : relative) {
            if (REPORT_DIRECTORIES.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the test cases of the reports: a case with a {@code failure} or {@code error} failed (a
     * surefire {@code flakyFailure} passed on a rerun, so it passed), one with {@code skipped} was skipped,
     * the others passed. A report that cannot be read is left out and named in {@code unreadable}.
     */
    static Optional<TestResults> read(List<Path> reports, List<String> unreadable) {
        Map<TestId, Status> tests = new LinkedHashMap<>();
        int read = 0;
        for (Path report : reports) {
            try (InputStream in = Files.newInputStream(report)) {
                parse(in, tests);
                read++;
            } catch (IOException | XMLStreamException | RuntimeException e) {
                unreadable.add(report.getFileName() + ": " + e.getMessage());
            }
        }
        if (read == 0) {
            return Optional.empty();
        }
        return Optional.of(TestResults.perTest(tests, read + (read == 1 ? " JUnit XML report" : " JUnit XML reports")));
    }

    /** Adds the test cases of one report to {@code tests}. */
    static void parse(InputStream in, Map<TestId, Status> tests) throws XMLStreamException {
        XMLStreamReader reader = factory().createXMLStreamReader(in);
        try {
            TestId current = null;
            Status status = Status.PASSED;
            int depth = 0; // depth inside the current testcase
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String element = reader.getLocalName();
                    if (current == null && element.equals("testcase")) {
                        current = new TestId(attribute(reader, "classname"), attribute(reader, "name"));
                        status = Status.PASSED;
                        depth = 0;
                    } else if (current != null) {
                        depth++;
                        if (depth == 1 && (element.equals("failure") || element.equals("error"))) {
                            status = Status.FAILED;
                        } else if (depth == 1 && element.equals("skipped") && status != Status.FAILED) {
                            status = Status.SKIPPED;
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && current != null) {
                    if (depth == 0) {
                        Status ended = status;
                        tests.merge(current, ended, Status::worst);
                        current = null;
                    } else {
                        depth--;
                    }
                }
            }
        } finally {
            reader.close();
        }
    }

    private static String attribute(XMLStreamReader reader, String name) {
        String value = reader.getAttributeValue(null, name);
        return value == null ? "" : value.strip();
    }

    /** A StAX factory that reads no DTD and resolves no external entity. */
    private static XMLInputFactory factory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entity refused: " + systemId);
        });
        return factory;
    }
}
