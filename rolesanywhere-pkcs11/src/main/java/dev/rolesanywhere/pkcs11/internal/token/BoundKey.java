package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.Pkcs11KeyException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.pkcs11.TokenUnavailableException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckm;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.Mechanism;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.util.encoders.Hex;

/**
 * A private key found on a token, paired with its certificate and the mechanism chosen for it. Everything here was
 * decided once at discovery, so a signature costs one {@code C_SignInit} and one {@code C_Sign} on a pooled session.
 */
public final class BoundKey {
    private final Token token;
    private final CertificateObject certificate;
    private final PrivateKeyObject key;
    private final SigningAlgorithm algorithm;
    private final Mechanism mechanism;
    private final int ecFieldBytes;

    BoundKey(Token token, CertificateObject certificate, PrivateKeyObject key, SigningAlgorithm algorithm,
            long mechanismType) {
        this(token, certificate, key, certificate.certificate().getPublicKey(), algorithm, mechanismType);
    }

    private BoundKey(Token token, CertificateObject certificate, PrivateKeyObject key, PublicKey publicKey,
            SigningAlgorithm algorithm, long mechanismType) {
        this.token = token;
        this.certificate = certificate;
        this.key = key;
        this.algorithm = algorithm;
        this.mechanism = Mechanism.of(mechanismType);
        this.ecFieldBytes = algorithm == SigningAlgorithm.ECDSA_SHA256
                ? PublicKeyMatch.fieldBytes((ECPublicKey) publicKey) : 0;
    }

    /** A key that has no certificate yet (it is about to sign its own certificate request). */
    public static BoundKey withoutCertificate(Token token, PrivateKeyObject key, PublicKey publicKey,
            long mechanismType) {
        return new BoundKey(token, null, key, publicKey, SigningAlgorithm.forKey(publicKey), mechanismType);
    }

    public Token token() {
        return token;
    }

    /** The certificate; null only for {@link #withoutCertificate} keys. */
    public CertificateObject certificate() {
        return certificate;
    }

    public PrivateKeyObject key() {
        return key;
    }

    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    /**
     * Signs {@code data} as Roles Anywhere expects: PKCS#1 v1.5 with SHA-256, or DER ECDSA over SHA-256.
     *
     * @param contextPin the PIN for {@code CKA_ALWAYS_AUTHENTICATE} keys; ignored for other keys
     */
    public byte[] sign(byte[] data, PinCallback contextPin) {
        return sign(data, HashAlgorithm.SHA256, contextPin);
    }

    /**
     * As {@link #sign(byte[], PinCallback)} with {@code hash} instead of SHA-256 (for diagnostics): hashed here, then
     * {@code CKM_ECDSA}, or {@code CKM_RSA_PKCS} over the DigestInfo, whatever mechanism SHA-256 uses.
     */
    public byte[] sign(byte[] data, HashAlgorithm hash, PinCallback contextPin) {
        boolean otherDigest = hash != HashAlgorithm.SHA256 && algorithm != SigningAlgorithm.ML_DSA;
        Mechanism using = otherDigest && algorithm == SigningAlgorithm.RSA_SHA256 ? Mechanism.of(Ckm.CKM_RSA_PKCS)
                : mechanism;
        byte[] input = otherDigest ? otherDigestInput(data, hash) : tokenInput(data);
        byte[] out = signOnToken(using, input, contextPin);
        if (algorithm != SigningAlgorithm.ECDSA_SHA256) {
            return out;
        }
        try {
            return EcdsaSignatureEncoding.toDer(out, ecFieldBytes);
        } catch (IllegalArgumentException e) {
            throw new SigningException("The token returned an ECDSA signature in an unknown format for key "
                    + describe() + ": " + e.getMessage(), e);
        }
    }

    private byte[] signOnToken(Mechanism mechanism, byte[] input, PinCallback contextPin) {
        Cryptoki cryptoki = token.cryptoki();
        try (SessionLease session = token.sessions().borrow()) {
            try {
                cryptoki.signInit(session.handle(), mechanism, key.handle());
                if (key.alwaysAuthenticate()) {
                    TokenLogin.login(cryptoki, session.handle(), Cku.CKU_CONTEXT_SPECIFIC, contextPin,
                            token.displayName());
                }
                return cryptoki.sign(session.handle(), input);
            } catch (RuntimeException | Error e) {
                // After a failure between C_SignInit and C_Sign the session may still hold an active operation
                // (CKR_OPERATION_ACTIVE for the next user): close it rather than lend it again.
                session.markBroken();
                throw e;
            }
        }
    }

    private byte[] tokenInput(byte[] data) {
        if (mechanism.type() == Ckm.CKM_SHA256_RSA_PKCS) {
            return data;
        }
        byte[] digest = sha256(data);
        return mechanism.type() == Ckm.CKM_RSA_PKCS ? RsaDigestInfo.sha256(digest) : digest;
    }

    private byte[] otherDigestInput(byte[] data, HashAlgorithm hash) {
        byte[] digest = digest(data, hash);
        return algorithm == SigningAlgorithm.RSA_SHA256 ? RsaDigestInfo.of(hash, digest) : digest;
    }

    private static byte[] sha256(byte[] data) {
        return digest(data, HashAlgorithm.SHA256);
    }

    private static byte[] digest(byte[] data, HashAlgorithm hash) {
        try {
            return MessageDigest.getInstance(hash.jcaName()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides " + hash.jcaName(), e);
        }
    }

    /** Label and id of the key, for messages. */
    public String describe() {
        return "'" + key.label() + "' (id " + hex(key.id()) + ") on " + token.displayName();
    }

    private static String hex(byte[] bytes) {
        if (bytes == null) {
            return "none";
        }
        return bytes.length == 0 ? "empty" : Hex.toHexString(bytes);
    }

    /**
     * True for failures after which the sessions, the login or the object handles are gone, so reopening the token
     * and finding the key again can help. A stale key handle (token re-inserted, or private objects hidden after
     * the login was lost) counts: handles are only valid for the life of the login and insertion.
     */
    public static boolean isRecoverable(RuntimeException e) {
        if (e instanceof SessionLostException || e instanceof TokenUnavailableException) {
            return true;
        }
        if (e instanceof Pkcs11KeyException) {
            long rv = ((Pkcs11KeyException) e).returnValue();
            return rv == Ckr.CKR_OBJECT_HANDLE_INVALID || rv == Ckr.CKR_KEY_HANDLE_INVALID;
        }
        return false;
    }

    @Override
    public String toString() {
        return "BoundKey[" + describe() + ", " + algorithm + ", mechanism 0x" + Long.toHexString(mechanism.type())
                + "]";
    }
}
