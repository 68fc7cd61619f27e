package dev.rolesanywhere.pkcs11.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key types the fixtures put on tokens, with the spellings pkcs11-tool and the JCA use for them. */
public enum TestKeyType {
    RSA_2048("RSA", 2048, null, "rsa:2048"),
    RSA_3072("RSA", 3072, null, "rsa:3072"),
    EC_P256("EC", 256, "secp256r1", "EC:prime256v1"),
    EC_P384("EC", 384, "secp384r1", "EC:secp384r1");

    private final String jcaAlgorithm;
    private final int bits;
    private final String curve;
    private final String pkcs11ToolKeyType;

    TestKeyType(String jcaAlgorithm, int bits, String curve, String pkcs11ToolKeyType) {
        this.jcaAlgorithm = jcaAlgorithm;
        this.bits = bits;
        this.curve = curve;
        this.pkcs11ToolKeyType = pkcs11ToolKeyType;
    }

    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    public boolean isRsa() {
        return "RSA".equals(jcaAlgorithm);
    }

    /** The {@code --key-type} argument of {@code pkcs11-tool --keypairgen}. */
    public String pkcs11ToolKeyType() {
        return pkcs11ToolKeyType;
    }

    /** A fresh key pair generated in this JVM (for keys imported onto a token). */
    public KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(jcaAlgorithm);
            if (curve != null) {
                g.initialize(new ECGenParameterSpec(curve));
            } else {
                g.initialize(bits);
            }
            KeyPair pair = g.generateKeyPair();
            SecretsRecord.privateKey(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + this + " key", e);
        }
    }
}
