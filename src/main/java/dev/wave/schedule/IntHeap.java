package dev.wave.schedule;

import java.util.Arrays;

/** A binary heap of task indices ordered by a comparator over indices; the smallest comes first. Not thread-safe. */
final class IntHeap {
    interface Order {
        int compare(int left, int right);
    }

    private final Order order;
    private int[] heap = new int[16];
    private int size;

    IntHeap(Order order) {
        this.order = order;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int peek() {
        return heap[0];
    }

    void add(int value) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = value;
        siftUp(size++);
    }

    /** The value at position {@code k} of the heap array: the first positions hold the smallest values. */
    int at(int k) {
        return heap[k];
    }

    int compare(int left, int right) {
        return order.compare(left, right);
    }

    int poll() {
        int top = heap[0];
        removeAt(0);
        return top;
    }

    /** Removes and returns the value at heap position {@code position} (see {@link #at}). */
    int removeAt(int position) {
        int removed = heap[position];
        int last = heap[--size];
        if (position == size) {
            return removed;
        }
        int parent = position;
        int half = size >>> 1;
        while (parent < half) {
            int child = 2 * parent + 1;
            if (child + 1 < size && order.compare(heap[child + 1], heap[child]) < 0) {
                child++;
            }
            if (order.compare(last, heap[child]) <= 0) {
                break;
            }
            heap[parent] = heap[child];
            parent = child;
        }
        heap[parent] = last;
        siftUp(parent);
        return removed;
    }

    private void siftUp(int position) {
        int value = heap[position];
        int child = position;
        while (child > 0) {
            int parent = (child - 1) >>> 1;
            if (order.compare(value, heap[parent]) >= 0) {
                break;
            }
            heap[child] = heap[parent];
            child = parent;
        }
        heap[child] = value;
    }

    void clear() {
        size = 0;
    }
}
