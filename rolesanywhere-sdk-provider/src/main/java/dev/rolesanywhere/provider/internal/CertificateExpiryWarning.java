package dev.rolesanywhere.provider.internal;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one WARN when the signing certificate expires within a window (or has expired), with the date: once per
 * certificate, so a renewed certificate that is itself close to expiry is reported again, and a long-running service
 * does not repeat the line at every refresh.
 */
public final class CertificateExpiryWarning {
    /** The default window: 30 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiryWarning.class);

    private final Duration window;
    private final Clock clock;
    private final AtomicReference<String> warnedFor = new AtomicReference<>();

    /** @param window how long before {@code notAfter} to warn; zero turns the warning off */
    public CertificateExpiryWarning(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    /** Warns if {@code certificate} expires within the window and has not been warned about yet. */
    public void check(X509Certificate certificate) {
        if (window.isZero()) {
            return;
        }
        Instant notAfter = certificate.getNotAfter().toInstant();
        Instant now = clock.instant();
        if (now.plus(window).isBefore(notAfter)) {
            return;
        }
        String identity = certificate.getIssuerX500Principal().getName() + "#" + certificate.getSerialNumber();
        if (identity.equals(warnedFor.getAndSet(identity))) {
            return;
        }
        if (now.isBefore(notAfter)) {
            LOG.warn("The IAM Roles Anywhere signing certificate (serial {}, subject {}) expires on {}, in {} days: "
                    + "renew it before then, or CreateSession will fail once the current credentials expire",
                    certificate.getSerialNumber(), certificate.getSubjectX500Principal().getName(), notAfter,
                    Duration.between(now, notAfter).toDays());
        } else {
            LOG.warn("The IAM Roles Anywhere signing certificate (serial {}, subject {}) expired on {}: renew it; "
                    + "CreateSession refuses an expired certificate", certificate.getSerialNumber(),
                    certificate.getSubjectX500Principal().getName(), notAfter);
        }
    }
}
