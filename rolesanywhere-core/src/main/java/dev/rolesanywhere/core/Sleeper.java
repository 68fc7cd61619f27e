package dev.rolesanywhere.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits: the pause between the attempts of one CreateSession call, and the pause of a loop until its next refresh.
 * Tests pass one that moves a clock instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {

    /** Waits {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;

    /** Really waits, with {@link Thread#sleep(long, int)}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }

    /**
     * Waits until {@code clock} shows {@code deadline}, in naps of at most a minute with the clock read again after
     * each: a clock stepped forward, or a machine resumed from suspend, is noticed within a minute rather than after
     * the whole planned wait.
     */
    default void sleepUntil(Instant deadline, Clock clock) throws InterruptedException {
        Duration longestNap = Duration.ofMinutes(1);
        for (Duration left = Duration.between(clock.instant(), deadline); left.compareTo(Duration.ZERO) > 0;
                left = Duration.between(clock.instant(), deadline)) {
            sleep(left.compareTo(longestNap) < 0 ? left : longestNap);
        }
    }
}
