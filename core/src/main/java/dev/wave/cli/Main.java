package dev.wave.cli;

/** The {@code wave} command. */
public final class Main {
    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    private Main() {}

    public static void main(String[] args) {
        // The default posix_spawn goes through a helper process (jspawnhelper): vfork starts each task
        // about 1.7 times as fast (10k starts of `true` on 2 threads, this project's machine). JDK 22+
        // deprecates vfork and prints a warning on every start of a JVM that asks for it, so there
        // wave keeps the default and its process starts cost more.
        if (Runtime.version().feature() < 22 && System.getProperty(LAUNCH_MECHANISM) == null) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        System.exit(WaveCommand.commandLine(System.in, args).execute(args));
    }
}
