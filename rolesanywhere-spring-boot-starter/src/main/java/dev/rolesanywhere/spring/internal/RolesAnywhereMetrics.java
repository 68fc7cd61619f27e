package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.provider.CredentialsRefresh;
import dev.rolesanywhere.provider.CredentialsRefreshListener;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Micrometer meters of the IAM Roles Anywhere provider: every refresh timed (tagged by outcome), failed refreshes
 * counted, and two gauges read from the provider's cached state (never a fetch): seconds until the cached credentials
 * expire, and until the certificate does.
 */
public final class RolesAnywhereMetrics implements MeterBinder, CredentialsRefreshListener {
    /** Refresh timer, tagged {@code outcome=success|failure}. */
    public static final String REFRESH = "rolesanywhere.credentials.refresh";
    /** Counter of failed refreshes. */
    public static final String REFRESH_FAILURES = "rolesanywhere.credentials.refresh.failures";
    /** Seconds until the cached credentials expire (negative once they have; absent before the first refresh). */
    public static final String CREDENTIALS_EXPIRY = "rolesanywhere.credentials.expiry";
    /** Seconds until the signing certificate expires. */
    public static final String CERTIFICATE_EXPIRY = "rolesanywhere.certificate.expiry";

    private final Supplier<RolesAnywhereCredentialsProvider> provider;
    private final Clock clock;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    /** @param provider looked up when a gauge is read, so binding never creates the provider */
    public RolesAnywhereMetrics(Supplier<RolesAnywhereCredentialsProvider> provider, Clock clock) {
        this.provider = provider;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        registries.add(registry);
        timer(registry, "success");
        timer(registry, "failure");
        failures(registry);
        Gauge.builder(CREDENTIALS_EXPIRY, this, metrics -> metrics.secondsUntil(
                        p -> p.cachedCredentialsExpiration()))
                .description("Seconds until the cached IAM Roles Anywhere credentials expire")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(CERTIFICATE_EXPIRY, this, metrics -> metrics.secondsUntil(
                        p -> p.certificateExpiration()))
                .description("Seconds until the IAM Roles Anywhere signing certificate expires")
                .baseUnit("seconds")
                .register(registry);
    }

    private double secondsUntil(java.util.function.Function<RolesAnywhereCredentialsProvider, Optional<Instant>> at) {
        RolesAnywhereCredentialsProvider current = provider.get();
        Optional<Instant> instant = current == null ? Optional.empty() : at.apply(current);
        return instant.map(i -> (double) Duration.between(clock.instant(), i).toSeconds()).orElse(Double.NaN);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder(REFRESH)
                .description("IAM Roles Anywhere credential refreshes (CreateSession calls, retries included)")
                .tag("outcome", outcome)
                .register(registry);
    }

    private static Counter failures(MeterRegistry registry) {
        return Counter.builder(REFRESH_FAILURES)
                .description("Failed IAM Roles Anywhere credential refreshes")
                .register(registry);
    }

    @Override
    public void refreshSucceeded(CredentialsRefresh refresh) {
        for (MeterRegistry registry : registries) {
            timer(registry, "success").record(refresh.duration());
        }
    }

    @Override
    public void refreshFailed(CredentialsRefresh refresh) {
        for (MeterRegistry registry : registries) {
            timer(registry, "failure").record(refresh.duration());
            failures(registry).increment();
        }
    }
}
