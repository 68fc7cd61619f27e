package dev.rolesanywhere.cli.internal.serve;

import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.core.SessionCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** Credentials as {@code serve} hands them out, with the instant they were fetched ({@code LastUpdated}). */
public final class ServedCredentials {
    private final SessionCredentials credentials;
    private final Instant fetchedAt;

    private ServedCredentials(SessionCredentials credentials, Instant fetchedAt) {
        this.credentials = credentials;
        this.fetchedAt = fetchedAt;
    }

    /**
     * The cache {@code serve} reads: refreshed in the background on the common schedule, and handing out only
     * credentials a client can still use (more than the stale time left); otherwise the failure, so the client gets a
     * 503 and keeps what it has. With nothing to hand out, failed refreshes are retried after the schedule's pause,
     * however many requests arrive.
     */
    public static CredentialsCache<ServedCredentials> cache(Supplier<SessionCredentials> fetcher, Clock clock) {
        return CredentialsCache.builder(() -> new ServedCredentials(fetcher.get(), clock.instant()),
                        (ServedCredentials served) -> served.credentials.expiration())
                .clock(clock)
                .asyncRefreshEnabled(true)
                .staleCredentialsServed(false)
                .name("rolesanywhere-serve")
                .build();
    }

    public SessionCredentials credentials() {
        return credentials;
    }

    public Instant fetchedAt() {
        return fetchedAt;
    }
}
