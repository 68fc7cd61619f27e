package dev.rolesanywhere.cli.internal.serve;

import dev.rolesanywhere.cli.internal.RefreshPolicy;
import dev.rolesanywhere.core.SessionCredentials;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The credentials a server hands out: fetched in the background five minutes before expiry, the last good set kept
 * through failures, and nothing at all once that set is about to expire. A caller gets valid credentials or an
 * explanation, never empty or expired ones.
 */
public final class CredentialsCache implements AutoCloseable {

    /** Credentials this close to expiry are no longer handed out: the client would barely be able to use them. */
    static final Duration MIN_REMAINING = Duration.ofMinutes(1);

    /** Credentials with the instant they were fetched. */
    public static final class Entry {
        private final SessionCredentials credentials;
        private final Instant fetchedAt;

        Entry(SessionCredentials credentials, Instant fetchedAt) {
            this.credentials = credentials;
            this.fetchedAt = fetchedAt;
        }

        public SessionCredentials credentials() {
            return credentials;
        }

        public Instant fetchedAt() {
            return fetchedAt;
        }
    }

    private final Supplier<SessionCredentials> fetcher;
    private final Clock clock;
    private final PrintStream log;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();
    private volatile Entry current;
    private volatile String lastError;
    // Touched only on the scheduler thread (and in start(), before that thread has work).
    private int failures;
    private ScheduledFuture<?> pending;

    public CredentialsCache(Supplier<SessionCredentials> fetcher, Clock clock, PrintStream log) {
        this.fetcher = fetcher;
        this.clock = clock;
        this.log = log;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rolesanywhere-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** Fetches the first credentials on the caller's thread, so a bad configuration fails the start, not a request. */
    public void start() {
        Entry first = new Entry(fetcher.get(), clock.instant());
        current = first;
        schedule(RefreshPolicy.refreshAt(first.credentials().expiration(), clock.instant()));
    }

    /** The current credentials if they stay valid for at least another minute; otherwise empty, and a refresh starts. */
    public Optional<Entry> current() {
        Entry entry = current;
        if (entry != null && isUsable(entry)) {
            return Optional.of(entry);
        }
        // Expired with no refresh due soon (a clock jump, a long suspend): try now rather than wait for the schedule.
        if (refreshQueued.compareAndSet(false, true)) {
            scheduler.execute(this::refresh);
        }
        return Optional.empty();
    }

    /** Why no credentials are available, for the error response; never holds a secret. */
    public String unavailableReason() {
        String error = lastError;
        return error == null ? "no valid credentials yet" : "credentials could not be refreshed: " + error;
    }

    private boolean isUsable(Entry entry) {
        return entry.credentials().expiration().isAfter(clock.instant().plus(MIN_REMAINING));
    }

    private void schedule(Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        pending = scheduler.schedule(this::refresh, delay, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        refreshQueued.set(false);
        // One chain of scheduled refreshes only: an early refresh replaces the one that was due.
        if (pending != null) {
            pending.cancel(false);
        }
        Instant next;
        try {
            SessionCredentials fresh = fetcher.get();
            current = new Entry(fresh, clock.instant());
            lastError = null;
            failures = 0;
            next = RefreshPolicy.refreshAt(fresh.expiration(), clock.instant());
        } catch (RuntimeException e) {
            failures++;
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            lastError = message.replaceAll("[\\r\\n]+", " ");
            next = clock.instant().plus(RefreshPolicy.backoff(failures));
            log.println("Refresh failed (attempt " + failures + "): " + lastError + "; retrying at "
                    + next.truncatedTo(ChronoUnit.SECONDS));
        }
        schedule(next);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
