package dev.wave.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium from Debian's package ({@code /usr/bin/chromium}; {@code .ci/run} installs it), to
 * check that a page renders in a real browser. Each call starts one browser process with its own
 * profile directory, offline, and waits for it (killing it after a minute).
 */
public final class Chromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern CONSOLE = Pattern.compile("CONSOLE\\(\\d+\\)\\] \"(.*)\", source: (.*)");

    private Chromium() {}

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** What the browser made of a page: the DOM after its scripts ran, and the console's errors. */
    public record Page(String dom, List<String> consoleErrors) {
        /** The value of {@code attribute} on the element with id {@code id}, or "" when absent. */
        public String attribute(String id, String attribute) {
            Matcher element = Pattern.compile("<[a-z]+[^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(dom);
            if (!element.find()) {
                return "";
            }
            Matcher value = Pattern.compile("\\b" + Pattern.quote(attribute) + "=\"([^\"]*)\"").matcher(element.group());
            return value.find() ? value.group(1) : "";
        }
    }

    /** Loads {@code page} and returns its DOM after the scripts ran, with any console errors. */
    public static Page load(Path page, Path profile) throws IOException, InterruptedException {
        Result result = run(profile, "--dump-dom", "--enable-logging=stderr", "--v=0", page.toUri().toString());
        List<String> errors = new ArrayList<>();
        for (String line : result.err().split("\n")) {
            Matcher console = CONSOLE.matcher(line);
            if (console.find()) {
                errors.add(console.group(1) + " (" + console.group(2) + ")");
            } else if (line.contains("Uncaught")) {
                errors.add(line);
            }
        }
        return new Page(result.out(), errors);
    }

    /** Renders {@code page} to a PNG of {@code width} x {@code height} pixels at {@code screenshot}. */
    public static void screenshot(Path page, Path screenshot, int width, int height, Path profile)
            throws IOException, InterruptedException {
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        run(profile, "--screenshot=" + screenshot.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri().toString());
    }

    private record Result(String out, String err) {}

    private static Result run(Path profile, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(List.of(arguments));
        Path out = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path err = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("chromium did not finish within 60 s: " + command);
            }
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        return new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
