package dev.rolesanywhere.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When credentials that expire are refreshed, and how long to wait after a refresh failed: the one schedule of every
 * place that hands out credentials (the SDK provider, {@code serve} and {@code update} of the command line).
 *
 * <ul>
 *   <li>From the <em>prefetch time</em> before expiry (default 5 minutes) one caller, or a background thread,
 *       refreshes, at an instant drawn between then and one minute before the stale time, so that a fleet started
 *       together spreads its calls.
 *   <li>From the <em>stale time</em> before expiry (default 1 minute) every caller waits for the refresh.
 *   <li>After the n-th failed refresh in a row the next one waits 1 s, 2 s, 4 s … up to 30 s, each pause drawn from
 *       the upper half of its range so that retries spread out too.
 * </ul>
 *
 * <p>Immutable; {@link CredentialsCache} follows it, loops ask {@link #refreshAt(Instant, Instant)} and
 * {@link #retryDelay(int)}.
 */
public final class RefreshSchedule {
    public static final Duration DEFAULT_STALE_TIME = Duration.ofMinutes(1);
    public static final Duration DEFAULT_PREFETCH_TIME = Duration.ofMinutes(5);

    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    // The SDK's CachedSupplier draws jittered prefetch instants up to one minute before the stale time; loops do too.
    private static final Duration JITTER_MARGIN = Duration.ofMinutes(1);
    // No refresh sooner than this after a success, unless the credentials are stale by then.
    static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);

    private static final RefreshSchedule DEFAULT = new RefreshSchedule(DEFAULT_STALE_TIME, DEFAULT_PREFETCH_TIME);

    private final Duration staleTime;
    private final Duration prefetchTime;

    private RefreshSchedule(Duration staleTime, Duration prefetchTime) {
        this.staleTime = staleTime;
        this.prefetchTime = prefetchTime;
    }

    /** The default schedule: prefetch 5 minutes, stale 1 minute before expiry. */
    public static RefreshSchedule create() {
        return DEFAULT;
    }

    /**
     * A schedule with these lead times; null takes the default.
     *
     * @throws ConfigurationException when the stale time is not positive or the prefetch time not longer than it
     */
    public static RefreshSchedule of(Duration staleTime, Duration prefetchTime) {
        Duration stale = staleTime != null ? staleTime : DEFAULT_STALE_TIME;
        Duration prefetch = prefetchTime != null ? prefetchTime : DEFAULT_PREFETCH_TIME;
        if (stale.isNegative() || stale.isZero()) {
            throw new ConfigurationException("staleTime must be positive (it was " + stale + "): it is how long "
                    + "before expiry credentials stop being handed out; the default is 1 minute");
        }
        if (prefetch.compareTo(stale) <= 0) {
            throw new ConfigurationException("prefetchTime (" + prefetch + ") must be longer than staleTime ("
                    + stale + "): the background or single-caller refresh has to start before every caller "
                    + "must wait; the defaults are 5 and 1 minutes");
        }
        return new RefreshSchedule(stale, prefetch);
    }

    /** How long before expiry every caller waits for new credentials. */
    public Duration staleTime() {
        return staleTime;
    }

    /** How long before expiry one caller, or a background thread, starts refreshing. */
    public Duration prefetchTime() {
        return prefetchTime;
    }

    /**
     * @throws ConfigurationException when sessions of {@code sessionDuration} would be refreshed as soon as obtained
     */
    public void checkSessionDuration(Duration sessionDuration) {
        if (prefetchTime.compareTo(sessionDuration) >= 0) {
            throw new ConfigurationException("prefetchTime (" + prefetchTime + ") must be shorter than the session "
                    + "duration (" + sessionDuration + "), or every call would refresh: shorten prefetchTime or "
                    + "lengthen sessionDuration");
        }
    }

    /** The instant from which credentials expiring at {@code expiration} are no longer handed out without a refresh. */
    public Instant staleAt(Instant expiration) {
        return expiration.minus(staleTime);
    }

    /** The earliest instant at which credentials expiring at {@code expiration} are refreshed. */
    public Instant prefetchAt(Instant expiration) {
        return expiration.minus(prefetchTime);
    }

    /**
     * {@link #prefetchAt(Instant)} for credentials obtained {@code now}, but not sooner than 30 seconds later unless
     * they are stale by then: credentials that live shorter than the prefetch time are not refreshed on every call.
     */
    Instant prefetchAt(Instant expiration, Instant now) {
        Instant at = prefetchAt(expiration);
        Instant earliest = now.plus(MIN_REFRESH_INTERVAL);
        Instant stale = staleAt(expiration);
        return at.isAfter(earliest) ? at : earliest.isBefore(stale) ? earliest : stale;
    }

    /**
     * When a loop that holds credentials expiring at {@code expiration} refreshes them: an instant drawn between
     * {@link #prefetchAt(Instant)} and one minute before {@link #staleAt(Instant)}, as the SDK's cache draws it, and
     * never sooner than 30 seconds after {@code now}.
     */
    public Instant refreshAt(Instant expiration, Instant now) {
        Instant from = prefetchAt(expiration);
        long windowMillis = Duration.between(from, staleAt(expiration).minus(JITTER_MARGIN)).toMillis();
        Instant at = windowMillis > 0 ? from.plusMillis(ThreadLocalRandom.current().nextLong(windowMillis)) : from;
        Instant earliest = now.plus(MIN_REFRESH_INTERVAL);
        return at.isBefore(earliest) ? earliest : at;
    }

    /**
     * The pause after {@code consecutiveFailures} failed refreshes in a row: drawn between half and all of
     * 1 s × 2^(failures−1), capped at 30 s.
     */
    public Duration retryDelay(int consecutiveFailures) {
        long ceilingMillis = FIRST_RETRY_DELAY.toMillis() << Math.min(Math.max(consecutiveFailures, 1) - 1, 20);
        ceilingMillis = Math.min(ceilingMillis, MAX_RETRY_DELAY.toMillis());
        long floorMillis = ceilingMillis / 2;
        return Duration.ofMillis(floorMillis + ThreadLocalRandom.current().nextLong(ceilingMillis - floorMillis + 1));
    }

    @Override
    public String toString() {
        return "RefreshSchedule(staleTime=" + staleTime + ", prefetchTime=" + prefetchTime + ")";
    }
}
