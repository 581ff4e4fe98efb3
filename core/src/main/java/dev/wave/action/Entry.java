package dev.wave.action;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One entry of the repository as a walk saw it, without following links.
 *
 * @param path the absolute path
 * @param relative the repository-relative path with {@code /} separators
 * @param kind what it is
 * @param attributes its attributes (of the link itself for a link)
 */
record Entry(Path path, String relative, Kind kind, BasicFileAttributes attributes) {
    Entry {
        requireNonNull(path, "path is null");
        requireNonNull(relative, "relative is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(attributes, "attributes is null");
    }

    /** The path as checkpoints record it: directories end with {@code /}. */
    String recorded() {
        return kind == Kind.DIRECTORY ? relative + "/" : relative;
    }

    String name() {
        return path.getFileName().toString();
    }

    enum Kind {
        FILE,
        DIRECTORY,
        LINK,
        /** A pipe, socket or device. */
        OTHER;

        static Kind of(BasicFileAttributes attributes) {
            if (attributes.isSymbolicLink()) {
                return LINK;
            }
            if (attributes.isDirectory()) {
                return DIRECTORY;
            }
            return attributes.isRegularFile() ? FILE : OTHER;
        }
    }
}
