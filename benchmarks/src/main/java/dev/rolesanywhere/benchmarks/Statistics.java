package dev.rolesanywhere.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The statistics the report needs beyond what JMH computes. */
final class Statistics {
    private Statistics() {
    }

    /** The middle value, or the mean of the two middle values for an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values to take a median of");
        }
        return percentile(values, 50);
    }

    /**
     * The {@code p}th percentile (0..100) by linear interpolation between the closest ranks: 0 is the minimum, 50 the
     * median, 100 the maximum.
     */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values to take a percentile of");
        }
        if (p < 0 || p > 100) {
            throw new IllegalArgumentException("A percentile is between 0 and 100, got " + p);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double rank = p / 100 * (sorted.size() - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
    }
}
