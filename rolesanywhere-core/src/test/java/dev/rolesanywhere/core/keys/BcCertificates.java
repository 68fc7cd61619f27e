package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.keys.internal.BouncyCastle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates made with Bouncy Castle, for what OpenSSL 3.0 cannot make (ML-DSA, certificates dated in the
 * past) and for fast in-memory tests.
 */
final class BcCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private BcCertificates() {
    }

    static KeyPair mlDsa(String parameterSet) {
        return generate(parameterSet, null, 0);
    }

    static KeyPair ec(String curve) {
        return generate("EC", curve, 0);
    }

    static KeyPair rsa(int bits) {
        return generate("RSA", null, bits);
    }

    private static KeyPair generate(String algorithm, String curve, int bits) {
        try {
            // RSA from the JDK: its key generation is several times faster than Bouncy Castle's.
            KeyPairGenerator generator = "RSA".equals(algorithm) ? KeyPairGenerator.getInstance(algorithm)
                    : KeyPairGenerator.getInstance(algorithm, BouncyCastle.provider());
            if (curve != null) {
                generator.initialize(new ECGenParameterSpec(curve));
            } else if (bits > 0) {
                generator.initialize(bits);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static X509Certificate selfSignedV3(KeyPair pair, String commonName) {
        Instant now = Instant.now();
        return v3(pair, commonName, now.minusSeconds(60), now.plusSeconds(86400), pair.getPrivate(), commonName);
    }

    static X509Certificate v3(KeyPair subject, String commonName, Instant notBefore, Instant notAfter,
                              PrivateKey issuerKey, String issuerName) {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerName),
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                new X500Name("CN=" + commonName), subject.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            return convert(builder.build(contentSigner(issuerKey)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static X509Certificate selfSignedV1(KeyPair pair, String commonName) {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=" + commonName);
        JcaX509v1CertificateBuilder builder = new JcaX509v1CertificateBuilder(name,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minusSeconds(60)),
                Date.from(now.plusSeconds(86400)), name, pair.getPublic());
        return convert(builder.build(contentSigner(pair.getPrivate())));
    }

    private static ContentSigner contentSigner(PrivateKey key) {
        String algorithm;
        switch (key.getAlgorithm()) {
            case "RSA":
                algorithm = "SHA256withRSA";
                break;
            case "EC":
            case "ECDSA":
                algorithm = "SHA256withECDSA";
                break;
            default:
                algorithm = key.getAlgorithm();
        }
        try {
            return new JcaContentSignerBuilder(algorithm).setProvider(BouncyCastle.provider()).build(key);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new AssertionError(e);
        }
    }

    // Through the JDK's CertificateFactory, as applications and this library's file reader produce them.
    private static X509Certificate convert(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (java.security.cert.CertificateException e) {
            throw new AssertionError(e);
        }
    }
}
