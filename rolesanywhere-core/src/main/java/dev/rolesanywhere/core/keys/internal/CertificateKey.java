package dev.rolesanywhere.core.keys.internal;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * The public key of a certificate, checked against what IAM Roles Anywhere accepts (RSA 2048 to 4096 bits, EC P-256,
 * P-384 or P-521, ML-DSA-44/65/87), with the signing algorithm it implies and a usable {@link PublicKey}.
 *
 * <p>The decision is made on the certificate, not the private key, because a token-held key (PKCS#11, Windows, macOS)
 * may not reveal its size or curve.
 */
public final class CertificateKey {

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 4096;

    private static final String[] CURVE_NAMES = {"P-256", "P-384", "P-521"};
    // SubjectPublicKeyInfo up to the key bits: SEQUENCE { SEQUENCE { id-ecPublicKey, the curve's OID }, BIT STRING },
    // with the lengths of an uncompressed point on that curve.
    private static final byte[][] NAMED_CURVE_PREFIXES = {
        hex("3059301306072a8648ce3d020106082a8648ce3d030107034200"),
        hex("3076301006072a8648ce3d020106052b81040022036200"),
        hex("30819b301006072a8648ce3d020106052b8104002303818600"),
    };

    private final SigningAlgorithm algorithm;
    private final String description;
    private final PublicKey publicKey;

    CertificateKey(SigningAlgorithm algorithm, String description, PublicKey publicKey) {
        this.algorithm = algorithm;
        this.description = description;
        this.publicKey = publicKey;
    }

    /**
     * Checks the certificate's version and key.
     *
     * @param source names where the certificate came from, for the error message
     * @throws KeySourceException when the certificate is not v3 or its key is of a type, size or curve that is refused
     */
    public static CertificateKey inspect(X509Certificate certificate, String source) {
        try {
            return inspectChecked(certificate, source);
        } catch (KeySourceException e) {
            throw e;
        } catch (RuntimeException e) {
            // Key decoders (Bouncy Castle's above all) report malformed encodings with unchecked exceptions of several
            // types.
            throw new KeySourceException("The public key in the certificate from " + source + " (subject '"
                    + certificate.getSubjectX500Principal().getName() + "') is malformed: " + e.getMessage()
                    + ". Check that the certificate is not corrupted", e);
        }
    }

    private static CertificateKey inspectChecked(X509Certificate certificate, String source) {
        if (certificate.getVersion() != 3) {
            throw new KeySourceException("The certificate from " + source + " (subject '"
                    + certificate.getSubjectX500Principal().getName() + "') is X.509 v" + certificate.getVersion()
                    + ", but IAM Roles Anywhere accepts only v3 certificates: reissue it with extensions "
                    + "(for example 'openssl x509 -req ... -extfile ext.cnf' with basicConstraints and keyUsage)");
        }
        // The usual keys, RSA and EC on a named accepted curve, come out the same either way and skip Bouncy Castle,
        // whose signed jars cost every credential_process run a check once any of its classes is touched.
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey && key.getAlgorithm().equals("RSA")) {
            return rsa((RSAPublicKey) key, source);
        }
        String curve = key instanceof ECPublicKey ? namedCurve(key) : null;
        if (curve != null) {
            return new CertificateKey(SigningAlgorithm.ECDSA_SHA256, "EC " + curve, key);
        }
        if (BouncyCastlePresence.available()) {
            return BouncyCastleCertificateKeys.inspect(certificate, source);
        }
        return inspectWithTheJdk(certificate, source);
    }

    /**
     * The accepted curve an EC key names in its encoding, or null when its parameters are explicit or another curve.
     * The encoding is looked at, not the parameters, because Bouncy Castle's inspection refuses explicit parameters
     * even when they describe an accepted curve.
     */
    private static String namedCurve(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return null;
        }
        for (int i = 0; i < NAMED_CURVE_PREFIXES.length; i++) {
            if (startsWith(encoded, NAMED_CURVE_PREFIXES[i])) {
                return CURVE_NAMES[i];
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** RSA and EC keys on the named curves, read by the JDK alone (no Bouncy Castle on the class path). */
    private static CertificateKey inspectWithTheJdk(X509Certificate certificate, String source) {
        PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey) {
            return rsa((RSAPublicKey) key, source);
        }
        if (key instanceof ECPublicKey) {
            String name = JdkCurves.nameOf(((ECPublicKey) key).getParams());
            if (name == null) {
                throw new KeySourceException("The certificate from " + source + " holds an EC key that is not on "
                        + "P-256, P-384 or P-521 (or has explicit curve parameters), which IAM Roles Anywhere does not "
                        + "accept: issue a new key on one of those curves");
            }
            return new CertificateKey(SigningAlgorithm.ECDSA_SHA256, "EC " + name, key);
        }
        throw new KeySourceException("The certificate from " + source + " holds a " + key.getAlgorithm() + " key, "
                + "which needs Bouncy Castle (" + BouncyCastlePresence.ARTIFACTS + ") on the class path to be used "
                + "(ML-DSA), or is not accepted by IAM Roles Anywhere: use RSA (2048 to 4096 bits), EC (P-256, P-384, "
                + "P-521) or ML-DSA with Bouncy Castle");
    }

    /** @throws KeySourceException when the key is shorter than 2048 or longer than 4096 bits */
    static CertificateKey rsa(RSAPublicKey key, String source) {
        int bits = key.getModulus().bitLength();
        if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
            throw new KeySourceException("The certificate from " + source + " holds a " + bits
                    + "-bit RSA key; IAM Roles Anywhere needs RSA keys of 2048 to 4096 bits: "
                    + "issue a new key and certificate (for example RSA 3072 or EC P-256)");
        }
        return new CertificateKey(SigningAlgorithm.RSA_SHA256, "RSA " + bits, key);
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /** Short text such as {@code RSA 3072}, {@code EC P-256} or {@code ML-DSA-65}. */
    public String description() {
        return description;
    }

    /** The certificate's key, decoded by a provider able to verify with it. */
    public PublicKey publicKey() {
        return publicKey;
    }

    private static byte[] hex(String digits) {
        byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
