package dev.wave.plan;

/**
 * Task id to plan index, in two flat arrays (open addressing, linear probing): no boxed integers
 * or entry objects, so a plan of a million tasks indexes in a few megabytes. Filled once, then
 * read-only and safe to share between threads.
 */
final class IdIndex {
    private final String[] keys;
    private final int[] values;
    private final int mask;

    IdIndex(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new String[capacity];
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** Adds {@code id} at {@code index}; returns the index it already had, or -1 if it is new. */
    int putIfAbsent(String id, int index) {
        int slot = spread(id.hashCode()) & mask;
        while (keys[slot] != null) {
            if (keys[slot].equals(id)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = id;
        values[slot] = index;
        return -1;
    }

    /** The index of {@code id}, or -1. */
    int get(String id) {
        int slot = spread(id.hashCode()) & mask;
        while (keys[slot] != null) {
            if (keys[slot].equals(id)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static int spread(int hash) {
        return (hash ^ (hash >>> 16)) * 0x9E3779B1;
    }
}
