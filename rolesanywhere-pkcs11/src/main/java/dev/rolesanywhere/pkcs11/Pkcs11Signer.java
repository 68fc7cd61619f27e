package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.pkcs11.internal.token.BoundKey;
import dev.rolesanywhere.pkcs11.internal.token.ContextLogin;
import dev.rolesanywhere.pkcs11.internal.token.KeyDiscovery;
import dev.rolesanywhere.pkcs11.internal.token.ModuleContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Signer} whose private key stays in a PKCS#11 token (HSM, smart card, TPM, SoftHSM2), chosen by a
 * {@code pkcs11:} URI.
 *
 * <pre>{@code
 * try (Pkcs11Signer signer = Pkcs11Signer.builder()
 *         .uri("pkcs11:token=prod;object=roles-anywhere?module-path=/usr/lib/softhsm/libsofthsm2.so")
 *         .pinCallback(PinCallback.ofFile(Paths.get("/etc/roles-anywhere/pin")))
 *         .build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link Builder#build()} finds the certificate and key once (certificate first, without login; then the key that
 * matches the certificate's public key) and fails with a {@link dev.rolesanywhere.core.KeySourceException} listing
 * candidate URIs when the URI is ambiguous. Afterwards a signature is one {@code C_SignInit} and one {@code C_Sign}
 * on a pooled session. If the token loses the session or is re-inserted, the signer reopens it, logs in again when
 * the PIN source can be asked again without a person, finds the key again and retries that signature once.
 *
 * <p>A PIN the token rejected is not presented to that token again by anything in this JVM (nor, with
 * {@link Builder#rejectedPinMarkers(Boolean)}, by later processes) until the PIN source returns a different PIN:
 * meanwhile logins fail with the same typed error without reaching the token. Correcting the PIN file or variable is
 * enough; the next signature that needs a login presents the new PIN.
 *
 * <p>Thread-safe. Close it to release its sessions and its reference to the module. PKCS#11 login state is shared by
 * the whole process per token, and the module may be used by other libraries in the JVM (SunPKCS11, say), so closing
 * neither logs out nor finalises the module unless {@link Builder#exclusiveModuleUse(Boolean)} says this process's
 * PKCS#11 use is all this library's. {@code close()} waits for signatures in flight.
 */
public final class Pkcs11Signer implements Signer {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Signer.class);

    private final Pkcs11Uri uri;
    private final Pkcs11Uri privateKeyUri;
    private final Path modulePath;
    private final PinCallback pinCallback;
    private final PinCallback contextPinCallback;
    private final Boolean reusePin;
    private final List<X509Certificate> intermediates;
    private final Boolean includeTokenCertificates;
    private final Integer maxSessions;
    private final X509Certificate certificate;
    private final Duration idleSessionCheckThreshold;
    private final Boolean exclusiveModuleUse;
    private final Boolean rejectedPinMarkers;
    private final Path rejectedPinMarkerDirectory;

    private final PinCallback userPin;
    /** Null when no context PIN is configured (then an always-authenticate key is refused at build). */
    private final ContextLogin contextLogin;
    /** The module and the token this signer opened; {@link #close()} closes it, and nothing else. */
    private final ModuleContext context;
    private final KeyDiscovery discovery;
    private final List<X509Certificate> chain;
    private final Object recoveryLock = new Object();
    /** Signatures hold the read side; {@link #close()} takes the write side. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile BoundKey bound;
    private volatile boolean closed;

    private Pkcs11Signer(BuilderImpl b) {
        if (b.uri == null) {
            throw new ConfigurationException("Pkcs11Signer needs a pkcs11: URI naming the token and object, e.g. "
                    + "uri(\"pkcs11:token=my-token;object=my-key\")");
        }
        if (b.maxSessions != null && b.maxSessions < 1) {
            throw new ConfigurationException("maxSessions must be at least 1, was " + b.maxSessions);
        }
        if (b.idleSessionCheckThreshold != null && b.idleSessionCheckThreshold.isNegative()) {
            throw new ConfigurationException("idleSessionCheckThreshold must not be negative, was "
                    + b.idleSessionCheckThreshold + "; use Duration.ZERO to check every session before each use");
        }
        this.uri = b.uri;
        this.privateKeyUri = b.privateKeyUri;
        this.modulePath = b.modulePath;
        this.pinCallback = b.pinCallback;
        this.contextPinCallback = b.contextPinCallback;
        this.reusePin = b.reusePin;
        this.intermediates = b.intermediates == null ? Collections.<X509Certificate>emptyList()
                : Collections.unmodifiableList(new ArrayList<>(b.intermediates));
        this.includeTokenCertificates = b.includeTokenCertificates;
        this.maxSessions = b.maxSessions;
        this.certificate = b.certificate;
        this.idleSessionCheckThreshold = b.idleSessionCheckThreshold;
        this.exclusiveModuleUse = b.exclusiveModuleUse;
        this.rejectedPinMarkers = b.rejectedPinMarkers;
        this.rejectedPinMarkerDirectory = b.rejectedPinMarkerDirectory;

        PinCallback pin = b.userPin();
        if (pin == null && privateKeyUri != null) {
            // As the reference tool does: a PIN written in the key's URI serves when the certificate's URI has none.
            pin = privateKeyUri.pinCallback().orElse(null);
        }
        this.userPin = pin;
        // Under reusePin the user PIN goes first and a configured context PIN source (a prompt) is the fallback.
        this.contextLogin = Boolean.TRUE.equals(reusePin) ? ContextLogin.of(userPin, contextPinCallback)
                : ContextLogin.of(contextPinCallback, null);

        // The URI's module-path / module-name win over the configured module; the p11-kit proxy is the fallback.
        this.context = ModuleContext.open(uri, modulePath, b.contextSettings().maxSessions(maxSessions)
                .idleSessionCheckThreshold(idleSessionCheckThreshold).build());
        try {
            this.discovery = new KeyDiscovery(context, privateKeyUri, userPin);
            this.bound = certificate != null ? discovery.discoverFor(certificate) : discovery.discover();
            this.chain = Collections.unmodifiableList(includeTokenCertificates == null || includeTokenCertificates
                    ? discovery.chain(bound, intermediates) : intermediates);
            checkContextPin(bound);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
        LOG.debug("Pkcs11Signer ready: {}", bound);
    }

    private void checkContextPin(BoundKey key) {
        if (key.key().alwaysAuthenticate() && contextLogin == null) {
            throw new ConfigurationException("The key " + key.describe() + " has CKA_ALWAYS_AUTHENTICATE: the token "
                    + "wants the PIN again for every signature. Set contextPinCallback(...), or reusePin(true) to "
                    + "present the user PIN");
        }
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A builder with this signer's configuration; building it finds the key again and opens new sessions. */
    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    @Override
    public X509Certificate certificate() {
        return bound.certificate().certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public SigningAlgorithm algorithm() {
        return bound.algorithm();
    }

    /** {@code pkcs11}. */
    @Override
    public String keySourceKind() {
        return "pkcs11";
    }

    @Override
    public byte[] sign(byte[] data) {
        return sign(data, HashAlgorithm.SHA256);
    }

    /** As {@link #sign(byte[])} with another digest, hashed here; an RSA key then signs with {@code CKM_RSA_PKCS}. */
    @Override
    public byte[] sign(byte[] data, HashAlgorithm hash) {
        Objects.requireNonNull(data, "data");
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            return signRecovering(checkOpen(), data, hash);
        } catch (RuntimeException e) {
            // A PIN error keeps its type: the caller has to correct the PIN, and no retry will do it for them.
            throw e instanceof Pkcs11PinException ? e : asSigningException(e);
        } finally {
            lock.unlock();
        }
    }

    private byte[] signRecovering(BoundKey key, byte[] data, HashAlgorithm hash) {
        try {
            return key.sign(data, hash, contextLogin);
        } catch (RuntimeException e) {
            if (!BoundKey.isRecoverable(e)) {
                throw e;
            }
            LOG.info("Signing with {} failed ({}); reopening the token and retrying once", key.describe(),
                    e.getMessage());
            return recover(key, e).sign(data, hash, contextLogin);
        }
    }

    private BoundKey recover(BoundKey failed, RuntimeException cause) {
        synchronized (recoveryLock) {
            BoundKey current = checkOpen();
            if (current != failed) {
                // Another thread already recovered while this one waited.
                return current;
            }
            if (failed.token().loginRequired() && userPin != null && !userPin.isReusable()) {
                throw new SigningException("Lost the session on " + failed.token().displayName() + " and logging "
                        + "in again needs a PIN from a person, which is never asked for unexpectedly. Build a new "
                        + "signer, or use a PIN source that can be read again (file, variable, URI pin-source)",
                        cause);
            }
            // A PIN the token rejected before is refused without reaching the token (TokenLogin).
            BoundKey fresh = discovery.rebind(failed);
            bound = fresh;
            return fresh;
        }
    }

    private static SigningException asSigningException(RuntimeException e) {
        if (e instanceof SigningException) {
            return (SigningException) e;
        }
        if (e instanceof IllegalStateException) {
            return new SigningException(e.getMessage(), e);
        }
        return new SigningException("Signing failed: " + e, e);
    }

    private BoundKey checkOpen() {
        if (closed) {
            throw new SigningException("This Pkcs11Signer is closed; build a new one");
        }
        return bound;
    }

    /**
     * Closes the sessions this signer opened and releases its reference to the module. With exclusive module use,
     * also logs out if this was the last user in the JVM of a login this library made, and finalises the module if
     * this was its last user and this library initialised it. Waits for signatures in flight. Idempotent.
     */
    @Override
    public void close() {
        // Waits for signatures in flight: finalising the module under a running C_Sign could crash the process.
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            context.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Pkcs11Signer[" + uri + ", " + bound.algorithm() + ", key " + bound.describe()
                + (closed ? ", closed]" : "]");
    }

    /** Configures a {@link Pkcs11Signer}. */
    public interface Builder extends TokenOptions<Builder> {
        /**
         * A separate URI for the private key, as {@code --private-key} gives one next to a certificate URI: the key is
         * searched by its {@code id}/{@code object} alone, it breaks a tie between several certificates, and its
         * {@code pin-value}/{@code pin-source} is used when neither {@link #pinCallback} nor {@link #uri} gives a PIN.
         * It must select the token the certificate is on; its module attributes are not used.
         */
        Builder privateKeyUri(Pkcs11Uri privateKeyUri);

        /**
         * The PIN for {@code CKA_ALWAYS_AUTHENTICATE} keys, asked before every signature; with {@link #reusePin}, asked
         * only once the token has rejected the user PIN for that (cards with a separate signature PIN), and from then
         * on instead of it.
         */
        Builder contextPinCallback(PinCallback contextPinCallback);

        /**
         * Present the user PIN again for {@code CKA_ALWAYS_AUTHENTICATE} keys; if the token rejects it, the
         * {@link #contextPinCallback} is asked when set. Default false.
         */
        Builder reusePin(Boolean reusePin);

        /** Intermediate CA certificates to send, nearest the leaf first. Copied. */
        Builder intermediates(List<X509Certificate> intermediates);

        /**
         * Add CA certificates found on the token, each only if it really issued the previous link (its key verifies
         * that certificate's signature); self-signed roots are left out. Default true.
         */
        Builder includeTokenCertificates(Boolean includeTokenCertificates);

        /**
         * Upper bound on sessions this signer opens on the token (also bounded by the token's own maximum). Default
         * 8; 1 serialises every operation on the token.
         */
        Builder maxSessions(Integer maxSessions);

        /**
         * A certificate from elsewhere (e.g. a file) to use instead of one stored on the token; the URI then selects
         * the token, and the private key whose public half matches this certificate is used.
         */
        Builder certificate(X509Certificate certificate);

        /**
         * How long a pooled session may sit idle before it is checked with {@code C_GetSessionInfo} before it signs
         * again. Below it a signature costs two calls ({@code C_SignInit}, {@code C_Sign}); a session the token lost
         * meanwhile fails {@code C_SignInit}, and the signer recovers and retries once. Default 5 seconds;
         * {@code Duration.ZERO} checks before every signature.
         */
        Builder idleSessionCheckThreshold(Duration idleSessionCheckThreshold);

        /**
         * Loads the module, finds the certificate and key, logs in if needed.
         *
         * @throws ConfigurationException for missing or contradictory settings
         * @throws dev.rolesanywhere.core.KeySourceException when the URI matches nothing or several things
         * @throws Pkcs11Exception when the token refuses (wrong PIN, locked PIN, device error)
         */
        Pkcs11Signer build();
    }

    static final class BuilderImpl extends TokenBuilderBase<Builder> implements Builder {
        private Pkcs11Uri privateKeyUri;
        private PinCallback contextPinCallback;
        private Boolean reusePin;
        private List<X509Certificate> intermediates;
        private Boolean includeTokenCertificates;
        private Integer maxSessions;
        private X509Certificate certificate;
        private Duration idleSessionCheckThreshold;

        BuilderImpl() {
        }

        BuilderImpl(Pkcs11Signer s) {
            this.uri = s.uri;
            this.privateKeyUri = s.privateKeyUri;
            this.modulePath = s.modulePath;
            this.pinCallback = s.pinCallback;
            this.exclusiveModuleUse = s.exclusiveModuleUse;
            this.rejectedPinMarkers = s.rejectedPinMarkers;
            this.rejectedPinMarkerDirectory = s.rejectedPinMarkerDirectory;
            this.idleSessionCheckThreshold = s.idleSessionCheckThreshold;
            this.contextPinCallback = s.contextPinCallback;
            this.reusePin = s.reusePin;
            this.intermediates = s.intermediates;
            this.includeTokenCertificates = s.includeTokenCertificates;
            this.maxSessions = s.maxSessions;
            this.certificate = s.certificate;
        }

        @Override
        public Builder privateKeyUri(Pkcs11Uri privateKeyUri) {
            this.privateKeyUri = privateKeyUri;
            return this;
        }

        @Override
        public Builder contextPinCallback(PinCallback contextPinCallback) {
            this.contextPinCallback = contextPinCallback;
            return this;
        }

        @Override
        public Builder reusePin(Boolean reusePin) {
            this.reusePin = reusePin;
            return this;
        }

        @Override
        public Builder intermediates(List<X509Certificate> intermediates) {
            this.intermediates = intermediates == null ? null : new ArrayList<>(intermediates);
            return this;
        }

        @Override
        public Builder includeTokenCertificates(Boolean includeTokenCertificates) {
            this.includeTokenCertificates = includeTokenCertificates;
            return this;
        }

        @Override
        public Builder maxSessions(Integer maxSessions) {
            this.maxSessions = maxSessions;
            return this;
        }

        @Override
        public Builder certificate(X509Certificate certificate) {
            this.certificate = certificate;
            return this;
        }

        @Override
        public Builder idleSessionCheckThreshold(Duration idleSessionCheckThreshold) {
            this.idleSessionCheckThreshold = idleSessionCheckThreshold;
            return this;
        }

        @Override
        public Pkcs11Signer build() {
            return new Pkcs11Signer(this);
        }
    }
}
