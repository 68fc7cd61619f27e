package dev.rolesanywhere.emulator;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;

/**
 * What {@link TestCertificateAuthority} should put into a certificate. Every field is optional: the subject defaults
 * to {@code CN=rolesanywhere-test-client}, the key to a fresh EC P-256 pair, the serial to a random positive 127-bit
 * number, validity to five minutes ago until one day after now (by the authority's clock), the version to 3.
 */
public final class CertificateTemplate {
    private final String subject;
    private final KeyType keyType;
    private final PublicKey publicKey;
    private final BigInteger serialNumber;
    private final Instant notBefore;
    private final Instant notAfter;
    private final Integer version;

    private CertificateTemplate(BuilderImpl builder) {
        this.subject = builder.subject;
        this.keyType = builder.keyType;
        this.publicKey = builder.publicKey;
        this.serialNumber = builder.serialNumber;
        this.notBefore = builder.notBefore;
        this.notAfter = builder.notAfter;
        this.version = builder.version;
        if (keyType != null && publicKey != null) {
            throw new IllegalArgumentException("Set either keyType (to generate a key pair) or publicKey "
                    + "(to certify a key you hold), not both");
        }
        if (serialNumber != null && serialNumber.signum() <= 0) {
            throw new IllegalArgumentException("serialNumber must be positive (RFC 5280), got " + serialNumber);
        }
        if (version != null && version != 1 && version != 3) {
            throw new IllegalArgumentException("version must be 1 or 3, got " + version);
        }
        if (notBefore != null && notAfter != null && notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /** A template with every default. */
    public static CertificateTemplate create() {
        return builder().build();
    }

    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    public String subject() {
        return subject;
    }

    public KeyType keyType() {
        return keyType;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public BigInteger serialNumber() {
        return serialNumber;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public Integer version() {
        return version;
    }

    @Override
    public String toString() {
        return "CertificateTemplate{subject=" + subject + ", keyType=" + keyType
                + ", publicKey=" + (publicKey == null ? null : publicKey.getAlgorithm())
                + ", serialNumber=" + serialNumber + ", notBefore=" + notBefore + ", notAfter=" + notAfter
                + ", version=" + version + '}';
    }

    /** Builds a {@link CertificateTemplate}. */
    public interface Builder {
        /** Subject distinguished name in RFC 4514 form, e.g. {@code CN=device-42,O=Example}. */
        Builder subject(String subject);

        /** Generate a fresh key pair of this type. */
        Builder keyType(KeyType keyType);

        /** Certify this public key (a key held in a token, say); the issued certificate then has no private key. */
        Builder publicKey(PublicKey publicKey);

        /** The serial number (positive). */
        Builder serialNumber(BigInteger serialNumber);

        /** Start of validity. */
        Builder notBefore(Instant notBefore);

        /** End of validity; may be in the past to make an already-expired certificate. */
        Builder notAfter(Instant notAfter);

        /** X.509 version: 3 (default) or 1 (no extensions, for negative tests). */
        Builder version(Integer version);

        CertificateTemplate build();
    }

    private static final class BuilderImpl implements Builder {
        private String subject;
        private KeyType keyType;
        private PublicKey publicKey;
        private BigInteger serialNumber;
        private Instant notBefore;
        private Instant notAfter;
        private Integer version;

        BuilderImpl() {
        }

        BuilderImpl(CertificateTemplate template) {
            this.subject = template.subject;
            this.keyType = template.keyType;
            this.publicKey = template.publicKey;
            this.serialNumber = template.serialNumber;
            this.notBefore = template.notBefore;
            this.notAfter = template.notAfter;
            this.version = template.version;
        }

        @Override
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        @Override
        public Builder keyType(KeyType keyType) {
            this.keyType = keyType;
            return this;
        }

        @Override
        public Builder publicKey(PublicKey publicKey) {
            this.publicKey = publicKey;
            return this;
        }

        @Override
        public Builder serialNumber(BigInteger serialNumber) {
            this.serialNumber = serialNumber;
            return this;
        }

        @Override
        public Builder notBefore(Instant notBefore) {
            this.notBefore = notBefore;
            return this;
        }

        @Override
        public Builder notAfter(Instant notAfter) {
            this.notAfter = notAfter;
            return this;
        }

        @Override
        public Builder version(Integer version) {
            this.version = version;
            return this;
        }

        @Override
        public CertificateTemplate build() {
            return new CertificateTemplate(this);
        }
    }
}
