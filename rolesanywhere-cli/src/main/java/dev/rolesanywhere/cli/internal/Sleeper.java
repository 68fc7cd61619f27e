package dev.rolesanywhere.cli.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waits until an instant of a {@link Clock}; tests pass one that advances a fake clock instead of waiting. */
@FunctionalInterface
public interface Sleeper {

    void sleepUntil(Instant deadline) throws InterruptedException;

    /** Really waits, re-reading the clock after each wake-up so a clock jump cannot make it wait too long. */
    static Sleeper of(Clock clock) {
        return deadline -> {
            while (true) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return;
                }
                Thread.sleep(Math.min(left.toMillis() + 1, Duration.ofMinutes(1).toMillis()));
            }
        };
    }
}
