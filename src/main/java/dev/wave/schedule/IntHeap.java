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
        int child = size++;
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

    int poll() {
        int top = heap[0];
        int last = heap[--size];
        int parent = 0;
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
        if (size > 0) {
            heap[parent] = last;
        }
        return top;
    }

    void clear() {
        size = 0;
    }
}
