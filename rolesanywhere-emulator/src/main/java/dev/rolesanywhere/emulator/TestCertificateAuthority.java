package dev.rolesanywhere.emulator;

import dev.rolesanywhere.emulator.internal.CertificateIssuer;
import dev.rolesanywhere.emulator.internal.Pem;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

/**
 * A throw-away certificate authority for tests and demos: a root (or intermediate) CA that issues client certificates
 * for every key type IAM Roles Anywhere accepts, and intermediates beneath itself.
 *
 * <pre>{@code
 * TestCertificateAuthority ca = TestCertificateAuthority.create();          // EC P-256 root
 * IssuedCertificate client = ca.issueClientCertificate(KeyType.RSA_2048);
 * TestCertificateAuthority intermediate = ca.issueIntermediate(KeyType.EC_P384);
 * IssuedCertificate deep = intermediate.issueClientCertificate();           // chain: deep, intermediate
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Keys live in memory only; nothing here is fit for production.
 */
public final class TestCertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DEFAULT_ROOT_SUBJECT = "CN=Roles Anywhere Test Root CA,O=rolesanywhere-java";
    private static final String DEFAULT_CLIENT_SUBJECT = "CN=rolesanywhere-test-client";
    private static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(1);
    private static final Duration BACKDATING = Duration.ofMinutes(5);

    private final KeyType keyType;
    private final KeyPair keyPair;
    private final X509Certificate certificate;
    /** For an intermediate: its own certificate, then the intermediates above it (root excluded). Empty for a root. */
    private final List<X509Certificate> intermediatesAbove;
    private final X509Certificate root;
    private final Clock clock;

    private TestCertificateAuthority(KeyType keyType, KeyPair keyPair, X509Certificate certificate,
            List<X509Certificate> intermediatesAbove, X509Certificate root, Clock clock) {
        this.keyType = keyType;
        this.keyPair = keyPair;
        this.certificate = certificate;
        this.intermediatesAbove = Collections.unmodifiableList(new ArrayList<>(intermediatesAbove));
        this.root = root;
        this.clock = clock;
    }

    /** A new EC P-256 root CA with default subject and ten years of validity. */
    public static TestCertificateAuthority create() {
        return builder().build();
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /** This CA's certificate (the root certificate for a root CA). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The root certificate at the top of this CA's chain: what to configure as a trust anchor. */
    public X509Certificate rootCertificate() {
        return root;
    }

    /** Whether this is a root (self-signed) CA. */
    public boolean isRoot() {
        return certificate.equals(root);
    }

    /** This CA's key pair. */
    public KeyPair keyPair() {
        return keyPair;
    }

    /** This CA's key type. */
    public KeyType keyType() {
        return keyType;
    }

    /** A client certificate with every default: EC P-256, random serial, valid for one day. */
    public IssuedCertificate issueClientCertificate() {
        return issueClientCertificate(CertificateTemplate.create());
    }

    /** A client certificate for a fresh key pair of the given type. */
    public IssuedCertificate issueClientCertificate(KeyType keyType) {
        return issueClientCertificate(CertificateTemplate.builder().keyType(keyType).build());
    }

    /** A client certificate for a public key the caller holds (in a token, say); it has no private key. */
    public IssuedCertificate issueClientCertificate(PublicKey publicKey, String subject) {
        return issueClientCertificate(CertificateTemplate.builder().publicKey(publicKey).subject(subject).build());
    }

    /** A client (end-entity) certificate: basic constraints CA=false, key usage digitalSignature. */
    public IssuedCertificate issueClientCertificate(CertificateTemplate template) {
        Objects.requireNonNull(template, "template");
        KeyPair generated = null;
        PublicKey subjectKey = template.publicKey();
        if (subjectKey == null) {
            generated = (template.keyType() == null ? KeyType.EC_P256 : template.keyType()).generateKeyPair();
            subjectKey = generated.getPublic();
        }
        X509Certificate issued = sign(template, DEFAULT_CLIENT_SUBJECT, subjectKey, DEFAULT_LEAF_VALIDITY,
                CertificateIssuer.Kind.CLIENT);
        return new IssuedCertificate(issued, subjectKey, generated == null ? null : generated.getPrivate(),
                intermediatesBelowRoot(), root);
    }

    /** An intermediate CA beneath this one, with a fresh key of the same type as this CA. */
    public TestCertificateAuthority issueIntermediate() {
        return issueIntermediate(keyType);
    }

    /** An intermediate CA beneath this one with a fresh key of the given type. */
    public TestCertificateAuthority issueIntermediate(KeyType keyType) {
        return issueIntermediate(CertificateTemplate.builder().keyType(keyType).build());
    }

    /** An intermediate CA beneath this one; a template {@code publicKey} is not allowed (the CA needs its key). */
    public TestCertificateAuthority issueIntermediate(CertificateTemplate template) {
        if (template.publicKey() != null) {
            throw new IllegalArgumentException("An intermediate CA needs its private key: set keyType, not publicKey");
        }
        KeyType type = template.keyType() == null ? keyType : template.keyType();
        KeyPair pair = type.generateKeyPair();
        // A distinct default name per intermediate, so issuer names alone tell the links of a chain apart.
        String defaultSubject = "CN=Roles Anywhere Test Intermediate CA " + RANDOM.nextInt(1_000_000)
                + ",O=rolesanywhere-java";
        X509Certificate issued = sign(template, defaultSubject, pair.getPublic(), DEFAULT_CA_VALIDITY,
                CertificateIssuer.Kind.CERTIFICATE_AUTHORITY);
        List<X509Certificate> above = new ArrayList<>();
        above.add(issued);
        above.addAll(intermediatesBelowRoot());
        return new TestCertificateAuthority(type, pair, issued, above, root, clock);
    }

    /** This CA as an issued certificate (its certificate, key pair and the intermediates above it). */
    public IssuedCertificate asIssuedCertificate() {
        List<X509Certificate> above = isRoot() ? Collections.<X509Certificate>emptyList()
                : intermediatesAbove.subList(1, intermediatesAbove.size());
        return new IssuedCertificate(certificate, keyPair.getPublic(), keyPair.getPrivate(), above, root);
    }

    /** Writes this CA's certificate as PEM. */
    public Path writeCertificatePem(Path file) {
        return Pem.write(file, Pem.certificates(Collections.singletonList(certificate)), false);
    }

    /** Writes this CA's private key as unencrypted PKCS#8 PEM, owner-readable only. */
    public Path writePrivateKeyPem(Path file) {
        return Pem.write(file, Pem.privateKey(keyPair.getPrivate()), true);
    }

    @Override
    public String toString() {
        return "TestCertificateAuthority{subject=" + certificate.getSubjectX500Principal().getName()
                + ", keyType=" + keyType + ", root=" + isRoot() + '}';
    }

    private List<X509Certificate> intermediatesBelowRoot() {
        return isRoot() ? Collections.<X509Certificate>emptyList() : intermediatesAbove;
    }

    private X509Certificate sign(CertificateTemplate template, String defaultSubject, PublicKey subjectKey,
            Duration defaultValidity, CertificateIssuer.Kind kind) {
        Instant now = clock.instant();
        Instant notBefore = template.notBefore() != null ? template.notBefore() : now.minus(BACKDATING);
        Instant notAfter = template.notAfter() != null ? template.notAfter() : now.plus(defaultValidity);
        if (notAfter.isBefore(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " is before notBefore " + notBefore);
        }
        BigInteger serial = template.serialNumber() != null ? template.serialNumber() : randomSerial();
        String subject = template.subject() != null ? template.subject() : defaultSubject;
        int version = template.version() != null ? template.version() : 3;
        return CertificateIssuer.issue(x500Name(certificate), keyPair.getPrivate(), keyPair.getPublic(),
                keyType.certificateSignatureAlgorithm(), x500Name(subject), subjectKey, serial, notBefore,
                notAfter, version, kind);
    }

    static BigInteger randomSerial() {
        // 127 random bits with the top one set: always positive, always 16 octets, never collides in practice.
        return new BigInteger(127, RANDOM).setBit(126);
    }

    /** Parsed by the JDK so that the string reads in RFC 4514 order (most specific first), as the JDK prints it. */
    private static X500Name x500Name(String distinguishedName) {
        try {
            return X500Name.getInstance(new X500Principal(distinguishedName).getEncoded());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Subject '" + distinguishedName + "' is not an RFC 4514 distinguished "
                    + "name such as CN=device-42,O=Example", e);
        }
    }

    private static X500Name x500Name(X509Certificate certificate) {
        try {
            return new JcaX509CertificateHolder(certificate).getSubject();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("Cannot read the CA subject", e);
        }
    }

    /** Builds a root {@link TestCertificateAuthority}. */
    public interface Builder {
        /** The CA key type; default {@link KeyType#EC_P256}. */
        Builder keyType(KeyType keyType);

        /** The CA subject in RFC 4514 form; default {@code CN=Roles Anywhere Test Root CA,O=rolesanywhere-java}. */
        Builder subject(String subject);

        /** Root validity start; default five minutes before now. */
        Builder notBefore(Instant notBefore);

        /** Root validity end; default ten years after now. */
        Builder notAfter(Instant notAfter);

        /** Root serial; default random. */
        Builder serialNumber(BigInteger serialNumber);

        /** The clock for default validity windows; default the system UTC clock. */
        Builder clock(Clock clock);

        TestCertificateAuthority build();
    }

    private static final class BuilderImpl implements Builder {
        private KeyType keyType = KeyType.EC_P256;
        private String subject = DEFAULT_ROOT_SUBJECT;
        private Instant notBefore;
        private Instant notAfter;
        private BigInteger serialNumber;
        private Clock clock = Clock.systemUTC();

        @Override
        public Builder keyType(KeyType keyType) {
            this.keyType = Objects.requireNonNull(keyType, "keyType");
            return this;
        }

        @Override
        public Builder subject(String subject) {
            this.subject = Objects.requireNonNull(subject, "subject");
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
        public Builder serialNumber(BigInteger serialNumber) {
            if (serialNumber != null && serialNumber.signum() <= 0) {
                throw new IllegalArgumentException("serialNumber must be positive, got " + serialNumber);
            }
            this.serialNumber = serialNumber;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        @Override
        public TestCertificateAuthority build() {
            Instant now = clock.instant();
            Instant start = notBefore != null ? notBefore : now.minus(BACKDATING);
            Instant end = notAfter != null ? notAfter : now.plus(DEFAULT_CA_VALIDITY);
            if (end.isBefore(start)) {
                throw new IllegalArgumentException("notAfter " + end + " is before notBefore " + start);
            }
            KeyPair pair = keyType.generateKeyPair();
            X500Name name = x500Name(subject);
            X509Certificate certificate = CertificateIssuer.issue(name, pair.getPrivate(), pair.getPublic(),
                    keyType.certificateSignatureAlgorithm(), name, pair.getPublic(),
                    serialNumber != null ? serialNumber : randomSerial(), start, end, 3,
                    CertificateIssuer.Kind.CERTIFICATE_AUTHORITY);
            return new TestCertificateAuthority(keyType, pair, certificate,
                    Collections.<X509Certificate>emptyList(), certificate, clock);
        }
    }
}
