package dev.rolesanywhere.core.keys;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.keys.internal.FileFingerprint;
import dev.rolesanywhere.core.keys.internal.KeyFileLoader;
import dev.rolesanywhere.core.keys.internal.Passwords;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.utils.ToString;
import software.amazon.awssdk.utils.builder.CopyableBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;

/**
 * A {@link Signer} whose certificate and private key are files: PEM (certificate, optionally bundled with
 * intermediates and/or the key), DER, or PKCS#12; keys as PKCS#8, encrypted PKCS#8 (PBES2 with PBKDF2 or scrypt),
 * PKCS#1 RSA or SEC1 EC.
 *
 * <p><b>Rotation without restart.</b> At most once per {@link Builder#reloadCheckInterval(Duration)}, a call checks the
 * size, modification time and file key of each file (a {@code stat}, no read). When one changed, or was modified
 * within two seconds of the last read (too recently for a coarse file time to prove it unchanged), the files are read
 * again; the new pair replaces the old only if it is complete and valid (the key matches the certificate). Until
 * then, for example while a deployment has written the new certificate but not yet the new key, the previous pair
 * stays in use and a warning is logged. {@link #current()} returns the pair in use as an immutable
 * {@link PrivateKeySigner}, so one request never mixes a new certificate with an old key.
 *
 * <p><b>Password ownership.</b> {@link Builder#password(char[])} copies the caller's array; wipe yours afterwards.
 * The signer keeps its own copy only while it may need to re-read an encrypted key (reload enabled) and wipes it in
 * {@link #close()}; with reload disabled it wipes its copy right after the first load.
 *
 * <p>A warning is logged once per path when the private key file is readable by group or others (POSIX systems).
 */
public final class FileSigner implements Signer, ToCopyableBuilder<FileSigner.Builder, FileSigner> {

    private static final Logger LOG = LoggerFactory.getLogger(FileSigner.class);
    private static final Duration DEFAULT_RELOAD_CHECK_INTERVAL = Duration.ofSeconds(10);

    private final Path certificateFile;
    private final Path privateKeyFile;
    private final Path intermediatesFile;
    private final boolean reloadEnabled;
    private final Duration reloadCheckInterval;
    private final Clock clock;
    private final List<Path> watchedFiles;
    private final ReentrantLock reloadLock = new ReentrantLock();

    private char[] password;
    private volatile PrivateKeySigner snapshot;
    private volatile Instant nextCheck;
    private volatile boolean closed;
    // Guarded by reloadLock: the files as last read (whether accepted or rejected), and the last state warned about.
    private FileFingerprint lastFingerprint;
    private boolean lastFingerprintRacy;
    private FileFingerprint warnedFingerprint;

    private FileSigner(BuilderImpl builder) {
        if (builder.certificateFile == null) {
            throw new KeySourceException("No certificate file given: set certificateFile(...) to a PEM, DER or "
                    + "PKCS#12 file holding the leaf certificate");
        }
        if (builder.reloadCheckInterval != null && builder.reloadCheckInterval.isNegative()) {
            throw new KeySourceException("reloadCheckInterval is negative (" + builder.reloadCheckInterval
                    + "): use zero to check on every call, or a positive duration");
        }
        this.certificateFile = builder.certificateFile;
        this.privateKeyFile = builder.privateKeyFile;
        this.intermediatesFile = builder.intermediatesFile;
        this.reloadEnabled = builder.reloadEnabled == null || builder.reloadEnabled;
        this.reloadCheckInterval = builder.reloadCheckInterval == null
                ? DEFAULT_RELOAD_CHECK_INTERVAL : builder.reloadCheckInterval;
        this.clock = builder.clock == null ? Clock.systemUTC() : builder.clock;
        List<Path> files = new ArrayList<>(3);
        files.add(certificateFile);
        if (privateKeyFile != null) {
            files.add(privateKeyFile);
        }
        if (intermediatesFile != null) {
            files.add(intermediatesFile);
        }
        this.watchedFiles = Collections.unmodifiableList(files);
        this.password = Passwords.copy(builder.password);
        boolean loaded = false;
        try {
            // Fingerprint first: a change racing with this read is then seen by the next check, never missed.
            this.lastFingerprint = FileFingerprint.of(watchedFiles);
            long readStart = System.currentTimeMillis();
            this.snapshot = load();
            this.lastFingerprintRacy = lastFingerprint.isRacy(readStart);
            this.nextCheck = clock.instant().plus(reloadCheckInterval);
            loaded = true;
        } finally {
            // Kept only for re-reads; a signer that failed to build, or never re-reads, must not hold it.
            if (!reloadEnabled || !loaded) {
                Passwords.wipe(password);
                password = null;
            }
        }
    }

