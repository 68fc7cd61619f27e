package dev.rolesanywhere.spring;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** Adds {@link RolesAnywhereHealthIndicator} ({@code rolesanywhere}) when Actuator is on the classpath. */
@AutoConfiguration(after = RolesAnywhereAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RolesAnywhereCredentialsProvider.class)
@ConditionalOnEnabledHealthIndicator("rolesanywhere")
public class RolesAnywhereHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "rolesanywhereHealthIndicator")
    public RolesAnywhereHealthIndicator rolesanywhereHealthIndicator(RolesAnywhereCredentialsProvider provider,
            ObjectProvider<RolesAnywhereProperties> properties) {
        RolesAnywhereProperties props = properties.getIfAvailable(RolesAnywhereProperties::new);
        Duration warning = props.getCertificateExpiryWarning() != null ? props.getCertificateExpiryWarning()
                : Duration.ofDays(30);
        return new RolesAnywhereHealthIndicator(provider, Clock.systemUTC(), warning,
                props.getHealth().isShowIdentifiers());
    }
}
