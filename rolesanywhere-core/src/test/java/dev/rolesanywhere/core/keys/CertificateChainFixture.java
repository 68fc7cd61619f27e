package dev.rolesanywhere.core.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

/** A root CA, an intermediate CA and a leaf (RSA 2048 under EC P-384 CAs), all made by OpenSSL. */
final class CertificateChainFixture {

    final Path rootKey;
    final Path root;
    final Path intermediateKey;
    final Path intermediate;
    final Path leafKey;
    final Path leaf;

    CertificateChainFixture(OpenSsl ssl) {
        rootKey = ssl.ecKey("P-384");
        root = ssl.selfSigned(rootKey, "root-ca");
        intermediateKey = ssl.ecKey("P-384");
        intermediate = ssl.issue(intermediateKey, "intermediate-ca", root, rootKey,
                "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n");
        leafKey = ssl.rsaKey(2048);
        leaf = ssl.issue(leafKey, "leaf", intermediate, intermediateKey,
                "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n");
        // The fixture itself must be a valid chain, or the tests below would prove nothing.
        ssl.openssl("verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(), leaf.toString());
    }

    /** Reads a PEM certificate with the JDK, independently of the code under test. */
    static X509Certificate read(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException e) {
            throw new AssertionError(e);
        }
    }
}