    /** A builder; {@link Builder#certificateFile(Path)} is required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * The certificate and key in use, as an immutable pair, after checking (at most once per interval) whether the
     * files changed.
     *
     * @throws KeySourceException when the signer is closed
     */
    @Override
    public PrivateKeySigner current() {
        if (closed) {
            throw new KeySourceException("This FileSigner for " + redact(certificateFile)
                    + " is closed: build a new one");
        }
        if (reloadEnabled && !clock.instant().isBefore(nextCheck)) {
            reloadIfChanged();
        }
        return snapshot;
    }

    @Override
    public X509Certificate certificate() {
        return current().certificate();
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return current().certificateChain();
    }

    @Override
    public SigningAlgorithm algorithm() {
        return current().algorithm();
    }

    @Override
    public byte[] sign(byte[] data) {
        return current().sign(data);
    }

    @Override
    public byte[] sign(byte[] data, HashAlgorithm hash) {
        return current().sign(data, hash);
    }

    /** {@code file}. */
    @Override
    public String keySourceKind() {
        return "file";
    }

    /** Wipes the kept password; later calls fail. */
    @Override
    public void close() {
        reloadLock.lock();
        try {
            closed = true;
            Passwords.wipe(password);
            password = null;
        } finally {
            reloadLock.unlock();
        }
    }

    private PrivateKeySigner load() {
        return KeyFileLoader.load(certificateFile, privateKeyFile, intermediatesFile, password);
    }

    private void reloadIfChanged() {
        // A thread that finds a check under way keeps using the current pair instead of queueing behind file reads.
        if (!reloadLock.tryLock()) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (closed || now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(reloadCheckInterval);
            FileFingerprint seen = FileFingerprint.of(watchedFiles);
            if (seen.equals(lastFingerprint) && !lastFingerprintRacy) {
                return;
            }
            long readStart = System.currentTimeMillis();
            PrivateKeySigner candidate;
            try {
                candidate = load();
            } catch (KeySourceException e) {
                lastFingerprint = seen;
                lastFingerprintRacy = seen.isRacy(readStart);
                if (!seen.equals(warnedFingerprint)) {
                    warnedFingerprint = seen;
                    LOG.warn("The key files changed but cannot be used yet, so the previous certificate '{}' (serial "
                            + "{}) stays in use; they will be read again when they next change: {}",
                            snapshot.certificate().getSubjectX500Principal().getName(),
                            snapshot.certificate().getSerialNumber().toString(16), e.getMessage());
                }
                return;
            }
            if (!FileFingerprint.of(watchedFiles).equals(seen)) {
                // Written to while being read: the next check reads the settled files.
                return;
            }
            PrivateKeySigner previous = snapshot;
            snapshot = candidate;
            lastFingerprint = seen;
            lastFingerprintRacy = seen.isRacy(readStart);
            warnedFingerprint = null;
            if (!previous.certificate().equals(candidate.certificate())) {
                LOG.info("Reloaded the certificate and key from {}: now '{}' (serial {}), expires {}",
                        redact(certificateFile),
                        candidate.certificate().getSubjectX500Principal().getName(),
                        candidate.certificate().getSerialNumber().toString(16),
                        candidate.certificate().getNotAfter().toInstant());
            }
        } finally {
            reloadLock.unlock();
        }
    }

    /**
     * A builder with this signer's settings. It carries the password only while this signer keeps one (reload
     * enabled and not closed); otherwise set it again.
     */
    @Override
    public Builder toBuilder() {
        reloadLock.lock();
        try {
            return new BuilderImpl(this);
        } finally {
            reloadLock.unlock();
        }
    }

