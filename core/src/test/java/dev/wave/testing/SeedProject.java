package dev.wave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A small Python project for the seeds' requests, committed in a git repository: a stdlib HTTP app
 * ({@code app/server.py}), a users table whose column ({@code mail}) does not match what the code
 * writes ({@code email}), unittest tests that pytest runs (the project's check), unused imports,
 * dead code, and junk: a wave checkpoint file, bytecode, an old migration backup, a test output and
 * a stray notes file at the top. And the seed agent (resource {@code seed-agent/claude}), a fake
 * Claude Code that makes each task's edit as an agent would and prints Claude Code's stream-json.
 */
public final class SeedProject {
    /** The tracked junk the cleanup request removes (besides bytecode, which the scan finds). */
    public static final String CHECKPOINT = "WAVE_3_I4_CHECKPOINT.txt";

    /**
     * The interpreter {@code python3} on {@code PATH} resolves to, asked once: the seed agent names it in its first
     * line, so each of its runs skips a version manager's shim (pyenv's costs about 0.1 s a start), and is the same
     * Python; {@code /usr/bin/env python3} when it cannot be asked.
     */
    private static final String PYTHON = interpreter();

    private SeedProject() {}

    private static String interpreter() {
        try {
            Process process = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            boolean ended = process.waitFor(60, TimeUnit.SECONDS);
            if (ended && process.exitValue() == 0 && output.startsWith("/") && !output.matches(".*\\s.*")
                    && Files.isExecutable(Path.of(output))) {
                return output;
            }
            process.destroyForcibly();
        } catch (IOException e) {
            // no python3: the agent's own line says so when it runs
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "/usr/bin/env python3";
    }

    /** The project in {@code directory}, committed. */
    public static ScratchRepository create(Path directory) {
        ScratchRepository git = ScratchRepository.empty(directory);
        git.write("app/__init__.py", "");
        git.write("app/schema.py", "\"\"\"The database schema.\"\"\"\nimport os\n\nSCHEMA_VERSION = 1\n"
                + "USERS_TABLE = \"CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, mail TEXT)\"\n");
        git.write("app/db.py", "import json\nimport sqlite3\n\nfrom app.schema import USERS_TABLE\n\n\n"
                + "def connect(path=\":memory:\"):\n    conn = sqlite3.connect(path)\n    conn.execute(USERS_TABLE)\n    return conn\n\n\n"
                + "def add_user(conn, name, email):\n    conn.execute(\"INSERT INTO users (name, email) VALUES (?, ?)\", (name, email))\n\n\n"
                + "def _old_export(conn):\n    return None\n");
        git.write("app/server.py", "import json\nimport re\nfrom http.server import BaseHTTPRequestHandler\n\nROUTES = {}\n\n\n"
                + "def route(path):\n    def register(handler):\n        ROUTES[path] = handler\n        return handler\n    return register\n\n\n"
                + "@route(\"/health\")\ndef health():\n    return {\"status\": \"ok\"}\n\n\n"
                + "class Handler(BaseHTTPRequestHandler):\n    def do_GET(self):\n        handler = ROUTES.get(self.path)\n"
                + "        self.send_response(200 if handler else 404)\n        self.end_headers()\n"
                + "        if handler:\n            self.wfile.write(json.dumps(handler()).encode())\n");
        git.write("tests/__init__.py", "");
        git.write("tests/test_server.py", "import os\nimport unittest\n\nfrom app.server import ROUTES\n\n\n"
                + "class ServerTest(unittest.TestCase):\n    def test_health(self):\n"
                + "        self.assertEqual(ROUTES[\"/health\"](), {\"status\": \"ok\"})\n");
        git.write("tests/test_db.py", "import unittest\n\nfrom app.db import connect\n\n\n"
                + "class DbTest(unittest.TestCase):\n    def test_connect_creates_the_users_table(self):\n"
                + "        self.assertEqual(connect().execute(\"SELECT count(*) FROM users\").fetchone(), (0,))\n");
        git.write("README.md", "# sample\n\nRun the tests: `python3 -m pytest`.\n");
        git.write("migrations/0001_init.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, mail TEXT);\n");
        git.write("migrations/0001_init.sql.bak", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
        git.write("tests/output.log", "..\nRan 2 tests\nOK\n");
        git.write("notes.txt", "todo: login\n");
        git.write(CHECKPOINT, "wave checkpoint\n");
        git.write("app/__pycache__/db.cpython-311.pyc", "bytecode");
        git.write("app/old.pyc", "bytecode");
        git.git("add", "-A");
        git.git("commit", "-q", "-m", "sample project");
        return git;
    }

    /** Writes the seed agent into {@code directory} and returns its absolute path. */
    public static Path installAgent(Path directory) {
        try (InputStream in = SeedProject.class.getResourceAsStream("/seed-agent/claude")) {
            if (in == null) {
                throw new IllegalStateException("missing test resource seed-agent/claude");
            }
            Files.createDirectories(directory);
            Path agent = directory.resolve("claude");
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String shebang = "#!/usr/bin/env python3\n";
            Files.writeString(agent, script.startsWith(shebang) ? "#!" + PYTHON + "\n" + script.substring(shebang.length())
                    : script, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
            return agent.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
