package dev.rolesanywhere.core;

import java.security.cert.X509Certificate;
import java.util.List;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Holds the private key that proves the caller's identity to IAM Roles Anywhere, and the certificate that names it.
 *
 * <p>Implementations: file and KeyStore sources in {@code dev.rolesanywhere.core.keys}, PKCS#11 tokens in
 * {@code rolesanywhere-pkcs11}. The protocol code depends only on this interface, never on a concrete key source.
 *
 * <p>Implementations are thread-safe: one signer serves every refresh of a credentials provider, from any thread.
 */
public interface Signer extends SdkAutoCloseable {

    /** The end-entity (leaf) certificate, sent as {@code X-Amz-X509}. Re-read on each call where the source rotates. */
    X509Certificate certificate();

    /**
     * The intermediate certificates sent as {@code X-Amz-X509-Chain}, nearest to the leaf first; empty when none.
     * Never contains the leaf.
     */
    List<X509Certificate> certificateChain();

    /** The Roles Anywhere signing algorithm this key produces. */
    SigningAlgorithm algorithm();

    /**
     * Signs {@code data} (the UTF-8 string to sign) with the algorithm from {@link #algorithm()}: RSASSA-PKCS1-v1_5 with
     * SHA-256, ECDSA with SHA-256 encoded as DER {@code SEQUENCE{r,s}}, or pure ML-DSA with an empty context.
     *
     * @throws SigningException when the key cannot produce a signature
     */
    byte[] sign(byte[] data);

    /**
     * Signs {@code data} like {@link #sign(byte[])} but with another digest: RSASSA-PKCS1-v1_5 or DER ECDSA over
     * {@code hash}. For diagnostics ({@code sign-string --digest}); CreateSession itself always uses SHA-256. Pure
     * ML-DSA has no separate digest, so an ML-DSA key signs {@code data} as {@link #sign(byte[])} does whatever
     * {@code hash} is. The default supports SHA-256 only.
     *
     * @throws SigningException when the key cannot produce the signature, or this signer offers no other digest
     */
    default byte[] sign(byte[] data, HashAlgorithm hash) {
        if (hash == HashAlgorithm.SHA256 || algorithm() == SigningAlgorithm.ML_DSA) {
            return sign(data);
        }
        throw new SigningException("This signer (" + getClass().getSimpleName() + ") signs with SHA-256 only, not "
                + hash.jcaName());
    }

    /**
     * A consistent view of this signer for one request: the certificate, chain, algorithm and key it returns belong
     * together even if the source rotates meanwhile. The protocol client calls this once per signing attempt and uses
     * only the returned object for that attempt. Sources that never change return {@code this} (the default); sources
     * that re-read files return an immutable snapshot of the current pair.
     */
    default Signer current() {
        return this;
    }

    /**
     * The kind of key source, one short lower-case word ({@code file}, {@code keystore}, {@code pkcs11}, …) sent in
     * the User-Agent of CreateSession, so that an operator reading CloudTrail can tell token-held keys from key files.
     * Never a path, label or anything else that identifies the key. The default, {@code custom}, suits signers
     * written by applications.
     */
    default String keySourceKind() {
        return "custom";
    }

    /** Releases what the signer holds (token sessions, file watches). The default holds nothing. */
    @Override
    default void close() {
    }
}
