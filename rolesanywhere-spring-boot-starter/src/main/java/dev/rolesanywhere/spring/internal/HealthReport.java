package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code rolesanywhere} health indicator reports, from the provider's cached state alone: a health probe
 * never causes a CreateSession call or a token signature. The ARNs appear only when asked for
 * ({@code aws.rolesanywhere.health.show-identifiers}); access key ids and error texts, which may name them, never.
 * Shared by the Spring Boot 3 and 4 indicators, which differ only in the packages of Boot's health types.
 */
public final class HealthReport {
    /** Boot's status codes. */
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
    public static final String UNKNOWN = "UNKNOWN";

    private final String status;
    private final Map<String, Object> details;

    private HealthReport(String status, Map<String, Object> details) {
        this.status = status;
        this.details = Collections.unmodifiableMap(details);
    }

    public String status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** @param certificateWarning how long before its expiry the certificate is reported as expiring */
    public static HealthReport of(RolesAnywhereCredentialsProvider provider, Clock clock, Duration certificateWarning,
            boolean showIdentifiers) {
        Instant now = clock.instant();
        Map<String, Object> details = new LinkedHashMap<>();
        if (showIdentifiers) {
            details.put("provider", provider.toString());
        }
        String status = UP;
        if (provider.isClosed()) {
            details.put("error", "the provider is closed");
            return new HealthReport(DOWN, details);
        }
        Optional<Instant> certificate = provider.certificateExpiration();
        if (certificate.isPresent()) {
            details.put("certificateExpiration", certificate.get().toString());
            if (!now.isBefore(certificate.get())) {
                details.put("error", "the certificate has expired: renew it; CreateSession refuses it");
                status = DOWN;
            } else if (Duration.between(now, certificate.get()).compareTo(certificateWarning) < 0) {
                details.put("certificateWarning", "the certificate expires within " + certificateWarning.toDays()
                        + " days: renew it");
            }
        }
        Optional<Instant> credentials = provider.cachedCredentialsExpiration();
        int failures = provider.consecutiveRefreshFailures();
        if (failures > 0 || provider.lastRefreshFailure().isPresent()) {
            details.put("consecutiveRefreshFailures", failures);
            provider.lastRefreshFailure().ifPresent(e -> details.put("lastRefreshFailure",
                    e.getClass().getSimpleName()));
        }
        if (credentials.isPresent()) {
            Instant expiry = credentials.get();
            details.put("credentialsExpiration", expiry.toString());
            details.put("nextRefreshBy", expiry.minus(provider.prefetchTime()).toString());
            if (!now.isBefore(expiry)) {
                details.put("error", "the cached credentials have expired and refreshing them failed");
                status = DOWN;
            }
        } else if (provider.lastRefreshFailure().isPresent()) {
            details.put("error", "no credentials could be obtained yet");
            status = DOWN;
        } else if (UP.equals(status)) {
            details.put("credentials", "not fetched yet: the first AWS call will fetch them");
            status = UNKNOWN;
        }
        return new HealthReport(status, details);
    }
}
