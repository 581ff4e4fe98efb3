package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.scale.Machine;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "wave",
        mixinStandardHelpOptions = true,
        versionProvider = WaveCommand.Version.class,
        description = "Runs a coding goal as a dependency graph of tasks on parallel agents (shell commands, "
                + "built-in file actions, coding agents), safely, with a measured report.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0    everything succeeded",
            "  1    a task failed",
            "  2    invalid input or usage (nothing was changed)",
            "  3    not approved (critical tasks need --approve-critical), another run",
            "       holds the repository or waits to be resumed, or unsafe to go on",
            "       (nothing was changed);",
            "       also: a rollback that could not be verified",
            "  70   internal error (a bug in wave; --verbose shows the stack trace)",
            "  130  interrupted (Ctrl-C or SIGTERM): running tasks killed, summary written",
        })
final class WaveCommand {
    /** The commands, in the order {@code wave --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(PlanCommand.class, RunCommand.class, ResumeCommand.class,
            StatusCommand.class, HistoryCommand.class, CancelCommand.class, AbandonCommand.class, GcCommand.class,
            DemoCommand.class, RollbackCommand.class, SimulateCommand.class, ReportCommand.class, WorkerCommand.class,
            CommandLine.HelpCommand.class);

    private final InputStream in;
    private final Supplier<Machine> machine;
    private final Supplier<Map<String, String>> environment;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces with errors.")
    boolean verbose;

    WaveCommand(InputStream in, Supplier<Machine> machine, Supplier<Map<String, String>> environment) {
        this.in = in;
        this.machine = machine;
        this.environment = environment;
    }

    InputStream in() {
        return in;
    }

    /** What this machine offers, for scaling. */
    Machine machine() {
        return machine.get();
    }

    /** The process environment, for the planner: API keys, base URLs, PATH. */
    Map<String, String> environment() {
        return environment.get();
    }

    /** The wave command line, with wave's error handling and exit codes, scaling for this machine. */
    static CommandLine commandLine(InputStream in) {
        return commandLine(in, Machine::detect);
    }

    /**
     * {@link #commandLine(InputStream)} for parsing {@code args}: when they name a command, with that command only.
     * picocli builds the model of every command it is given, by reflection; building one instead of all fourteen
     * saves most of that on every start. {@code wave --help}, {@code wave help ...} and an unknown command get them all.
     */
    static CommandLine commandLine(InputStream in, String[] args) {
        Optional<Class<?>> named = args.length == 0 ? Optional.empty() : SUBCOMMANDS.stream()
                .filter(command -> command != CommandLine.HelpCommand.class && name(command).equals(args[0])).findFirst();
        return commandLine(in, Machine::detect, System::getenv, named.map(List::<Class<?>>of).orElse(SUBCOMMANDS));
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    /** The wave command line, scaling for the machine {@code machine} describes, in this process's environment. */
    static CommandLine commandLine(InputStream in, Supplier<Machine> machine) {
        return commandLine(in, machine, System::getenv);
    }

    /**
     * The wave command line, scaling for the machine {@code machine} describes, with {@code environment}
     * as the process environment the planner reads (tests pass their own).
     */
    static CommandLine commandLine(InputStream in, Supplier<Machine> machine, Supplier<Map<String, String>> environment) {
        return commandLine(in, machine, environment, SUBCOMMANDS);
    }

    private static CommandLine commandLine(InputStream in, Supplier<Machine> machine, Supplier<Map<String, String>> environment,
            List<Class<?>> subcommands) {
        WaveCommand command = new WaveCommand(in, machine, environment);
        CommandLine line = new CommandLine(command);
        subcommands.forEach(line::addSubcommand);
        line.setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
            if (exception instanceof WaveException wave) {
                commandLine.getErr().println("wave: " + wave.getMessage());
                if (command.verbose) {
                    wave.printStackTrace(commandLine.getErr());
                }
                commandLine.getErr().flush();
                return ExitCodes.of(wave.kind());
            }
            commandLine.getErr().println("wave: internal error: " + exception
                    + (command.verbose ? "" : " (run again with --verbose for the stack trace, and please report it)"));
            if (command.verbose) {
                exception.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return ExitCodes.INTERNAL;
        });
        line.setParameterExceptionHandler((exception, args) -> {
            CommandLine commandLine = exception.getCommandLine();
            if (commandLine.getParent() == null && exception instanceof CommandLine.UnmatchedArgumentException unmatched
                    && args.length > 0 && unmatched.getUnmatched().indexOf(args[0]) == 0 && !args[0].startsWith("-")) {
                commandLine.getErr().println("wave: unknown command '" + args[0] + "' (commands: "
                        + String.join(", ", commandLine.getSubcommands().keySet()) + "). See 'wave --help'.");
                commandLine.getErr().flush();
                return ExitCodes.INVALID_INPUT;
            }
            commandLine.getErr().println("wave: " + exception.getMessage() + ". See '"
                    + commandLine.getCommandSpec().qualifiedName() + " --help'.");
            commandLine.getErr().flush();
            return ExitCodes.INVALID_INPUT;
        });
        return line;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WaveCommand.class.getPackage().getImplementationVersion();
            return new String[] {"wave " + (version == null ? "development build" : version)};
        }
    }
}
