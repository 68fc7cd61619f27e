package dev.rolesanywhere.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock the test moves by hand, so expiry, refresh and reload times pass without waiting; or, with
 * {@link #advanceOnEachRead(Duration)}, one that moves by a step every time the code under test reads it (each retry
 * sees a later time). Safe to read from the threads of the code under test while the test moves it.
 */
public final class MutableClock extends Clock {
    /** Where {@link #MutableClock()} starts: a fixed instant, so failures repeat. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private volatile Duration step = Duration.ZERO;

    public MutableClock() {
        this(DEFAULT_START);
    }

    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public void set(Instant instant) {
        now.set(instant);
    }

    public void advance(Duration duration) {
        now.updateAndGet(i -> i.plus(duration));
    }

    /** From now on every {@link #instant()} returns the current time, then moves it on by {@code readStep}. */
    public MutableClock advanceOnEachRead(Duration readStep) {
        this.step = readStep;
        return this;
    }

    @Override
    public Instant instant() {
        Duration by = step;
        return by.isZero() ? now.get() : now.getAndUpdate(i -> i.plus(by));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("A MutableClock is UTC only");
    }
}
