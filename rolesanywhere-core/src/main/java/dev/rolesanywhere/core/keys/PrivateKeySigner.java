package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.core.keys.internal.BouncyCastle;
import dev.rolesanywhere.core.keys.internal.CertificateKey;
import dev.rolesanywhere.core.keys.internal.JcaSignatures;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.utils.ToString;
import software.amazon.awssdk.utils.builder.CopyableBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;

/**
 * A {@link Signer} over a JCA {@link PrivateKey} the caller already holds (from a file, a {@code KeyStore}, a
 * PKCS#11 provider, a secrets manager), with its leaf certificate and any intermediates.
 *
 * <p>{@link Builder#build()} checks everything a request would otherwise fail on later: the certificate is X.509 v3,
 * its key is one IAM Roles Anywhere accepts (RSA 2048 to 4096 bits, EC P-256/P-384/P-521, ML-DSA-44/65/87), and the
 * private key really belongs to it (a test signature is verified with the certificate's public key, which works for
 * keys that never leave a token too). An expired or not-yet-valid certificate is only logged: the service decides.
 *
 * <p>Immutable and thread-safe: each {@link #sign(byte[])} uses its own {@link Signature}. RSA and ECDSA signatures
 * come from the JCA providers installed in the JVM (so a token's provider serves its own keys); ML-DSA comes from
 * Bouncy Castle unless the key belongs to another provider. {@link #toString()} shows the certificate's subject,
 * serial number, key type and expiry, never key material.
 */
public final class PrivateKeySigner implements Signer, ToCopyableBuilder<PrivateKeySigner.Builder, PrivateKeySigner> {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateKeySigner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final List<X509Certificate> chain;
    private final String source;
    private final CertificateKey certificateKey;
    private final Provider signatureProvider;
    private final Provider requestedProvider;

    private PrivateKeySigner(BuilderImpl builder) {
        if (builder.certificate == null) {
            throw new KeySourceException("No certificate given: set certificate(...) to the leaf certificate "
                    + "that names the private key");
        }
        if (builder.privateKey == null) {
            throw new KeySourceException("No private key given: set privateKey(...) to the key of the certificate '"
                    + builder.certificate.getSubjectX500Principal().getName() + "'");
        }
        this.privateKey = builder.privateKey;
        this.certificate = builder.certificate;
        this.source = builder.source == null ? "the caller" : builder.source;
        this.chain = withoutLeaf(builder.chain, builder.certificate, this.source);
        this.certificateKey = CertificateKey.inspect(certificate, source);
        this.requestedProvider = builder.signatureProvider;
        this.signatureProvider = chooseProvider(builder.signatureProvider);
        verifyKeyMatchesCertificate();
        warnIfOutsideValidity();
        warnIfChainOutOfOrder();
    }

    /** A builder; {@link Builder#privateKey} and {@link Builder#certificate} are required. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A signer for a key and its leaf certificate, without intermediates. */
    public static PrivateKeySigner create(PrivateKey privateKey, X509Certificate certificate) {
        return builder().privateKey(privateKey).certificate(certificate).build();
    }

    @Override
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public List<X509Certificate> certificateChain() {
        return chain;
    }

    @Override
    public SigningAlgorithm algorithm() {
        return certificateKey.algorithm();
    }

    /** Short text such as {@code RSA 3072}, {@code EC P-256} or {@code ML-DSA-65}. */
    public String keyDescription() {
        return certificateKey.description();
    }

    /** {@code key}: a key object handed over in code. */
    @Override
    public String keySourceKind() {
        return "key";
    }

