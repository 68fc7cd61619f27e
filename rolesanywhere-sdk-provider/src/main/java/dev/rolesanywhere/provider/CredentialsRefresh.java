package dev.rolesanywhere.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.utils.ToString;

/**
 * One refresh of a {@link RolesAnywhereCredentialsProvider}, as a {@link CredentialsRefreshListener} sees it: how long
 * it took, when the credentials and the certificate expire, and how it failed. Immutable; never holds a secret.
 */
public final class CredentialsRefresh {
    private final Duration duration;
    private final Instant credentialsExpiration;
    private final Instant certificateExpiration;
    private final int consecutiveFailures;
    private final RuntimeException failure;

    CredentialsRefresh(Duration duration, Instant credentialsExpiration, Instant certificateExpiration,
            int consecutiveFailures, RuntimeException failure) {
        this.duration = duration;
        this.credentialsExpiration = credentialsExpiration;
        this.certificateExpiration = certificateExpiration;
        this.consecutiveFailures = consecutiveFailures;
        this.failure = failure;
    }

    /** Whether new credentials were obtained. */
    public boolean succeeded() {
        return failure == null;
    }

    /** How long the refresh took, retries of the CreateSession call included. */
    public Duration duration() {
        return duration;
    }

    /** When the new credentials expire; empty when the refresh failed. */
    public Optional<Instant> credentialsExpiration() {
        return Optional.ofNullable(credentialsExpiration);
    }

    /** The {@code notAfter} of the signing certificate, when it is known. */
    public Optional<Instant> certificateExpiration() {
        return Optional.ofNullable(certificateExpiration);
    }

    /** How many refreshes in a row have failed, this one included; 0 after a success. */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** What the refresh threw (the typed exception from {@code rolesanywhere-core}); empty after a success. */
    public Optional<RuntimeException> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return ToString.builder("CredentialsRefresh")
                .add("succeeded", succeeded())
                .add("duration", duration)
                .add("credentialsExpiration", credentialsExpiration)
                .add("certificateExpiration", certificateExpiration)
                .add("consecutiveFailures", consecutiveFailures)
                .add("failure", failure == null ? null : failure.getClass().getSimpleName())
                .build();
    }
}
