package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.SigningAlgorithm;
import java.io.IOException;
import java.security.PublicKey;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate requests signed by a token key, built with Bouncy Castle's PKIX classes. The only class of the
 * token path that needs them: reach it only after {@link PkixPresence#available()}.
 */
public final class CertificateRequests {
    private CertificateRequests() {
    }

    /**
     * The DER request for {@code publicKey} with {@code subject} (an X.500 name such as {@code CN=host-42,O=Example}),
     * signed through {@code sign} (the whole message in, PKCS#1 v1.5 or DER ECDSA out).
     */
    public static byte[] create(String subject, PublicKey publicKey, SigningAlgorithm algorithm,
            UnaryOperator<byte[]> sign) {
        X500Name name;
        try {
            name = new X500Name(subject);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("'" + subject + "' is not an X.500 name. Write it like "
                    + "CN=host-42,O=Example", e);
        }
        try {
            return new JcaPKCS10CertificationRequestBuilder(name, publicKey)
                    .build(new TokenContentSigner(algorithm, sign)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a certificate request failed", e);
        }
    }
}