    @Override
    public byte[] sign(byte[] data) {
        if (data == null) {
            throw new SigningException("Nothing to sign: data is null");
        }
        try {
            return signWith(data);
        } catch (GeneralSecurityException | ProviderException e) {
            // ProviderException: how token providers report a removed card or a closed session.
            throw new SigningException("Signing with the " + keyDescription() + " key of '" + subject() + "' from "
                    + source + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] sign(byte[] data, HashAlgorithm hash) {
        if (hash == HashAlgorithm.SHA256 || certificateKey.algorithm() == SigningAlgorithm.ML_DSA) {
            return sign(data);
        }
        try {
            return signWith(data, hash.signatureName(certificateKey.algorithm()));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new SigningException("The " + keyDescription() + " key of '" + subject() + "' cannot sign with "
                    + hash.jcaName() + ": " + e.getMessage(), e);
        }
    }

    private byte[] signWith(byte[] data) throws GeneralSecurityException {
        return signWith(data, JcaSignatures.name(certificateKey.algorithm()));
    }

    private byte[] signWith(byte[] data, String name) throws GeneralSecurityException {
        Signature signature = signatureProvider == null
                ? Signature.getInstance(name) : Signature.getInstance(name, signatureProvider);
        signature.initSign(privateKey);
        signature.update(data);
        return signature.sign();
    }

    // ML-DSA prefers Bouncy Castle (JDK 11 to 23 have none); a key from another provider, such as the JDK's own on 24+
    // or a token's, is left to the JCA's delayed provider selection, which is also how RSA and ECDSA are served.
    private Provider chooseProvider(Provider requested) {
        if (requested != null) {
            String name = JcaSignatures.name(certificateKey.algorithm());
            if (requested.getService("Signature", name) == null) {
                throw new KeySourceException("The signature provider " + requested.getName() + " offers no "
                        + name + " signature for the " + keyDescription()
                        + " key of '" + subject() + "': choose the provider that holds the key, or none");
            }
            return requested;
        }
        if (certificateKey.algorithm() != SigningAlgorithm.ML_DSA) {
            return null;
        }
        try {
            Signature.getInstance("ML-DSA", BouncyCastle.provider()).initSign(privateKey);
            return BouncyCastle.provider();
        } catch (InvalidKeyException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("ML-DSA signing is unavailable: " + e.getMessage(), e);
        }
    }

    private void verifyKeyMatchesCertificate() {
        byte[] probe = new byte[32];
        RANDOM.nextBytes(probe);
        byte[] signature;
        try {
            signature = signWith(probe);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new KeySourceException("The private key from " + source + " (" + privateKey.getAlgorithm()
                    + ") cannot sign for the certificate '" + subject() + "' (" + keyDescription() + "): "
                    + e.getMessage() + ". Check that the key and the certificate belong together; for a key held by "
                    + "a JCA provider that is not installed (such as a SunPKCS11 instance), set signatureProvider(...)",
                    e);
        }
        boolean valid;
        try {
            Signature verifier = certificateKey.algorithm() == SigningAlgorithm.ML_DSA
                    ? Signature.getInstance("ML-DSA", BouncyCastle.provider())
                    : Signature.getInstance(JcaSignatures.name(certificateKey.algorithm()));
            // The certificate's public key is a software key: any installed provider verifies it.
            verifier.initVerify(certificateKey.publicKey());
            verifier.update(probe);
            valid = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            valid = false;
        }
        if (!valid) {
            throw new KeySourceException("The private key from " + source + " does not match the certificate '"
                    + subject() + "' (serial " + serialHex() + "): a test signature did not verify with the "
                    + "certificate's public key. Use the key the certificate was issued for");
        }
    }

    private void warnIfOutsideValidity() {
        Instant now = Instant.now();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            LOG.warn("The certificate '{}' (serial {}) from {} expired at {}; IAM Roles Anywhere will refuse it "
                    + "until it is renewed", subject(), serialHex(), source, certificate.getNotAfter().toInstant());
        } else if (now.isBefore(certificate.getNotBefore().toInstant())) {
            LOG.warn("The certificate '{}' (serial {}) from {} is not valid before {}; check the clock or the "
                    + "certificate", subject(), serialHex(), source, certificate.getNotBefore().toInstant());
        }
    }

    // Only a warning: the service, not this library, decides which chains it accepts, but a bundle in the wrong order
    // is a common mistake whose AccessDenied answer does not say so.
    private void warnIfChainOutOfOrder() {
        X509Certificate child = certificate;
        for (X509Certificate parent : chain) {
            if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
                LOG.warn("The intermediates from {} are not in issuing order: '{}' was issued by '{}', but the next "
                        + "certificate is '{}'. Order them from the leaf's issuer up to the root",
                        source, child.getSubjectX500Principal().getName(), child.getIssuerX500Principal().getName(),
                        parent.getSubjectX500Principal().getName());
                return;
            }
            child = parent;
        }
    }

