package dev.rolesanywhere.emulator;

import dev.rolesanywhere.emulator.internal.EmulatorBouncyCastle;
import dev.rolesanywhere.emulator.internal.SecretObserver;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** The key types {@link TestCertificateAuthority} can generate: every kind IAM Roles Anywhere accepts. */
public enum KeyType {
    RSA_2048("RSA", 2048, null, "SHA256withRSA"),
    RSA_3072("RSA", 3072, null, "SHA256withRSA"),
    RSA_4096("RSA", 4096, null, "SHA256withRSA"),
    EC_P256("EC", 0, "secp256r1", "SHA256withECDSA"),
    EC_P384("EC", 0, "secp384r1", "SHA384withECDSA"),
    EC_P521("EC", 0, "secp521r1", "SHA512withECDSA"),
    ML_DSA_44("ML-DSA-44", 0, null, "ML-DSA-44"),
    ML_DSA_65("ML-DSA-65", 0, null, "ML-DSA-65"),
    ML_DSA_87("ML-DSA-87", 0, null, "ML-DSA-87");

    private final String algorithm;
    private final int keySize;
    private final String curve;
    private final String certificateSignatureAlgorithm;

    KeyType(String algorithm, int keySize, String curve, String certificateSignatureAlgorithm) {
        this.algorithm = algorithm;
        this.keySize = keySize;
        this.curve = curve;
        this.certificateSignatureAlgorithm = certificateSignatureAlgorithm;
    }

    /** Generates a fresh key pair of this type (RSA and EC from the JDK, ML-DSA from Bouncy Castle). */
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator;
            if (isMlDsa()) {
                // Java 11 and 17 have no ML-DSA; Bouncy Castle is used as a private provider, never registered globally.
                generator = KeyPairGenerator.getInstance(algorithm, EmulatorBouncyCastle.provider());
            } else {
                generator = KeyPairGenerator.getInstance(algorithm);
                if (curve != null) {
                    generator.initialize(new ECGenParameterSpec(curve));
                } else {
                    generator.initialize(keySize);
                }
            }
            KeyPair pair = generator.generateKeyPair();
            SecretObserver.privateKey(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + this + " key pair: " + e.getMessage(), e);
        }
    }

    /** Whether this is one of the ML-DSA parameter sets. */
    public boolean isMlDsa() {
        return curve == null && keySize == 0;
    }

    /** The JCA signature algorithm a CA of this key type uses to sign certificates. */
    String certificateSignatureAlgorithm() {
        return certificateSignatureAlgorithm;
    }
}
