package dev.rolesanywhere.spring;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Reports whether the application holds valid IAM Roles Anywhere credentials, when they expire and when they will be
 * refreshed at the latest, and when the certificate expires (DOWN once it has; a warning detail in its last week).
 *
 * <p>Reading the credentials goes through the provider's cache, so a health probe does not call CreateSession while
 * the cached credentials are fresh. Never exposes a secret: only expiry instants, the access key id and the
 * certificate's subject and serial.
 */
public class RolesAnywhereHealthIndicator extends AbstractHealthIndicator {

    private static final Duration CERTIFICATE_WARNING = Duration.ofDays(7);

    private final RolesAnywhereCredentialsProvider provider;
    private final Signer signer;
    private final Duration prefetchTime;
    private final Clock clock;

    public RolesAnywhereHealthIndicator(RolesAnywhereCredentialsProvider provider, Signer signer,
            Duration prefetchTime, Clock clock) {
        super("IAM Roles Anywhere health check failed");
        this.provider = provider;
        this.signer = signer;
        this.prefetchTime = prefetchTime;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Instant now = clock.instant();
        boolean certificateExpired = false;
        if (signer != null) {
            X509Certificate certificate = signer.current().certificate();
            Instant notAfter = certificate.getNotAfter().toInstant();
            certificateExpired = !now.isBefore(notAfter);
            builder.withDetail("certificateSubject", certificate.getSubjectX500Principal().getName())
                    .withDetail("certificateSerial", certificate.getSerialNumber().toString())
                    .withDetail("certificateNotAfter", notAfter.toString());
            if (!certificateExpired && Duration.between(now, notAfter).compareTo(CERTIFICATE_WARNING) < 0) {
                builder.withDetail("certificateWarning", "the certificate expires within "
                        + CERTIFICATE_WARNING.toDays() + " days: renew it and import the new one");
            }
        }
        AwsSessionCredentials credentials = provider.resolveCredentials();
        builder.withDetail("roleArn", provider.toString())
                .withDetail("accessKeyId", credentials.accessKeyId());
        credentials.expirationTime().ifPresent(expiry -> builder
                .withDetail("credentialsExpiration", expiry.toString())
                .withDetail("nextRefreshBy", expiry.minus(prefetchTime).toString()));
        if (certificateExpired) {
            builder.down().withDetail("error", "the certificate has expired: CreateSession will fail once the "
                    + "current credentials expire; renew the certificate");
        } else {
            builder.up();
        }
    }
}
