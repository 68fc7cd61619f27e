package dev.rolesanywhere.spring;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.spring.internal.RolesAnywhereMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the provider when Micrometer is on the class path: {@code rolesanywhere.credentials.refresh}
 * (timer, tagged by outcome), {@code rolesanywhere.credentials.refresh.failures} (counter) and the gauges
 * {@code rolesanywhere.credentials.expiry} and {@code rolesanywhere.certificate.expiry} (seconds left). Spring Boot binds
 * them to every meter registry.
 */
@AutoConfiguration(after = RolesAnywhereAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, RolesAnywhereCredentialsProvider.class})
@ConditionalOnProperty(prefix = RolesAnywhereProperties.PREFIX, name = "enabled", havingValue = "true")
public class RolesAnywhereMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public RolesAnywhereMetrics rolesAnywhereMetrics(ObjectProvider<RolesAnywhereCredentialsProvider> provider) {
        return new RolesAnywhereMetrics(provider::getIfUnique, Clock.systemUTC());
    }
}
