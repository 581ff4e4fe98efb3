package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SqliteLibraryTest {
    @TempDir
    Path cache;

    @Test
    void cacheDirectory_isXdgCacheHome_elseHomesCache_elseNone() {
        assertThat(SqliteLibrary.cacheDirectory(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/h"))).contains(Path.of("/c/wave"));
        assertThat(SqliteLibrary.cacheDirectory(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/h")))
                .contains(Path.of("/h/.cache/wave"));
        assertThat(SqliteLibrary.cacheDirectory(Map.of())).isEmpty();
    }

    @Test
    void cachedCopy_holdsTheJarsLibrary_madeOnce_andLeavesNothingAside() throws Exception {
        Path copy = SqliteLibrary.cachedCopy(cache).orElseThrow();
        byte[] library;
        String resource = org.sqlite.util.LibraryLoaderUtil.getNativeLibResourcePath() + "/"
                + org.sqlite.util.LibraryLoaderUtil.getNativeLibName();
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            library = in.readAllBytes();
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(library);
        long written = Files.getLastModifiedTime(copy).toMillis();
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));

        assertThat(SqliteLibrary.cachedCopy(cache)).contains(copy);

        assertThat(Files.getLastModifiedTime(copy).toMillis()).as("not written again").isEqualTo(written - 60_000);
        try (var entries = Files.list(cache)) {
            assertThat(entries).containsExactly(copy);
        }
    }

    @Test
    void cachedCopy_replacesACopyOfTheWrongSize() throws Exception {
        Path copy = SqliteLibrary.cachedCopy(cache).orElseThrow();
        long size = Files.size(copy);
        Files.write(copy, new byte[10]);

        assertThat(SqliteLibrary.cachedCopy(cache)).contains(copy);

        assertThat(Files.size(copy)).isEqualTo(size);
    }

    @Test
    void cachedCopy_isNone_whereTheDirectoryCannotBeMade() throws Exception {
        Path file = Files.writeString(cache.resolve("a-file"), "x");

        assertThat(SqliteLibrary.cachedCopy(file.resolve("wave"))).isEmpty();
    }
}
