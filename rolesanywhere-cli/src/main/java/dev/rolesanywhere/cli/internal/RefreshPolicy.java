package dev.rolesanywhere.cli.internal;

import java.time.Duration;
import java.time.Instant;

/** When to fetch new credentials: five minutes before expiry, and after a failure with capped exponential backoff. */
public final class RefreshPolicy {

    /** The reference tool's lead time; SDKs start refreshing their own caches inside the last 5 minutes too. */
    public static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofMinutes(5);
    static final Duration MIN_DELAY = Duration.ofSeconds(30);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private RefreshPolicy() {
    }

    /** The instant to refresh credentials that expire at {@code expiration}, never sooner than 30 s from now. */
    public static Instant refreshAt(Instant expiration, Instant now) {
        Instant at = expiration.minus(REFRESH_BEFORE_EXPIRY);
        Instant earliest = now.plus(MIN_DELAY);
        return at.isBefore(earliest) ? earliest : at;
    }

    /** The wait after the {@code failures}-th consecutive failure (1 s, 2 s, 4 s ... 5 min). */
    public static Duration backoff(int failures) {
        if (failures <= 1) {
            return FIRST_BACKOFF;
        }
        int shift = Math.min(failures - 1, 20);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << shift);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
