package dev.rolesanywhere.core.keys.internal;

import dev.rolesanywhere.core.SigningAlgorithm;

/** The JCA {@code Signature} name that produces each Roles Anywhere signature. */
public final class JcaSignatures {

    private JcaSignatures() {
    }

    public static String name(SigningAlgorithm algorithm) {
        switch (algorithm) {
            case RSA_SHA256:
                return "SHA256withRSA";
            case ECDSA_SHA256:
                return "SHA256withECDSA";
            case ML_DSA:
                return "ML-DSA";
            default:
                throw new IllegalStateException("No JCA signature for " + algorithm);
        }
    }
}
