package dev.rolesanywhere.spring;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.internal.HealthReport;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Whether the application holds valid IAM Roles Anywhere credentials, when they expire and are refreshed at the
 * latest, and when the certificate expires (DOWN once it has), from the provider's cached state only: a health probe
 * never calls CreateSession or signs with the token. No ARN unless {@code aws.rolesanywhere.health.show-identifiers},
 * and never an access key id or a secret. (Spring Boot 3.5.)
 */
public class RolesAnywhereHealthIndicator extends AbstractHealthIndicator {

    private final RolesAnywhereCredentialsProvider provider;
    private final Clock clock;
    private final Duration certificateWarning;
    private final boolean showIdentifiers;

    public RolesAnywhereHealthIndicator(RolesAnywhereCredentialsProvider provider, Clock clock,
            Duration certificateWarning, boolean showIdentifiers) {
        super("IAM Roles Anywhere health check failed");
        this.provider = provider;
        this.clock = clock;
        this.certificateWarning = certificateWarning;
        this.showIdentifiers = showIdentifiers;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        HealthReport report = HealthReport.of(provider, clock, certificateWarning, showIdentifiers);
        builder.status(report.status()).withDetails(report.details());
    }
}
