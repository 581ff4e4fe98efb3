package dev.wave.bench;

/** The sum, maximum and count of a series of ratios. */
final class Stats {
    double sum;
    double max;
    int count;

    void add(double value) {
        sum += value;
        max = Math.max(max, value);
        count++;
    }

    double average() {
        return count == 0 ? 0 : sum / count;
    }
}
