package dev.wave.schedule;

import java.util.Arrays;

/**
 * A binary min-heap of task indices, each with a {@code long} key: the smallest key comes first,
 * ties go to the smaller index. Keys live beside the indices, so sifting reads contiguous memory
 * instead of looking each task up. Not thread-safe.
 */
final class IntHeap {
    private long[] keys = new long[16];
    private int[] values = new int[16];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int peek() {
        return values[0];
    }

    long peekKey() {
        return keys[0];
    }

    void add(int value, long key) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        int child = size++;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (!less(key, value, keys[parent], values[parent])) {
                break;
            }
            keys[child] = keys[parent];
            values[child] = values[parent];
            child = parent;
        }
        keys[child] = key;
        values[child] = value;
    }

    int poll() {
        int top = values[0];
        int last = --size;
        long key = keys[last];
        int value = values[last];
        int parent = 0;
        int half = size >>> 1;
        while (parent < half) {
            int child = 2 * parent + 1;
            if (child + 1 < size && less(keys[child + 1], values[child + 1], keys[child], values[child])) {
                child++;
            }
            if (!less(keys[child], values[child], key, value)) {
                break;
            }
            keys[parent] = keys[child];
            values[parent] = values[child];
            parent = child;
        }
        if (size > 0) {
            keys[parent] = key;
            values[parent] = value;
        }
        return top;
    }

    void clear() {
        size = 0;
    }

    private static boolean less(long key, int value, long otherKey, int otherValue) {
        return key < otherKey || (key == otherKey && value < otherValue);
    }
}
