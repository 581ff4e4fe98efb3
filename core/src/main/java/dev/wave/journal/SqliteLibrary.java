package dev.wave.journal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * Loads SQLite's native library for the journal from one copy per user and driver version, under
 * {@code $XDG_CACHE_HOME/wave} (else {@code ~/.cache/wave}), instead of the driver's default: unpacking its
 * 1.1 MB library from the jar into {@code /tmp} under a new name on every start, reading it back to compare,
 * and leaving it there when wave is killed. The copy is made once (written aside, then renamed into place) and
 * handed to the driver through its {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} properties;
 * where that cannot be done (no writable home, a library property already set) the driver does as it always
 * does, and so it does when the copy fails to load. Thread-safe; utility class.
 */
public final class SqliteLibrary {
    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";
    private static boolean loaded; // guarded by SqliteLibrary.class

    private SqliteLibrary() {}

    /**
     * Loads the library (once per JVM); a failure is left for the first connection to report. Cheap when done.
     */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        if (System.getProperty(PATH) == null && System.getProperty(NAME) == null) {
            cacheDirectory(System.getenv()).flatMap(SqliteLibrary::cachedCopy).ifPresent(copy -> {
                System.setProperty(PATH, copy.getParent().toString());
                System.setProperty(NAME, copy.getFileName().toString());
            });
        }
        try {
            org.sqlite.SQLiteJDBCLoader.initialize();
        } catch (Exception | LinkageError e) {
            // The first connection loads it again and says what is wrong.
        }
    }

    /** Where wave keeps its per-user copies: {@code $XDG_CACHE_HOME/wave}, else {@code $HOME/.cache/wave}. */
    static Optional<Path> cacheDirectory(Map<String, String> environment) {
        String cache = environment.getOrDefault("XDG_CACHE_HOME", "");
        if (!cache.isEmpty() && Path.of(cache).isAbsolute()) {
            return Optional.of(Path.of(cache, "wave"));
        }
        String home = environment.getOrDefault("HOME", "");
        if (!home.isEmpty() && Path.of(home).isAbsolute()) {
            return Optional.of(Path.of(home, ".cache", "wave"));
        }
        return Optional.empty();
    }

    /**
     * The driver's library for this machine, copied once under {@code directory}, named after the driver's
     * version and the library's size in the jar; empty when the jar has none or it cannot be written.
     */
    static Optional<Path> cachedCopy(Path directory) {
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        URL url = org.sqlite.SQLiteJDBCLoader.class.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false);
            long size = connection.getContentLengthLong();
            Path copy = directory.resolve("sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-" + size + "-"
                    + org.sqlite.util.LibraryLoaderUtil.getNativeLibName());
            if (size > 0 && Files.isRegularFile(copy) && Files.size(copy) == size) {
                return Optional.of(copy);
            }
            Files.createDirectories(directory);
            Path aside = Files.createTempFile(directory, ".sqlite-", ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, aside, StandardCopyOption.REPLACE_EXISTING);
                // Another wave may have put its copy there meanwhile: the same bytes.
                Files.move(aside, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(aside);
            }
            return Optional.of(copy);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
