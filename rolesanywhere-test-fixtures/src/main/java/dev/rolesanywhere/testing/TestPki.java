package dev.rolesanywhere.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for keys the fixtures put on tokens: issues end-entity certificates for public
 * keys that never leave the token. Its own, small, because these fixtures cannot depend on the emulator (whose
 * {@code TestCertificateAuthority} is the CA tests use otherwise): the emulator's tests use these fixtures too. An
 * emulator trusts it through {@code trustAnchor(TestPki.shared().caCertificate())}.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile TestPki shared;

    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private TestPki() {
        this.caKeys = TestKeyType.EC_P256.generate();
        X500Name name = new X500Name("CN=rolesanywhere test-fixtures CA " + Long.toHexString(RANDOM.nextLong()));
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), notBefore(), notAfter(),
                    name, caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            this.caCertificate = sign(b);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot create the test CA", e);
        }
    }

    /** One CA per JVM. */
    public static TestPki shared() {
        if (shared == null) {
            synchronized (TestPki.class) {
                if (shared == null) {
                    shared = new TestPki();
                }
            }
        }
        return shared;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** An end-entity (digitalSignature) certificate for {@code publicKey}, signed by this CA. */
    public X509Certificate issue(PublicKey publicKey, String commonName) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCertificate, serial(), notBefore(),
                    notAfter(), new X500Name("CN=" + commonName), publicKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(caCertificate));
            return sign(b);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot issue a test certificate for " + commonName, e);
        }
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).setBit(63);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofMinutes(5)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(2)));
    }
}
