package dev.wave.cli;

/** The {@code wave} command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(WaveCommand.commandLine(System.in).execute(args));
    }
}
