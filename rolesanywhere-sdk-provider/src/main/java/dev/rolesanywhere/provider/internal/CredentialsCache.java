package dev.rolesanywhere.provider.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.NonBlocking;
import software.amazon.awssdk.utils.cache.OneCallerBlocks;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * The one place that knows about the SDK's {@link CachedSupplier}: it turns credentials into refresh results
 * (prefetch and stale instants before expiry) and adds what {@code CachedSupplier} does not do on its own — keeping
 * still-valid credentials through failed refreshes, with a growing pause between attempts, and never handing out
 * credentials past their expiry.
 *
 * <p>{@code CachedSupplier} jitters each prefetch instant (between the prefetch time and one minute before the stale
 * time), so a fleet of processes started together does not call CreateSession in lockstep.
 */
public final class CredentialsCache<T> implements SdkAutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsCache.class);

    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

    private final Supplier<T> fetcher;
    private final Function<T, Instant> expirationOf;
    private final Clock clock;
    private final Duration staleTime;
    private final Duration prefetchTime;
    private final CachedSupplier<T> cachedSupplier;

    // CachedSupplier stops waiting for its refresh lock after 5 seconds and then refreshes regardless; this lock keeps
    // a single CreateSession in flight even when the service answers more slowly than that. A ReentrantLock rather
    // than synchronized, so virtual threads waiting on network I/O do not pin their carrier threads.
    private final ReentrantLock fetchLock = new ReentrantLock();
    // Until the prefetch instant CachedSupplier only hands back its cached value, so the same answer is served here
    // with one clock read instead of its locks and Instant arithmetic: the path every AWS call takes.
    private volatile Fresh<T> fresh;
    private RefreshResult<T> latest;
    private int consecutiveFailures;
    private RuntimeException lastFailure;
    private Instant nextAttempt;

    public CredentialsCache(Supplier<T> fetcher, Function<T, Instant> expirationOf, Clock clock, Duration staleTime,
            Duration prefetchTime, boolean asyncRefresh, String name) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.expirationOf = Objects.requireNonNull(expirationOf, "expirationOf");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleTime = Objects.requireNonNull(staleTime, "staleTime");
        this.prefetchTime = Objects.requireNonNull(prefetchTime, "prefetchTime");
        this.cachedSupplier = CachedSupplier.builder(this::refresh)
                .cachedValueName(name)
                .clock(clock)
                .prefetchStrategy(asyncRefresh ? new NonBlocking(name) : new OneCallerBlocks())
                .build();
    }

    /**
     * Credentials valid now: the cached ones, or freshly fetched ones when the cache is stale.
     *
     * @throws dev.rolesanywhere.core.RolesAnywhereException when no valid credentials are cached and fetching fails
     */
    public T get() {
        Fresh<T> current = fresh;
        if (current != null && clock.millis() < current.untilMillis) {
            return current.value;
        }
        return cachedSupplier.get();
    }

    private RefreshResult<T> refresh() {
        fetchLock.lock();
        try {
            Instant now = clock.instant();
            if (latest != null && now.isBefore(latest.prefetchTime()) && now.isBefore(latest.staleTime())) {
                // Another caller refreshed (or recorded a failure) while this one waited for the lock.
                return latest;
            }
            if (lastFailure != null && now.isBefore(nextAttempt) && !holdsValid(now)) {
                // With nothing valid to serve, every caller would otherwise send its own CreateSession during an
                // outage and push the account over the service's low rate limit.
                throw lastFailure;
            }
            try {
                T value = fetcher.get();
                consecutiveFailures = 0;
                lastFailure = null;
                latest = resultFor(value);
                fresh = new Fresh<>(value, latest.prefetchTime().toEpochMilli());
            } catch (RuntimeException e) {
                latest = afterFailure(e, now);
            }
            return latest;
        } finally {
            fetchLock.unlock();
        }
    }

    private RefreshResult<T> resultFor(T credentials) {
        Instant expiry = expirationOf.apply(credentials);
        return RefreshResult.builder(credentials)
                .staleTime(expiry.minus(staleTime))
                .prefetchTime(expiry.minus(prefetchTime))
                .build();
    }

    private boolean holdsValid(Instant now) {
        return latest != null && now.isBefore(expirationOf.apply(latest.value()));
    }

    private RefreshResult<T> afterFailure(RuntimeException failure, Instant now) {
        consecutiveFailures++;
        Instant retryAt = now.plus(retryDelay(consecutiveFailures));
        if (!holdsValid(now)) {
            // Nothing valid to fall back on: callers see why (until the next attempt), never expired credentials.
            lastFailure = failure;
            nextAttempt = retryAt;
            throw failure;
        }
        RefreshResult<T> previous = latest;
        Instant expiry = expirationOf.apply(previous.value());
        Instant stale = retryAt.isBefore(previous.staleTime()) ? previous.staleTime() : earliest(retryAt, expiry);
        LOG.warn("Refreshing IAM Roles Anywhere credentials failed ({} in a row); still serving the cached ones, which "
                + "expire at {}; next attempt no sooner than {}: {}", consecutiveFailures, expiry, retryAt,
                failure.getMessage());
        return previous.toBuilder()
                .prefetchTime(earliest(retryAt, stale))
                .staleTime(stale)
                .build();
    }

    /** Exponential delay (1 s, 2 s, 4 s, … up to 30 s), each drawn from its upper half so retries spread out. */
    static Duration retryDelay(int consecutiveFailures) {
        long ceilingMillis = FIRST_RETRY_DELAY.toMillis() << Math.min(consecutiveFailures - 1, 20);
        ceilingMillis = Math.min(ceilingMillis, MAX_RETRY_DELAY.toMillis());
        long floorMillis = ceilingMillis / 2;
        return Duration.ofMillis(floorMillis + ThreadLocalRandom.current().nextLong(ceilingMillis - floorMillis + 1));
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public void close() {
        fresh = null;
        cachedSupplier.close();
    }

    /** A value and the wall-clock millisecond before which CachedSupplier would return it untouched. */
    private static final class Fresh<T> {
        final T value;
        final long untilMillis;

        Fresh(T value, long untilMillis) {
            this.value = value;
            this.untilMillis = untilMillis;
        }
    }
}
