package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.pkcs11.internal.token.BoundKey;
import dev.rolesanywhere.pkcs11.internal.token.IssuerChain;
import dev.rolesanywhere.pkcs11.internal.token.KeyDiscovery;
import dev.rolesanywhere.pkcs11.internal.token.ModuleContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
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
 * <p>A PIN the token rejects is never presented again by this signer: later signatures fail with the same error
 * until a new signer is built with the corrected PIN.
 *
 * <p>Thread-safe. Close it to release the sessions and the module. PKCS#11 login state is shared by the whole
 * process per token, so signers on one token share one login; the last of them to close logs out (unless someone
 * outside this library logged in). {@code close()} waits for signatures in flight.
 */
public final class Pkcs11Signer implements Signer {
    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Signer.class);

    private final Pkcs11Uri uri;
    private final Path modulePath;
    private final PinCallback pinCallback;
    private final PinCallback contextPinCallback;
    private final Boolean reusePin;
    private final List<X509Certificate> intermediates;
    private final Boolean includeTokenCertificates;
    private final Integer maxSessions;
    private final X509Certificate certificate;

    private final PinCallback userPin;
    private final PinCallback contextPin;
    /** The module and the token this signer opened; {@link #close()} closes it, and nothing else. */
    private final ModuleContext context;
    private final KeyDiscovery discovery;
    private final List<X509Certificate> chain;
    private final Object recoveryLock = new Object();
    /** Signatures hold the read side; {@link #close()} takes the write side. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private volatile BoundKey bound;
    private volatile boolean closed;
    /**
     * Set when the token rejected a PIN from a source that would hand out the same PIN again (a re-login during
     * recovery, or a per-signature login): that PIN is never presented again by this signer.
     */
    private volatile Pkcs11PinException pinRejected;

    private Pkcs11Signer(BuilderImpl b) {
        if (b.uri == null) {
            throw new ConfigurationException("Pkcs11Signer needs a pkcs11: URI naming the token and object, e.g. "
                    + "uri(\"pkcs11:token=my-token;object=my-key\")");
        }
        if (b.maxSessions != null && b.maxSessions < 1) {
            throw new ConfigurationException("maxSessions must be at least 1, was " + b.maxSessions);
        }
        this.uri = b.uri;
        this.modulePath = b.modulePath;
        this.pinCallback = b.pinCallback;
        this.contextPinCallback = b.contextPinCallback;
        this.reusePin = b.reusePin;
        this.intermediates = b.intermediates == null ? Collections.<X509Certificate>emptyList()
                : Collections.unmodifiableList(new ArrayList<>(b.intermediates));
        this.includeTokenCertificates = b.includeTokenCertificates;
        this.maxSessions = b.maxSessions;
        this.certificate = b.certificate;

        this.userPin = b.userPin();
        this.contextPin = contextPinCallback != null ? contextPinCallback
                : Boolean.TRUE.equals(reusePin) ? userPin : null;

        // The URI's module-path / module-name win over the configured module; the p11-kit proxy is the fallback.
        this.context = ModuleContext.open(uri, modulePath, maxSessions);
        try {
            this.discovery = new KeyDiscovery(context, userPin);
            KeyDiscovery.Found found = certificate != null ? discovery.discoverFor(certificate)
                    : discovery.discover();
            this.bound = found.key();
            this.chain = Collections.unmodifiableList(buildChain(found));
            checkContextPin(found.key());
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
        LOG.debug("Pkcs11Signer ready: {}", bound);
    }

    private List<X509Certificate> buildChain(KeyDiscovery.Found found) {
        if (includeTokenCertificates == null || includeTokenCertificates) {
            return IssuerChain.extend(found.key().certificate().certificate(), intermediates,
                    found.otherCertificates());
        }
        return intermediates;
    }

    private void checkContextPin(BoundKey key) {
        if (key.key().alwaysAuthenticate() && contextPin == null) {
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
        Objects.requireNonNull(data, "data");
        Lock lock = lifecycle.readLock();
        lock.lock();
        try {
            BoundKey key = checkOpen();
            if (pinRejected != null) {
                throw pinRejected;
            }
            return signRecovering(key, data);
        } catch (Pkcs11PinException e) {
            // A rejected per-signature PIN from a source that would hand out the same PIN again: presenting it on
            // every later refresh would walk the token into a locked PIN.
            if (contextPin != null && contextPin.isReusable()) {
                pinRejected = e;
            }
            throw e;
        } catch (RuntimeException e) {
            throw asSigningException(e);
        } finally {
            lock.unlock();
        }
    }

    private byte[] signRecovering(BoundKey key, byte[] data) {
        try {
            return key.sign(data, contextPin);
        } catch (RuntimeException e) {
            if (!BoundKey.isRecoverable(e)) {
                throw e;
            }
            LOG.info("Signing with {} failed ({}); reopening the token and retrying once", key.describe(),
                    e.getMessage());
            return recover(key, e).sign(data, contextPin);
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
            if (pinRejected != null) {
                throw pinRejected;
            }
            BoundKey fresh;
            try {
                fresh = discovery.rebind(failed);
            } catch (Pkcs11PinException e) {
                // Every later refresh would otherwise spend another attempt of the token's retry counter.
                pinRejected = e;
                throw e;
            }
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
     * Closes the sessions, logs out if this was the last signer in the JVM relying on a login this library made,
     * and releases the module. Waits for signatures in flight. Idempotent.
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
    public interface Builder {
        /** The {@code pkcs11:} URI (RFC 7512) naming the token and the certificate/key. Required. */
        Builder uri(String uri);

        Builder uri(Pkcs11Uri uri);

        /**
         * The module to load when the URI names none ({@code module-path} / {@code module-name} in the URI win).
         * Default: the p11-kit proxy, which reaches every module p11-kit is configured with. See
         * {@link ModuleLocator}.
         */
        Builder modulePath(Path modulePath);

        /** The user PIN source. Overrides the URI's {@code pin-value}/{@code pin-source}. */
        Builder pinCallback(PinCallback pinCallback);

        /** The PIN for {@code CKA_ALWAYS_AUTHENTICATE} keys, asked before every signature. */
        Builder contextPinCallback(PinCallback contextPinCallback);

        /** Present the user PIN again for {@code CKA_ALWAYS_AUTHENTICATE} keys. Default false. */
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
         * 8; 1 serialises every operation on the token (TPM tokens get 1 automatically).
         */
        Builder maxSessions(Integer maxSessions);

        /**
         * A certificate from elsewhere (e.g. a file) to use instead of one stored on the token; the URI then selects
         * the token, and the private key whose public half matches this certificate is used.
         */
        Builder certificate(X509Certificate certificate);

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
        private PinCallback contextPinCallback;
        private Boolean reusePin;
        private List<X509Certificate> intermediates;
        private Boolean includeTokenCertificates;
        private Integer maxSessions;
        private X509Certificate certificate;

        BuilderImpl() {
        }

        BuilderImpl(Pkcs11Signer s) {
            this.uri = s.uri;
            this.modulePath = s.modulePath;
            this.pinCallback = s.pinCallback;
            this.contextPinCallback = s.contextPinCallback;
            this.reusePin = s.reusePin;
            this.intermediates = s.intermediates;
            this.includeTokenCertificates = s.includeTokenCertificates;
            this.maxSessions = s.maxSessions;
            this.certificate = s.certificate;
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
        public Pkcs11Signer build() {
            return new Pkcs11Signer(this);
        }
    }
}
