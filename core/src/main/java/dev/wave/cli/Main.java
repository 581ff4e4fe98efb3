package dev.wave.cli;

/** The {@code wave} command. */
public final class Main {
    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    private Main() {}

    public static void main(String[] args) {
        // On JDK 17-21 the default posix_spawn goes through a helper process: vfork starts each task
        // about twice as fast. JDK 22+ deprecates vfork and starts processes fast without it.
        if (Runtime.version().feature() < 22 && System.getProperty(LAUNCH_MECHANISM) == null) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        System.exit(WaveCommand.commandLine(System.in).execute(args));
    }
}
