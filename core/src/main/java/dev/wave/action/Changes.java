package dev.wave.action;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an action changed and said, gathered while it runs: the repository-relative paths it
 * created, modified or removed (directories end with {@code /}), and lines for the task log.
 * Thread-safe.
 */
final class Changes {
    private final Object lock = new Object();
    private final Set<String> changed = new TreeSet<>(); // guarded by lock
    private final List<String> log = new ArrayList<>(); // guarded by lock

    void changed(String path) {
        synchronized (lock) {
            changed.add(path);
        }
    }

    void log(String line) {
        synchronized (lock) {
            log.add(line);
        }
    }

    /** Records a change and logs it as {@code "<verb> <path>"}. */
    void changed(String verb, String path) {
        synchronized (lock) {
            changed.add(path);
            log.add(verb + " " + path);
        }
    }

    /** The changed paths, sorted. */
    List<String> files() {
        synchronized (lock) {
            return List.copyOf(changed);
        }
    }

    int count() {
        synchronized (lock) {
            return changed.size();
        }
    }

    List<String> logLines() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }
}
