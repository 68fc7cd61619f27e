package dev.rolesanywhere.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The one statistic the report needs beyond what JMH computes. */
final class Statistics {
    private Statistics() {
    }

    /** The middle value, or the mean of the two middle values for an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No values to take a median of");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
