package dev.rolesanywhere.core;

import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;

/** The signing algorithms IAM Roles Anywhere accepts, with the name that appears in the {@code Authorization} header. */
public enum SigningAlgorithm {
    /** RSASSA-PKCS1-v1_5 with SHA-256. */
    RSA_SHA256("AWS4-X509-RSA-SHA256"),
    /** ECDSA with SHA-256 whatever the curve; signature DER-encoded. */
    ECDSA_SHA256("AWS4-X509-ECDSA-SHA256"),
    /** Pure ML-DSA (44, 65 or 87) over the string to sign, empty context. */
    ML_DSA("AWS4-X509-MLDSA");

    private final String headerValue;

    SigningAlgorithm(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The algorithm name as it appears in the string to sign and the {@code Authorization} header. */
    public String headerValue() {
        return headerValue;
    }

    /**
     * The algorithm for a public key.
     *
     * @throws IllegalArgumentException for a key type Roles Anywhere does not accept
     */
    public static SigningAlgorithm forKey(PublicKey key) {
        if (key instanceof RSAKey) {
            return RSA_SHA256;
        }
        if (key instanceof ECKey) {
            return ECDSA_SHA256;
        }
        String name = key.getAlgorithm();
        if (name != null && (name.startsWith("ML-DSA") || name.equalsIgnoreCase("MLDSA")
                || name.startsWith("ML_DSA") || name.equalsIgnoreCase("DILITHIUM"))) {
            return ML_DSA;
        }
        throw new IllegalArgumentException("Unsupported key type '" + name
                + "': IAM Roles Anywhere accepts RSA, EC (P-256, P-384, P-521) and ML-DSA keys");
    }
}
