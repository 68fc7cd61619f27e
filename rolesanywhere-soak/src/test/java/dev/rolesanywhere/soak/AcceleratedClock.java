package dev.rolesanywhere.soak;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that runs {@code factor} times faster than real time, shared by the emulator, the request signing and the
 * provider's cache: credential lifetimes, signing-time checks and refresh decisions all agree, and a minute-long
 * soak covers many credential lifetimes. Monotonic, because it is derived from {@link System#nanoTime()}.
 */
final class AcceleratedClock extends Clock {
    private final Instant origin;
    private final long originNanos;
    private final long factor;

    AcceleratedClock(long factor) {
        this.origin = Instant.now();
        this.originNanos = System.nanoTime();
        this.factor = factor;
    }

    long factor() {
        return factor;
    }

    /** How much clock time passes in {@code real} wall time. */
    Duration scaled(Duration real) {
        return real.multipliedBy(factor);
    }

    @Override
    public Instant instant() {
        return origin.plusNanos((System.nanoTime() - originNanos) * factor);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The soak clock is UTC only");
    }
}
