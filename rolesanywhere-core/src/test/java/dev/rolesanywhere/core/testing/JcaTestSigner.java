package dev.rolesanywhere.core.testing;

import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The smallest real {@link Signer}: a JCA private key and its certificate. Keeps the protocol tests independent of the
 * production key sources, and counts {@link #current()} calls so tests can check one snapshot per attempt.
 */
public final class JcaTestSigner implements Signer {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final List<X509Certificate> chain;
    private final SigningAlgorithm algorithm;
    private final AtomicInteger currentCalls = new AtomicInteger();

    public JcaTestSigner(PrivateKey key, X509Certificate certificate, List<X509Certificate> chain) {
        this.key = key;
        this.certificate = certificate;
        this.chain = Collections.unmodifiableList(new ArrayList<>(chain));
        this.algorithm = SigningAlgorithm.forKey(certificate.getPublicKey());
    }

    @Override
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public Signer current() {
        currentCalls.incrementAndGet();
        return this;
    }

    public int currentCalls() {
        return currentCalls.get();
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature signature;
            switch (algorithm) {
                case RSA_SHA256:
                    signature = Signature.getInstance("SHA256withRSA");
                    break;
                case ECDSA_SHA256:
                    signature = Signature.getInstance("SHA256withECDSA");
                    break;
                default:
                    signature = Signature.getInstance("ML-DSA", BC);
                    break;
            }
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException("test signer failed: " + e, e);
        }
    }
}
