package dev.wave.action;

import static dev.wave.action.Actions.inRepo;
import static dev.wave.action.Actions.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

final class MoveTest extends SampleRepoTest {
    @Test
    void files_moveIntoANewDirectory_notFromGitWaveOrBehindLinks() {
        ExecutionResult result = run(sample, "{name: move, glob: '**/*.log', to: archive}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("moved 2 entries into archive/ (5 paths changed)");
        assertThat(result.filesChanged())
                .containsExactly("archive/", "archive/app.log", "archive/debug.log", "logs/app.log", "logs/old/debug.log");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(
                inRepo("archive/", "archive/app.log", "archive/debug.log", "logs/app.log", "logs/old/debug.log"));
    }

    @Test
    void directory_movesWhole_recordingEveryPath() {
        ExecutionResult result = run(sample, "{name: move, paths: [src/nested], to: lib/deep}");

        assertThat(result.filesChanged()).containsExactly(
                "lib/", "lib/deep/", "lib/deep/nested/", "lib/deep/nested/c.py", "src/nested/", "src/nested/c.py");
        assertThat(sample.read("lib/deep/nested/c.py")).isEqualTo("recieve recieve\n");
    }

    @Test
    void link_movesAsALink() {
        ExecutionResult result = run(sample, "{name: move, paths: [link-out], to: links}");

        assertThat(result.filesChanged()).containsExactly("link-out", "links/", "links/link-out");
        assertThat(Files.isSymbolicLink(sample.repo.resolve("links/link-out"))).isTrue();
        assertThat(sample.outside.resolve("sub/x.log")).exists();
    }

    @Test
    void overlappingPaths_moveTheOuterOneOnce() {
        ExecutionResult result = run(sample, "{name: move, paths: [src/nested/c.py, src/nested, src/nested], to: lib}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.filesChanged()).containsExactly("lib/", "lib/nested/", "lib/nested/c.py", "src/nested/", "src/nested/c.py");
    }

    @Test
    void sameNameTwice_failsWithNothingMoved() {
        sample.write("repo/src/app.log", "x\n");
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: move, glob: '**/app.log', to: archive}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo(
                "logs/app.log and src/app.log would both move to archive/app.log; nothing was moved. Move them in separate tasks");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void intoItself_isRefused() {
        ExecutionResult result = run(sample, "{name: move, paths: [src], to: src/inner}");

        assertThat(result.summary()).isEqualTo(
                "cannot move src/ into src/inner/, which is inside it; nothing was moved. Exclude it from the scope");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void destinationThroughSymlinkToOutside_isRefused() {
        ExecutionResult result = run(sample, "{name: move, paths: [top.py], to: link-out/sub}");

        assertThat(result.summary()).startsWith("to \"link-out/sub\" resolves outside the repository");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void destinationThatIsALinkToOutside_isRefused() {
        ExecutionResult result = run(sample, "{name: move, paths: [top.py], to: link-out}");

        assertThat(result.summary()).startsWith("to \"link-out\" resolves outside the repository");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void existingTarget_isNotOverwritten() {
        sample.write("repo/logs/top.py", "keep\n");
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: move, paths: [top.py], to: logs}");

        assertThat(result.summary()).isEqualTo(
                "moving top.py would overwrite the existing logs/top.py; nothing was moved. Remove it first or narrow the scope");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void directoryHoldingGit_isRefused() {
        ExecutionResult result = run(sample, "{name: move, paths: [vendor], to: third_party}");

        assertThat(result.summary()).startsWith("cannot move vendor/: it holds vendor/lib/.git");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }
}
