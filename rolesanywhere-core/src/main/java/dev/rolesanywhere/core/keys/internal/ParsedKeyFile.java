package dev.rolesanywhere.core.keys.internal;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

/**
 * What one certificate or key file contained: its certificates in file order and at most one private key. For a
 * PKCS#12 file the certificates are the key entry's chain, leaf first.
 */
public final class ParsedKeyFile {

    private final List<X509Certificate> certificates;
    private final PrivateKey privateKey;

    ParsedKeyFile(List<X509Certificate> certificates, PrivateKey privateKey) {
        this.certificates = Collections.unmodifiableList(certificates);
        this.privateKey = privateKey;
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The private key, or {@code null} when the file holds none. */
    public PrivateKey privateKey() {
        return privateKey;
    }
}
