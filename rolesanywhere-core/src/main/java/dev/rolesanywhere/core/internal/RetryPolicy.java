package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.Sleeper;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * How many times to try and how long to wait between tries: capped exponential backoff with full jitter, so that a
 * fleet throttled together does not retry together.
 */
public final class RetryPolicy {
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Sleeper sleeper;
    // Given an exclusive bound, returns a value in [0, bound): the jitter source.
    private final LongUnaryOperator random;

    public RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper,
            LongUnaryOperator random) {
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.sleeper = sleeper;
        this.random = random;
    }

    public static RetryPolicy create(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, Sleeper.system(),
                bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /**
     * The pause after failed attempt number {@code attempt} (1-based): uniformly random between zero and
     * {@code min(maxDelay, baseDelay * 2^(attempt-1))}.
     */
    public Duration delayAfter(int attempt) {
        long base = baseDelay.toNanos();
        long cap = maxDelay.toNanos();
        int shift = Math.min(attempt - 1, 30);
        long ceiling = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
        if (ceiling <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(random.applyAsLong(ceiling + 1));
    }

    /** Waits before attempt {@code failedAttempt + 1}. */
    public void pauseAfter(int failedAttempt) throws InterruptedException {
        Duration delay = delayAfter(failedAttempt);
        if (!delay.isZero()) {
            sleeper.sleep(delay);
        }
    }
}
