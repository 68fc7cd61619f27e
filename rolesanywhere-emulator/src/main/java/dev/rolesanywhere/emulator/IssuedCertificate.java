package dev.rolesanywhere.emulator;

import dev.rolesanywhere.emulator.internal.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A certificate issued by {@link TestCertificateAuthority}, with its private key (unless it was issued for a caller's
 * public key) and the intermediates between it and the root. Immutable; {@link #toString()} never shows the key.
 */
public final class IssuedCertificate {
    private final X509Certificate certificate;
    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final List<X509Certificate> intermediates;
    private final X509Certificate root;

    IssuedCertificate(X509Certificate certificate, PublicKey publicKey, PrivateKey privateKey,
            List<X509Certificate> intermediates, X509Certificate root) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
        this.privateKey = privateKey;
        this.intermediates = Collections.unmodifiableList(new ArrayList<>(intermediates));
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The issued certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate's serial number. */
    public BigInteger serialNumber() {
        return certificate.getSerialNumber();
    }

    /**
     * The public key as generated (for ML-DSA, the Bouncy Castle key object rather than the JDK's opaque one).
     */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** Whether the private key is known (false when the certificate was issued for a caller's public key). */
    public boolean hasPrivateKey() {
        return privateKey != null;
    }

    /**
     * The private key.
     *
     * @throws IllegalStateException when the certificate was issued for a caller's public key
     */
    public PrivateKey privateKey() {
        if (privateKey == null) {
            throw new IllegalStateException("Certificate " + certificate.getSubjectX500Principal().getName()
                    + " was issued for a caller-supplied public key; the private key stays with the caller");
        }
        return privateKey;
    }

    /**
     * The key pair.
     *
     * @throws IllegalStateException when the certificate was issued for a caller's public key
     */
    public KeyPair keyPair() {
        return new KeyPair(publicKey, privateKey());
    }

    /** The intermediate CA certificates, the issuer of this certificate first, the root excluded. */
    public List<X509Certificate> intermediates() {
        return intermediates;
    }

    /** This certificate followed by its intermediates (the root excluded): what a client presents. */
    public List<X509Certificate> chain() {
        List<X509Certificate> chain = new ArrayList<>(intermediates.size() + 1);
        chain.add(certificate);
        chain.addAll(intermediates);
        return Collections.unmodifiableList(chain);
    }

    /** The root CA certificate this one chains to: what a trust anchor holds. */
    public X509Certificate rootCertificate() {
        return root;
    }

    /** Writes the certificate as PEM. */
    public Path writeCertificatePem(Path file) {
        return Pem.write(file, Pem.certificates(Collections.singletonList(certificate)), false);
    }

    /** Writes the private key as unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), owner-readable only. */
    public Path writePrivateKeyPem(Path file) {
        return Pem.write(file, Pem.privateKey(privateKey()), true);
    }

    /** Writes the intermediates as a PEM bundle (empty file when there are none). */
    public Path writeIntermediatesPem(Path file) {
        return Pem.write(file, Pem.certificates(intermediates), false);
    }

    /** Writes this certificate followed by its intermediates as one PEM bundle. */
    public Path writeChainPem(Path file) {
        return Pem.write(file, Pem.certificates(chain()), false);
    }

    /**
     * Writes the key and chain (this certificate first, then the intermediates) as a PKCS#12 file, owner-readable
     * only, under the alias {@code client}. The caller keeps and wipes the password.
     */
    public Path writePkcs12(Path file, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", privateKey(), password, chain().toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return Pem.writeBytes(file, out.toByteArray(), true);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a PKCS#12 file for " + certificate.getSubjectX500Principal()
                    .getName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "IssuedCertificate{subject=" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber()
                + ", keyAlgorithm=" + publicKey.getAlgorithm()
                + ", intermediates=" + intermediates.size()
                + ", notAfter=" + certificate.getNotAfter().toInstant() + '}';
    }
}
