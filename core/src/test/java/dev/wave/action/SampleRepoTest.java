package dev.wave.action;

import dev.wave.testing.SampleRepo;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The setup of an action's tests: a fresh {@link SampleRepo} and its snapshot before the action runs. */
abstract class SampleRepoTest {
    @TempDir
    Path base;

    SampleRepo sample;
    Map<String, String> before;

    @BeforeEach
    void createRepo() {
        sample = SampleRepo.create(base);
        before = sample.snapshot();
    }
}
