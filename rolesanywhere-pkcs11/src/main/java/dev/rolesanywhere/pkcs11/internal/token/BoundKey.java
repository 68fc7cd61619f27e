package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckm;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.Mechanism;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.util.encoders.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private key found on a token, paired with its certificate and the mechanisms chosen for it. Everything here was
 * decided once at discovery, so a signature costs one {@code C_SignInit} and one {@code C_Sign} on a pooled session.
 */
public final class BoundKey {
    private static final Logger LOG = LoggerFactory.getLogger(BoundKey.class);

    private final Token token;
    private final CertificateObject certificate;
    private final PrivateKeyObject key;
    private final SigningAlgorithm algorithm;
    /** Usable mechanisms, best first; {@link #current} moves on when the token refuses one at {@code C_SignInit}. */
    private final List<Mechanism> mechanisms;
    private final AtomicInteger current = new AtomicInteger();
    private final int ecFieldBytes;
    private final int rsaSignatureBytes;

    BoundKey(Token token, CertificateObject certificate, PrivateKeyObject key, SigningAlgorithm algorithm,
            List<Long> mechanismTypes) {
        this(token, certificate, key, certificate.certificate().getPublicKey(), algorithm, mechanismTypes);
    }

    private BoundKey(Token token, CertificateObject certificate, PrivateKeyObject key, PublicKey publicKey,
            SigningAlgorithm algorithm, List<Long> mechanismTypes) {
        if (mechanismTypes.isEmpty()) {
            throw new IllegalArgumentException("A key needs at least one signing mechanism");
        }
        this.token = token;
        this.certificate = certificate;
        this.key = key;
        this.algorithm = algorithm;
        List<Mechanism> list = new ArrayList<>();
        for (long type : mechanismTypes) {
            list.add(Mechanism.of(type));
        }
        this.mechanisms = Collections.unmodifiableList(list);
        this.ecFieldBytes = algorithm == SigningAlgorithm.ECDSA_SHA256
                ? PublicKeyMatch.fieldBytes((ECPublicKey) publicKey) : 0;
        this.rsaSignatureBytes = publicKey instanceof RSAPublicKey
                ? (((RSAPublicKey) publicKey).getModulus().bitLength() + 7) / 8 : 0;
    }

