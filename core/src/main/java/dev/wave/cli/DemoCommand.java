package dev.wave.cli;

import dev.wave.demo.Demo;
import dev.wave.demo.DemoRepository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
            "Makes a messy sample git repository to try wave on.",
            "%nA small Python project in git, messy on purpose "
                    + "(__pycache__ directories, some committed by mistake, stray *.pyc, .DS_Store, *.log, .coverage, "
                    + "WAVE_*.txt checkpoint files, empty directories) beside files that must survive (the sources, "
                    + "an ignored .env, a symbolic link, a binary file, names that only look like junk).",
            "%nThen clean it up, offline, with built-in file actions:%n"
                    + "  wave run \"Clean up the repository\" --repo wave-demo",
        })
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", defaultValue = DemoRepository.DEFAULT_DIRECTORY,
            description = "Where to make it; must not exist or be empty (default: ${DEFAULT-VALUE}).")
    Path directory;

    @Override
    public Integer call() {
        Demo demo = DemoRepository.create(directory);
        long files = demo.junk().stream().filter(path -> !path.endsWith("/")).count();
        long directories = demo.junk().size() - files;
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Made %s: a git repository (branch %s, commit %s) holding a small Python shop, messy on purpose.%n",
                directory, demo.branch(), demo.commit());
        out.printf("  Junk to clean up: %d files and %d empty directories: __pycache__ directories (some committed by "
                + "mistake), stray *.pyc, .DS_Store, *.log, .coverage and WAVE_*.txt checkpoint files.%n", files, directories);
        out.printf("  Must survive: %d source files, the ignored .env, the symbolic link current -> src/shop, the binary "
                + "assets/logo.png, and names that only look like junk (docs/logging.md, src/shop/logging_setup.py).%n",
                demo.sources().size());
        out.printf("Clean it up (wave shows the plan, asks, runs the built-in actions and commits):%n"
                + "  wave run \"Clean up the repository\" --repo %s%n", directory);
        out.flush();
        return ExitCodes.OK;
    }
}
