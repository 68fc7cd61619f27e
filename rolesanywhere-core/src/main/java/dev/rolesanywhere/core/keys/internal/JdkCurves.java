package dev.rolesanywhere.core.keys.internal;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** The curves IAM Roles Anywhere accepts, as the JDK describes them, for reading EC keys without Bouncy Castle. */
final class JdkCurves {
    private static final Map<String, ECParameterSpec> ACCEPTED = accepted();

    private JdkCurves() {
    }

    private static Map<String, ECParameterSpec> accepted() {
        Map<String, ECParameterSpec> curves = new LinkedHashMap<>();
        curves.put("P-256", spec("secp256r1"));
        curves.put("P-384", spec("secp384r1"));
        curves.put("P-521", spec("secp521r1"));
        return curves;
    }

    private static ECParameterSpec spec(String name) {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec(name));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK does not know the curve " + name, e);
        }
    }

    /** {@code P-256}, {@code P-384} or {@code P-521} for a key on that curve; null for any other. */
    static String nameOf(ECParameterSpec key) {
        for (Map.Entry<String, ECParameterSpec> curve : ACCEPTED.entrySet()) {
            ECParameterSpec accepted = curve.getValue();
            if (accepted.getCurve().equals(key.getCurve()) && accepted.getOrder().equals(key.getOrder())
                    && accepted.getGenerator().equals(key.getGenerator())
                    && accepted.getCofactor() == key.getCofactor()) {
                return curve.getKey();
            }
        }
        return null;
    }
}
