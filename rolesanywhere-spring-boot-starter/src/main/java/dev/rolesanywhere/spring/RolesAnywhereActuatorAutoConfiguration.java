package dev.rolesanywhere.spring;

import dev.rolesanywhere.spring.internal.PinValueSanitizingFunction;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks a token PIN given inline ({@code pkcs11:…?pin-value=…}) wherever the actuator's {@code env} and
 * {@code configprops} endpoints show property values; the rest of the value stays readable.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class RolesAnywhereActuatorAutoConfiguration {

    @Bean
    public PinValueSanitizingFunction rolesAnywherePinValueSanitizingFunction() {
        return new PinValueSanitizingFunction();
    }
}
