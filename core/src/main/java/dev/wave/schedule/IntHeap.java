package dev.wave.schedule;

import java.util.Arrays;

/**
 * A binary min-heap of task indices, each with a {@code long} key: the smallest key comes first,
 * ties go to the smaller index. Keys live beside the indices, so sifting reads contiguous memory
 * instead of looking each task up. Positions ({@link #at}, {@link #removeAt}) let a caller scan the
 * top of the heap and take an entry other than the first. Not thread-safe.
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

    /** The value at heap position {@code position}: the first positions hold the smallest entries. */
    int at(int position) {
        return values[position];
    }

    /** Whether the entry at position {@code left} comes before the one at {@code right}. */
    boolean before(int left, int right) {
        return less(keys[left], values[left], keys[right], values[right]);
    }

    void add(int value, long key) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
            keys = Arrays.copyOf(keys, size * 2);
        }
        siftUp(size++, value, key);
    }

    int poll() {
        return removeAt(0);
    }

    /** Removes and returns the value at heap position {@code position}. */
    int removeAt(int position) {
        int removed = values[position];
        int last = --size;
        if (position == last) {
            return removed;
        }
        long key = keys[last];
        int value = values[last];
        int parent = position;
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
        siftUp(parent, value, key);
        return removed;
    }

    void clear() {
        size = 0;
    }

    private void siftUp(int position, int value, long key) {
        int child = position;
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

    private static boolean less(long key, int value, long otherKey, int otherValue) {
        return key < otherKey || (key == otherKey && value < otherValue);
    }
}
