package dev.rolesanywhere.emulator.internal;

import dev.rolesanywhere.emulator.EmulatorFaults;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.RandomFaults;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/** The emulator's fault queue and random policy; {@link #next()} decides the fault for one request. */
public final class FaultPlan implements EmulatorFaults {

    /** The fault chosen for one request. */
    public static final class Decision {
        static final Decision NONE = new Decision(null, Duration.ZERO);

        private final FaultType type;
        private final Duration delay;

        Decision(FaultType type, Duration delay) {
            this.type = type;
            this.delay = delay;
        }

        /** The fault, or null for none. */
        public FaultType type() {
            return type;
        }

        public Duration delay() {
            return delay;
        }
    }

    private static final class Queued {
        final FaultType type;
        final Duration delay;
        int remaining;

        Queued(FaultType type, Duration delay, int remaining) {
            this.type = type;
            this.delay = delay;
            this.remaining = remaining;
        }
    }

    private final Deque<Queued> queue = new ArrayDeque<>();
    private RandomFaults policy;
    private Random random;

    @Override
    public synchronized EmulatorFaults failNext(int count, FaultType fault) {
        Objects.requireNonNull(fault, "fault");
        if (fault == FaultType.DELAY) {
            throw new IllegalArgumentException("Use delayNext(count, duration) for DELAY");
        }
        enqueue(count, fault, Duration.ZERO);
        return this;
    }

    @Override
    public synchronized EmulatorFaults delayNext(int count, Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        enqueue(count, FaultType.DELAY, delay);
        return this;
    }

    private void enqueue(int count, FaultType fault, Duration delay) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        queue.addLast(new Queued(fault, delay, count));
    }

    @Override
    public synchronized EmulatorFaults randomFaults(RandomFaults policy) {
        this.policy = policy;
        this.random = policy == null ? null : new Random(policy.seed());
        return this;
    }

    @Override
    public synchronized int pending() {
        int total = 0;
        for (Queued queued : queue) {
            total += queued.remaining;
        }
        return total;
    }

    @Override
    public synchronized void clear() {
        queue.clear();
        policy = null;
        random = null;
    }

    /** The fault for the request being handled now. */
    public synchronized Decision next() {
        Queued head = queue.peekFirst();
        if (head != null) {
            if (--head.remaining == 0) {
                queue.removeFirst();
            }
            return new Decision(head.type, head.delay);
        }
        if (policy == null) {
            return Decision.NONE;
        }
        double draw = random.nextDouble();
        double cumulative = 0;
        for (Map.Entry<FaultType, Double> entry : policy.probabilities().entrySet()) {
            cumulative += entry.getValue();
            if (draw < cumulative) {
                FaultType type = entry.getKey();
                return new Decision(type, type == FaultType.DELAY ? policy.delay() : Duration.ZERO);
            }
        }
        return Decision.NONE;
    }
}
