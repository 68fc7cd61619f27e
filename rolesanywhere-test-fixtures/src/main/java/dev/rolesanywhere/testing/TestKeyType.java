package dev.rolesanywhere.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;

/**
 * The RSA and EC key types IAM Roles Anywhere accepts, with the names the JCA, OpenSSL and pkcs11-tool give them: the
 * one list the tests and benchmarks make keys from. (The emulator's public {@code KeyType} adds ML-DSA for its own
 * certificate authority; the tools used here cannot make ML-DSA keys.)
 */
public enum TestKeyType {
    RSA_2048("RSA", 2048, null, null),
    RSA_3072("RSA", 3072, null, null),
    RSA_4096("RSA", 4096, null, null),
    EC_P256("EC", 256, "secp256r1", "prime256v1"),
    EC_P384("EC", 384, "secp384r1", "secp384r1"),
    EC_P521("EC", 521, "secp521r1", "secp521r1");

    private final String jcaAlgorithm;
    private final int bits;
    private final String jcaCurve;
    private final String opensslCurve;

    TestKeyType(String jcaAlgorithm, int bits, String jcaCurve, String opensslCurve) {
        this.jcaAlgorithm = jcaAlgorithm;
        this.bits = bits;
        this.jcaCurve = jcaCurve;
        this.opensslCurve = opensslCurve;
    }

    /** {@code RSA} or {@code EC}: the JCA key algorithm. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    public boolean isRsa() {
        return "RSA".equals(jcaAlgorithm);
    }

    public boolean isEc() {
        return "EC".equals(jcaAlgorithm);
    }

    /** The modulus size, or the curve's field size. */
    public int bits() {
        return bits;
    }

    /** The curve as OpenSSL names it ({@code -pkeyopt ec_paramgen_curve:}); null for RSA. */
    public String opensslCurve() {
        return opensslCurve;
    }

    /** The {@code --key-type} argument of {@code pkcs11-tool --keypairgen}. */
    public String pkcs11ToolKeyType() {
        return isRsa() ? "rsa:" + bits : "EC:" + opensslCurve;
    }

    /** The JCA signature algorithm Roles Anywhere uses with this key: SHA-256 whatever the size or curve. */
    public String jcaSignatureAlgorithm() {
        return isRsa() ? "SHA256withRSA" : "SHA256withECDSA";
    }

    /** A form for labels and file names, e.g. {@code ec-p256}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A fresh key pair generated in this JVM (for keys imported onto a token), recorded for the secret scan. */
    public KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(jcaAlgorithm);
            if (jcaCurve != null) {
                g.initialize(new ECGenParameterSpec(jcaCurve));
            } else {
                g.initialize(bits);
            }
            KeyPair pair = g.generateKeyPair();
            SecretRecorder.privateKey(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + this + " key", e);
        }
    }
}
