package dev.rolesanywhere.emulator.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * The emulator's HTTPS identity: a fresh self-signed EC P-256 certificate for 127.0.0.1 and localhost. Its validity
 * follows the real time, not the emulator's clock, because TLS clients check it against the real time.
 */
public final class ServerTls {
    private static final char[] IN_MEMORY_PASSWORD = "emulator".toCharArray();

    private final X509Certificate certificate;
    private final SSLContext sslContext;

    private ServerTls(X509Certificate certificate, SSLContext sslContext) {
        this.certificate = certificate;
        this.sslContext = sslContext;
    }

    public static ServerTls generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost,O=rolesanywhere-java emulator");
            Instant now = Instant.now();
            X509Certificate certificate = CertificateIssuer.issue(name, pair.getPrivate(), pair.getPublic(),
                    "SHA256withECDSA", name, pair.getPublic(), new BigInteger(127, new SecureRandom()).setBit(126),
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), 3,
                    CertificateIssuer.Kind.TLS_SERVER, "IP:127.0.0.1", "DNS:localhost");
            // The key never leaves this in-memory store, so its password protects nothing and is fixed.
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", pair.getPrivate(), IN_MEMORY_PASSWORD, new Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return new ServerTls(certificate, context);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot create the emulator's TLS certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public SSLContext sslContext() {
        return sslContext;
    }
}