    @Override
    public String toString() {
        PrivateKeySigner pair = snapshot;
        return ToString.builder("FileSigner")
                .add("certificateFile", certificateFile)
                .add("privateKeyFile", privateKeyFile)
                .add("intermediatesFile", intermediatesFile)
                .add("subject", pair.certificate().getSubjectX500Principal().getName())
                .add("serial", pair.certificate().getSerialNumber().toString(16))
                .add("key", pair.keyDescription())
                .add("notAfter", pair.certificate().getNotAfter().toInstant())
                .add("reloadCheckInterval", reloadEnabled ? reloadCheckInterval : "disabled")
                .build();
    }

    /** Builds a {@link FileSigner}; {@link #build()} reads and validates the files. */
    public interface Builder extends CopyableBuilder<Builder, FileSigner> {

        /**
         * The leaf certificate: PEM (may also hold intermediates after the leaf, and the private key), DER, or a
         * PKCS#12 file holding key and chain. Required.
         */
        Builder certificateFile(Path certificateFile);

        /** The private key file (PEM or DER); leave unset when the certificate file holds the key. */
        Builder privateKeyFile(Path privateKeyFile);

        /** A PEM bundle of intermediate CA certificates, nearest to the leaf first, added after any in the certificate file. */
        Builder intermediatesFile(Path intermediatesFile);

        /**
         * The password of an encrypted key or PKCS#12 file. The array is copied: wipe yours after this call.
         * {@code build()} wipes the builder's copy, so set it again before building another signer. A wrong
         * password fails {@code build()} and is never retried.
         */
        Builder password(char[] password);

        /** Whether changed files are picked up without a restart. Default: true. */
        Builder reloadEnabled(Boolean reloadEnabled);

        /** How often, at most, the files are checked for a change. Default: 10 seconds; zero checks on every call. */
        Builder reloadCheckInterval(Duration reloadCheckInterval);

        /** Time source for the check interval (tests). Default: the system clock. */
        Builder clock(Clock clock);

        /**
         * @throws KeySourceException when a file is missing, unreadable or not understood, the password is missing or
         *     wrong, or the key and certificate are not an acceptable pair
         */
        @Override
        FileSigner build();
    }

    private static final class BuilderImpl implements Builder {
        private Path certificateFile;
        private Path privateKeyFile;
        private Path intermediatesFile;
        private char[] password;
        private Boolean reloadEnabled;
        private Duration reloadCheckInterval;
        private Clock clock;

        private BuilderImpl() {
        }

        private BuilderImpl(FileSigner signer) {
            this.certificateFile = signer.certificateFile;
            this.privateKeyFile = signer.privateKeyFile;
            this.intermediatesFile = signer.intermediatesFile;
            this.password = Passwords.copy(signer.password);
            this.reloadEnabled = signer.reloadEnabled;
            this.reloadCheckInterval = signer.reloadCheckInterval;
            this.clock = signer.clock;
        }

        @Override
        public Builder certificateFile(Path certificateFile) {
            this.certificateFile = certificateFile;
            return this;
        }

        @Override
        public Builder privateKeyFile(Path privateKeyFile) {
            this.privateKeyFile = privateKeyFile;
            return this;
        }

        @Override
        public Builder intermediatesFile(Path intermediatesFile) {
            this.intermediatesFile = intermediatesFile;
            return this;
        }

        @Override
        public Builder password(char[] password) {
            Passwords.wipe(this.password);
            this.password = Passwords.copy(password);
            return this;
        }

        @Override
        public Builder reloadEnabled(Boolean reloadEnabled) {
            this.reloadEnabled = reloadEnabled;
            return this;
        }

        @Override
        public Builder reloadCheckInterval(Duration reloadCheckInterval) {
            this.reloadCheckInterval = reloadCheckInterval;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public FileSigner build() {
            try {
                return new FileSigner(this);
            } finally {
                Passwords.wipe(password);
                password = null;
            }
        }

        @Override
        public String toString() {
            return "FileSigner.Builder";
        }
    }
}
