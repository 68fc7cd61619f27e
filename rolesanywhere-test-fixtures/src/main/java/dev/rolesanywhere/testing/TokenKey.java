package dev.rolesanywhere.testing;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * A key that {@link SoftHsmToken.KeyBuilder} put on a token: where it is, and the public half and certificate a test
 * checks signatures against. {@link #jvmPrivateKey()} exists only for imported keys, for tests that compare against a
 * signature made in the JVM.
 */
public final class TokenKey {
    private final SoftHsmToken token;
    private final String label;
    private final byte[] id;
    private final TestKeyType type;
    private final PublicKey publicKey;
    private final X509Certificate certificate;
    private final PrivateKey jvmPrivateKey;
    private final boolean alwaysAuthenticate;
    private final boolean privateCertificate;

    TokenKey(SoftHsmToken token, String label, byte[] id, TestKeyType type, PublicKey publicKey,
            X509Certificate certificate, PrivateKey jvmPrivateKey, boolean alwaysAuthenticate,
            boolean privateCertificate) {
        this.token = token;
        this.label = label;
        this.id = id.clone();
        this.type = type;
        this.publicKey = publicKey;
        this.certificate = certificate;
        this.jvmPrivateKey = jvmPrivateKey;
        this.alwaysAuthenticate = alwaysAuthenticate;
        this.privateCertificate = privateCertificate;
    }

    public SoftHsmToken token() {
        return token;
    }

    /** {@code CKA_LABEL} of the private key, public key and certificate objects. */
    public String label() {
        return label;
    }

    /** {@code CKA_ID} shared by the key's objects (a copy). */
    public byte[] id() {
        return id.clone();
    }

    public TestKeyType type() {
        return type;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The certificate on the token (from {@link TestPki#shared()} unless the builder named another issuer). */
    public Optional<X509Certificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** The private key as generated in the JVM before import; empty for keys generated on the token. */
    public Optional<PrivateKey> jvmPrivateKey() {
        return Optional.ofNullable(jvmPrivateKey);
    }

    public boolean isAlwaysAuthenticate() {
        return alwaysAuthenticate;
    }

    public boolean hasPrivateCertificate() {
        return privateCertificate;
    }

    /** {@code pkcs11:token=..;object=..;id=..;type=private?module-path=..} (no PIN). */
    public String uri() {
        return token.uri(";object=" + SoftHsmToken.percentEncoded(label) + ";id=" + SoftHsmToken.percentEncoded(id)
                + ";type=private");
    }

    @Override
    public String toString() {
        return "TokenKey[" + label + " " + type + " on " + token.label() + "]";
    }
}
