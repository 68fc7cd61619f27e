package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.SigningAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Lets Bouncy Castle's certificate-request builder sign with a key that never leaves the token: BC hands over the
 * bytes to sign, the token signs them with the same path the signer uses for Roles Anywhere requests.
 */
public final class TokenContentSigner implements ContentSigner {
    private final AlgorithmIdentifier algorithm;
    private final UnaryOperator<byte[]> sign;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /**
     * @param algorithm RSA or ECDSA with SHA-256
     * @param sign signs the whole message (hashing included), returning PKCS#1 v1.5 or DER ECDSA bytes
     */
    public TokenContentSigner(SigningAlgorithm algorithm, UnaryOperator<byte[]> sign) {
        String name;
        switch (algorithm) {
            case RSA_SHA256:
                name = "SHA256withRSA";
                break;
            case ECDSA_SHA256:
                name = "SHA256withECDSA";
                break;
            default:
                throw new IllegalArgumentException("No certificate-request signature algorithm for " + algorithm);
        }
        this.algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find(name);
        this.sign = sign;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        byte[] data = buffer.toByteArray();
        buffer.reset();
        return sign.apply(data);
    }
}
