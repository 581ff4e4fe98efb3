package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Content comes back byte for byte even where git would convert it: text attributes, autocrlf, ident. */
final class FiltersTest {
    @TempDir
    Path directory;

    @Test
    void rollback_withTextAttributes_restoresCrlfFilesByteForByte() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write(".gitattributes", "* text=auto\n*.id ident\n");
        repository.write("unix.txt", "one\ntwo\n");
        repository.write("stamp.id", "$Id$\n");
        repository.write("committed-crlf.txt", "kept\r\nas is\r\n");
        repository.age("committed-crlf.txt");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        repository.write("windows.txt", "one\r\ntwo\r\n");
        repository.write("unix.txt", "one\r\ntwo changed\r\n");

        backUpChangeAndRollBack(repository, () -> {
            repository.write("windows.txt", "rewritten\n");
            repository.delete("unix.txt");
            repository.write("stamp.id", "$Id: changed $\n");
            repository.delete("committed-crlf.txt");
        });

        assertThat(repository.read("windows.txt")).isEqualTo("one\r\ntwo\r\n");
        assertThat(repository.read("unix.txt")).isEqualTo("one\r\ntwo changed\r\n");
        assertThat(repository.read("committed-crlf.txt")).isEqualTo("kept\r\nas is\r\n");
    }

    @Test
    void rollback_withAutocrlf_restoresFilesByteForByte() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.git("config", "core.autocrlf", "input");
        repository.write("mixed.txt", "one\r\ntwo\n");
        repository.write("clean.txt", "stored with LF\r\nshown with CRLF\r\n");
        repository.age("clean.txt");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        repository.write("mixed.txt", "one\r\ntwo\nthree\r\n");
        repository.write("new.txt", "a\r\nb\r\n");

        backUpChangeAndRollBack(repository, () -> {
            repository.write("mixed.txt", "gone\n");
            repository.delete("new.txt");
            repository.delete("clean.txt");
        });

        assertThat(repository.read("mixed.txt")).isEqualTo("one\r\ntwo\nthree\r\n");
        assertThat(repository.read("new.txt")).isEqualTo("a\r\nb\r\n");
        assertThat(repository.read("clean.txt")).isEqualTo("stored with LF\r\nshown with CRLF\r\n");
    }

    /** Takes a Wave 0 backup, lets {@code run} change the repository, rolls back, and checks the state is as before. */
    private static void backUpChangeAndRollBack(ScratchRepository repository, Runnable run) {
        ScratchRepository.State before = repository.state();
        Backups backups = new Backups(git(repository), Clock.systemUTC());
        BackupState state = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        run.run();
        RollbackResult result = new Rollback(git(repository), backups).restore(state, "undo-1");

        assertThat(result.verified()).isTrue();
        assertThat(repository.state()).isEqualTo(before);
    }

    private static Git git(ScratchRepository repository) {
        return Git.open(repository.root()).orElseThrow();
    }
}
