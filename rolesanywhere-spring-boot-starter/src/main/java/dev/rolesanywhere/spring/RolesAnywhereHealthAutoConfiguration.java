package dev.rolesanywhere.spring;

import dev.rolesanywhere.core.RefreshSchedule;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
            ObjectProvider<Signer> signer, ObjectProvider<RolesAnywhereProperties> properties) {
        RolesAnywhereProperties props = properties.getIfAvailable();
        Duration prefetch = props != null && props.getPrefetchTime() != null
                ? props.getPrefetchTime() : RefreshSchedule.DEFAULT_PREFETCH_TIME;
        return new RolesAnywhereHealthIndicator(provider, signer.getIfAvailable(), prefetch, Clock.systemUTC());
    }
}
