package dev.rolesanywhere.core;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
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
 * Credentials that expire, refreshed on a {@link RefreshSchedule}: the one cache behind the SDK provider and the
 * command line's {@code serve}. Built on the SDK's {@link CachedSupplier}, which blocks one caller (or refreshes in
 * the background) from the prefetch time and every caller from the stale time, and jitters each prefetch instant.
 * This class adds what {@code CachedSupplier} does not do on its own:
 *
 * <ul>
 *   <li>credentials that are still valid are kept through failed refreshes, which are retried after
 *       {@link RefreshSchedule#retryDelay(int) a growing pause}; with {@link Builder#staleCredentialsServed(Boolean)
 *       staleCredentialsServed(false)} "valid" means "not yet stale", for a server whose clients must be able to use
 *       what they get;
 *   <li>with nothing valid to serve, callers get the last failure until the pause is over, rather than each sending
 *       its own CreateSession during an outage;
 *   <li>one fetch in flight at a time, however slow the service;
 *   <li>credentials past their expiry are never returned, not even fresh ones from a service whose clock disagrees
 *       with this machine's.
 * </ul>
 *
 * <p>Thread-safe. {@link #close()} cancels a scheduled background refresh.
 *
 * @param <T> the credentials type; {@code expirationOf} reads its expiry
 */
public final class CredentialsCache<T> implements SdkAutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialsCache.class);

    private final Supplier<T> fetcher;
    private final Function<T, Instant> expirationOf;
    private final Clock clock;
    private final RefreshSchedule schedule;
    private final boolean staleCredentialsServed;
    private final CachedSupplier<T> cachedSupplier;

    // CachedSupplier stops waiting for its refresh lock after 5 seconds and then refreshes regardless; this lock keeps
    // a single CreateSession in flight even when the service answers more slowly than that. A ReentrantLock rather
    // than synchronized, so virtual threads waiting on network I/O do not pin their carrier threads.
    private final ReentrantLock fetchLock = new ReentrantLock();
    // Until the prefetch instant CachedSupplier only hands back its cached value, so the same answer is served here
    // with one clock read instead of its locks and Instant arithmetic: the path every AWS call takes.
    private volatile Fresh<T> fresh;
    // Written under fetchLock; volatile so that the read-only accessors never wait for a refresh in flight.
    private volatile RefreshResult<T> latest;
    private volatile int consecutiveFailures;
    private volatile RuntimeException lastRefreshFailure;
    private RuntimeException lastFailure;
    private Instant nextAttempt;

    private CredentialsCache(Builder<T> b) {
        this.fetcher = b.fetcher;
        this.expirationOf = b.expirationOf;
        this.clock = b.clock != null ? b.clock : Clock.systemUTC();
        this.schedule = b.schedule != null ? b.schedule : RefreshSchedule.create();
        this.staleCredentialsServed = !Boolean.FALSE.equals(b.staleCredentialsServed);
        String name = b.name != null ? b.name : "rolesanywhere-credentials";
        this.cachedSupplier = CachedSupplier.builder(this::refresh)
                .cachedValueName(name)
                .clock(clock)
                .prefetchStrategy(Boolean.TRUE.equals(b.asyncRefreshEnabled) ? new NonBlocking(name)
                        : new OneCallerBlocks())
                .build();
    }

    /**
     * @param fetcher      obtains new credentials; called by one thread at a time
     * @param expirationOf the expiry of credentials the fetcher returned
     */
    public static <T> Builder<T> builder(Supplier<T> fetcher, Function<T, Instant> expirationOf) {
        return new Builder<>(fetcher, expirationOf);
    }

    /**
     * Credentials valid now: the cached ones, or freshly fetched ones when the cache is stale.
     *
     * @throws RuntimeException what the fetcher threw, when no valid credentials are cached and fetching fails (or
     *     failed less than a retry pause ago)
     */
    public T get() {
        Fresh<T> current = fresh;
        if (current != null && clock.millis() < current.untilMillis) {
            return current.value;
        }
        return cachedSupplier.get();
    }

    /** The credentials last fetched, valid or not, without fetching or waiting; empty before the first fetch. */
    public Optional<T> cached() {
        RefreshResult<T> current = latest;
        return current == null ? Optional.empty() : Optional.of(current.value());
    }

    /**
     * The cached credentials if {@link #get()} could return them now without every caller waiting for a refresh
     * (before their stale time); never fetches or waits.
     */
    public Optional<T> cachedIfFresh() {
        RefreshResult<T> current = latest;
        return current != null && clock.instant().isBefore(current.staleTime()) ? Optional.of(current.value())
                : Optional.empty();
    }

    /** Whether the prefetch time of the cached credentials has come (or nothing is cached): a refresh is due. */
    public boolean refreshDue() {
        RefreshResult<T> current = latest;
        return current == null || !clock.instant().isBefore(current.prefetchTime());
    }

    /** What the last refresh threw, when it failed; empty after a success. */
    public Optional<RuntimeException> lastRefreshFailure() {
        return Optional.ofNullable(lastRefreshFailure);
    }

    /** How many refreshes in a row have failed; 0 after a success. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The schedule this cache follows. */
    public RefreshSchedule schedule() {
        return schedule;
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
                Instant until = servableUntil(value);
                if (!now.isBefore(until)) {
                    throw new RolesAnywhereException("IAM Roles Anywhere issued credentials that expire at "
                            + expirationOf.apply(value) + ", which this machine's clock (" + now + ") counts as too "
                            + "close to expiry to hand out: check that the clock is synchronised (NTP)");
                }
                consecutiveFailures = 0;
                lastFailure = null;
                lastRefreshFailure = null;
                latest = resultFor(value, now);
                fresh = new Fresh<>(value, latest.prefetchTime().toEpochMilli());
            } catch (RuntimeException e) {
                latest = afterFailure(e, now);
            }
            return latest;
        } finally {
            fetchLock.unlock();
        }
    }

    private RefreshResult<T> resultFor(T credentials, Instant now) {
        Instant expiry = expirationOf.apply(credentials);
        return RefreshResult.builder(credentials)
                .staleTime(schedule.staleAt(expiry))
                .prefetchTime(schedule.prefetchAt(expiry, now))
                .build();
    }

    /** The instant until which {@code credentials} may be handed out while their refresh keeps failing. */
    private Instant servableUntil(T credentials) {
        Instant expiry = expirationOf.apply(credentials);
        return staleCredentialsServed ? expiry : schedule.staleAt(expiry);
    }

    private boolean holdsValid(Instant now) {
        return latest != null && now.isBefore(servableUntil(latest.value()));
    }

    // The increment is made under fetchLock; the field is volatile only for the lock-free readers.
    @SuppressWarnings("NonAtomicVolatileUpdate")
    private RefreshResult<T> afterFailure(RuntimeException failure, Instant now) {
        consecutiveFailures++;
        lastRefreshFailure = failure;
        Instant retryAt = now.plus(schedule.retryDelay(consecutiveFailures));
        if (!holdsValid(now)) {
            // Nothing valid to fall back on: callers see why (until the next attempt), never expired credentials.
            LOG.warn("Refreshing IAM Roles Anywhere credentials failed ({} in a row) and none fit to hand out are "
                    + "cached: callers get this error until the next attempt, no sooner than {}: {}",
                    consecutiveFailures, retryAt, failure.getMessage());
            lastFailure = failure;
            nextAttempt = retryAt;
            throw failure;
        }
        RefreshResult<T> previous = latest;
        Instant expiry = expirationOf.apply(previous.value());
        Instant limit = servableUntil(previous.value());
        Instant stale = retryAt.isBefore(previous.staleTime()) ? previous.staleTime() : earliest(retryAt, limit);
        LOG.warn("Refreshing IAM Roles Anywhere credentials failed ({} in a row); still serving the cached ones, which "
                + "expire at {}; next attempt no sooner than {}: {}", consecutiveFailures, expiry, retryAt,
                failure.getMessage());
        return previous.toBuilder()
                .prefetchTime(earliest(retryAt, stale))
                .staleTime(stale)
                .build();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Cancels a scheduled background refresh. */
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

    /** Builds a {@link CredentialsCache}; every option is optional. */
    public static final class Builder<T> {
        private final Supplier<T> fetcher;
        private final Function<T, Instant> expirationOf;
        private RefreshSchedule schedule;
        private Clock clock;
        private Boolean asyncRefreshEnabled;
        private Boolean staleCredentialsServed;
        private String name;

        private Builder(Supplier<T> fetcher, Function<T, Instant> expirationOf) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
            this.expirationOf = Objects.requireNonNull(expirationOf, "expirationOf");
        }

        /** When to refresh and how long to pause after failures; default {@link RefreshSchedule#create()}. */
        public Builder<T> schedule(RefreshSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** The clock that decides when credentials are refreshed; default the system UTC clock. */
        public Builder<T> clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Refresh from the prefetch time in a background thread instead of in a caller's; default false. */
        public Builder<T> asyncRefreshEnabled(Boolean asyncRefreshEnabled) {
            this.asyncRefreshEnabled = asyncRefreshEnabled;
            return this;
        }

        /**
         * Whether credentials inside their stale window keep being handed out while their refresh fails; default
         * true, until they expire. False for a server whose clients must get credentials they can still use: they get
         * the failure instead.
         */
        public Builder<T> staleCredentialsServed(Boolean staleCredentialsServed) {
            this.staleCredentialsServed = staleCredentialsServed;
            return this;
        }

        /** Names the cache in log lines and its background thread. */
        public Builder<T> name(String name) {
            this.name = name;
            return this;
        }

        public CredentialsCache<T> build() {
            return new CredentialsCache<>(this);
        }
    }
}