    private static List<X509Certificate> withoutLeaf(List<X509Certificate> given, X509Certificate leaf,
                                                     String source) {
        if (given == null || given.isEmpty()) {
            return Collections.emptyList();
        }
        List<X509Certificate> result = new ArrayList<>(given.size());
        for (X509Certificate c : given) {
            if (c == null) {
                throw new KeySourceException("The certificate chain from " + source + " contains null: "
                        + "pass only the intermediate CA certificates");
            }
            // Bundles often repeat the leaf; Roles Anywhere wants it only in X-Amz-X509.
            if (!c.equals(leaf)) {
                result.add(c);
            }
        }
        return Collections.unmodifiableList(result);
    }

    private String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    private String serialHex() {
        return certificate.getSerialNumber().toString(16);
    }

    @Override
    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    @Override
    public String toString() {
        return ToString.builder("PrivateKeySigner")
                .add("subject", subject())
                .add("serial", serialHex())
                .add("key", keyDescription())
                .add("algorithm", algorithm())
                .add("notAfter", certificate.getNotAfter().toInstant())
                .add("intermediates", chain.size())
                .add("source", source)
                .build();
    }

    /** Builds a {@link PrivateKeySigner}; {@link #build()} validates the pair and throws {@link KeySourceException}. */
    public interface Builder extends CopyableBuilder<Builder, PrivateKeySigner> {

        /** The private key; it may live in any JCA provider (software, PKCS#11, platform key store). Required. */
        Builder privateKey(PrivateKey privateKey);

        /** The end-entity certificate of the key. Required. */
        Builder certificate(X509Certificate certificate);

        /** Intermediate CA certificates, nearest to the leaf first; the leaf itself is dropped if present. */
        Builder certificateChain(List<X509Certificate> certificateChain);

        /** Intermediate CA certificates, nearest to the leaf first. */
        Builder certificateChain(X509Certificate... certificateChain);

        /** Where the key came from, as shown in error messages and {@code toString()} (for example a file path). */
        Builder source(String source);

        /**
         * The JCA provider that signs, for a key whose provider is not installed in {@code java.security} (for
         * example a SunPKCS11 instance configured at run time). Default: the installed providers, chosen by the key,
         * with Bouncy Castle for ML-DSA.
         */
        Builder signatureProvider(Provider signatureProvider);

        /**
         * @throws KeySourceException when a value is missing, the certificate is not v3, the key type, size or curve
         *     is not accepted, or the key does not belong to the certificate
         */
        @Override
        PrivateKeySigner build();
    }

    private static final class BuilderImpl implements Builder {
        private PrivateKey privateKey;
        private X509Certificate certificate;
        private List<X509Certificate> chain;
        private String source;
        private Provider signatureProvider;

        private BuilderImpl() {
        }

        private BuilderImpl(PrivateKeySigner signer) {
            this.privateKey = signer.privateKey;
            this.certificate = signer.certificate;
            this.chain = signer.chain;
            this.source = signer.source;
            this.signatureProvider = signer.requestedProvider;
        }

        @Override
        public Builder privateKey(PrivateKey privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        @Override
        public Builder certificate(X509Certificate certificate) {
            this.certificate = certificate;
            return this;
        }

        @Override
        public Builder certificateChain(List<X509Certificate> certificateChain) {
            this.chain = certificateChain == null ? null : new ArrayList<>(certificateChain);
            return this;
        }

        @Override
        public Builder certificateChain(X509Certificate... certificateChain) {
            return certificateChain(certificateChain == null ? null : Arrays.asList(certificateChain));
        }

        @Override
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        @Override
        public Builder signatureProvider(Provider signatureProvider) {
            this.signatureProvider = signatureProvider;
            return this;
        }

        @Override
        public PrivateKeySigner build() {
            return new PrivateKeySigner(this);
        }

        @Override
        public String toString() {
            return "PrivateKeySigner.Builder";
        }
    }
}
