package dev.rolesanywhere.emulator;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A seeded random fault policy for soak tests: each request draws one number and gets at most one fault, with the
 * probability set for it. The same seed and request order give the same faults.
 */
public final class RandomFaults {
    private final long seed;
    private final Map<FaultType, Double> probabilities;
    private final Duration delay;

    private RandomFaults(BuilderImpl builder) {
        this.seed = builder.seed;
        this.probabilities = Collections.unmodifiableMap(new EnumMap<>(builder.probabilities));
        this.delay = builder.delay;
        double total = 0;
        for (double p : probabilities.values()) {
            total += p;
        }
        if (total > 1.0 + 1e-9) {
            throw new IllegalArgumentException("Fault probabilities add up to " + total + "; they must not exceed 1");
        }
        if (probabilities.getOrDefault(FaultType.DELAY, 0.0) > 0 && (delay == null || delay.isNegative())) {
            throw new IllegalArgumentException("A DELAY probability needs a non-negative delay(Duration)");
        }
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    public long seed() {
        return seed;
    }

    /** The probability of each fault type (absent means 0). */
    public Map<FaultType, Double> probabilities() {
        return probabilities;
    }

    /** The delay applied by {@link FaultType#DELAY}. */
    public Duration delay() {
        return delay;
    }

    @Override
    public String toString() {
        return "RandomFaults{seed=" + seed + ", probabilities=" + probabilities + ", delay=" + delay + '}';
    }

    /** Builds a {@link RandomFaults}. */
    public interface Builder {
        Builder seed(long seed);

        /** The probability (0..1) that a request gets {@code fault}; all probabilities together at most 1. */
        Builder probability(FaultType fault, double probability);

        /** How long a {@link FaultType#DELAY} lasts. */
        Builder delay(Duration delay);

        RandomFaults build();
    }

    private static final class BuilderImpl implements Builder {
        private long seed;
        private final Map<FaultType, Double> probabilities = new EnumMap<>(FaultType.class);
        private Duration delay;

        @Override
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        @Override
        public Builder probability(FaultType fault, double probability) {
            Objects.requireNonNull(fault, "fault");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("Probability of " + fault + " must be 0..1, got " + probability);
            }
            probabilities.put(fault, probability);
            return this;
        }

        @Override
        public Builder delay(Duration delay) {
            this.delay = delay;
            return this;
        }

        @Override
        public RandomFaults build() {
            return new RandomFaults(this);
        }
    }
}
