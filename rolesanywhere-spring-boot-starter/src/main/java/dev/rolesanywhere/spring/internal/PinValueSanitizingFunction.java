package dev.rolesanywhere.spring.internal;

import dev.rolesanywhere.core.SignerSpec;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the {@code pin-value} of a {@code pkcs11:} URI in whatever property shows it ({@code aws.rolesanywhere.certificate},
 * {@code private-key}, their environment variables) in the actuator's {@code env} and {@code configprops}
 * endpoints, leaving the rest of the value readable. Boot masks every value by default; this keeps the PIN hidden
 * where an application chose to show values.
 */
public final class PinValueSanitizingFunction implements SanitizingFunction {

    @Override
    public SanitizableData apply(SanitizableData data) {
        Object value = data.getValue();
        if (value instanceof CharSequence sequence) {
            String text = sequence.toString();
            String masked = SignerSpec.redact(text);
            if (!masked.equals(text)) {
                return data.withValue(masked);
            }
        }
        return data;
    }
}