    /** A key that has no certificate yet (it is about to sign its own certificate request). */
    public static BoundKey withoutCertificate(Token token, PrivateKeyObject key, PublicKey publicKey,
            List<Long> mechanismTypes) {
        return new BoundKey(token, null, key, publicKey, SigningAlgorithm.forKey(publicKey), mechanismTypes);
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
     * @param contextLogin the PIN sources for {@code CKA_ALWAYS_AUTHENTICATE} keys (null: a PIN pad); ignored for
     *     other keys
     */
    public byte[] sign(byte[] data, ContextLogin contextLogin) {
        return sign(data, HashAlgorithm.SHA256, contextLogin);
    }

    /**
     * As {@link #sign(byte[], ContextLogin)} with {@code hash} instead of SHA-256 (for diagnostics such as
     * {@code sign-string --digest SHA384}): hashed here, then {@code CKM_ECDSA}, or {@code CKM_RSA_PKCS} over the
     * DigestInfo.
     */
    public byte[] sign(byte[] data, HashAlgorithm hash, ContextLogin contextLogin) {
        byte[] out;
        if (key.alwaysAuthenticate()) {
            ReentrantLock card = token.contextSignatureLock();
            card.lock();
            try {
                out = signOnToken(data, hash, contextLogin);
            } finally {
                card.unlock();
            }
        } else {
            out = signOnToken(data, hash, null);
        }
        if (algorithm == SigningAlgorithm.RSA_SHA256) {
            return leftPadded(out);
        }
        try {
            return EcdsaSignatureEncoding.toDer(out, ecFieldBytes);
        } catch (IllegalArgumentException e) {
            throw new SigningException("The token returned an ECDSA signature in an unknown format for key "
                    + describe() + ": " + e.getMessage(), e);
        }
    }

    private byte[] signOnToken(byte[] data, HashAlgorithm hash, ContextLogin contextLogin) {
        Cryptoki cryptoki = token.cryptoki();
        try (SessionLease session = token.sessions().borrow()) {
            try {
                boolean sha256 = hash == HashAlgorithm.SHA256;
                Mechanism mechanism = sha256 ? signInit(cryptoki, session.handle())
                        : otherDigestInit(cryptoki, session.handle());
                if (key.alwaysAuthenticate()) {
                    if (contextLogin == null) {
                        token.login().login(session.handle(), Cku.CKU_CONTEXT_SPECIFIC, null);
                    } else {
                        contextLogin.login(token.login(), session.handle(), token.displayName());
                    }
                }
                return cryptoki.sign(session.handle(), sha256 ? tokenInput(mechanism, data)
                        : otherDigestInput(data, hash));
            } catch (RuntimeException e) {
                // After a failure between C_SignInit and C_Sign the session may still hold an active operation
                // (CKR_OPERATION_ACTIVE for the next user): close it rather than lend it again, unless the failure
                // shows the session is gone, and then its handle is forgotten.
                session.reportFailure(e);
                session.markBroken();
                throw e;
            } catch (Error e) {
                session.markBroken();
                throw e;
            }
        }
    }

    /**
     * {@code C_SignInit} with the best mechanism the token has not refused yet. A refusal at {@code C_SignInit}
     * (a key policy the attributes did not reveal) moves this key on to the next mechanism for good.
     */
    private Mechanism signInit(Cryptoki cryptoki, long session) {
        while (true) {
            int index = current.get();
            Mechanism mechanism = mechanisms.get(index);
            try {
                cryptoki.signInit(session, mechanism, key.handle());
                return mechanism;
            } catch (Pkcs11Exception e) {
                if (!refusesMechanism(e) || index + 1 >= mechanisms.size()) {
                    throw e;
                }
                if (current.compareAndSet(index, index + 1)) {
                    LOG.info("{} refused {} for key {} ({}); signing with {} from now on", token.displayName(),
                            SigningMechanisms.name(mechanism.type()), describe(), e.returnValueName(),
                            SigningMechanisms.name(mechanisms.get(index + 1).type()));
                }
            }
        }
    }

    /** Signing another digest than SHA-256 always goes through the raw mechanisms, over a digest made here. */
    private Mechanism otherDigestInit(Cryptoki cryptoki, long session) {
        Mechanism raw = Mechanism.of(algorithm == SigningAlgorithm.RSA_SHA256 ? Ckm.CKM_RSA_PKCS : Ckm.CKM_ECDSA);
        cryptoki.signInit(session, raw, key.handle());
        return raw;
    }

    private static boolean refusesMechanism(Pkcs11Exception e) {
        long rv = e.returnValue();
        return rv == Ckr.CKR_MECHANISM_INVALID || rv == Ckr.CKR_MECHANISM_PARAM_INVALID
                || rv == Ckr.CKR_KEY_FUNCTION_NOT_PERMITTED || rv == Ckr.CKR_KEY_TYPE_INCONSISTENT;
    }

    private static byte[] tokenInput(Mechanism mechanism, byte[] data) {
        long type = mechanism.type();
        if (type == Ckm.CKM_SHA256_RSA_PKCS || type == Ckm.CKM_ECDSA_SHA256) {
            return data;
        }
        byte[] digest = sha256(data);
        return type == Ckm.CKM_RSA_PKCS ? RsaDigestInfo.sha256(digest) : digest;
    }

    /**
     * RSASSA-PKCS1-v1_5 signatures are exactly as long as the modulus; a module that returns the signature as an
     * integer drops its leading zero bytes (1 signature in 256), which verifiers reject.
     */
    private byte[] leftPadded(byte[] signature) {
        if (signature.length >= rsaSignatureBytes) {
            return signature;
        }
        byte[] padded = new byte[rsaSignatureBytes];
        System.arraycopy(signature, 0, padded, rsaSignatureBytes - signature.length, signature.length);
        return padded;
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
        // The same failures end the slot's session generation: what is gone for signing is gone for the pool.
        return SlotGeneration.endsSessions(e);
    }

    @Override
    public String toString() {
        return "BoundKey[" + describe() + ", " + algorithm + ", "
                + SigningMechanisms.name(mechanisms.get(current.get()).type()) + "]";
    }
}
