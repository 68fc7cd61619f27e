package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.AttributeValue;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckc;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckm;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.KeyPairHandles;
import dev.rolesanywhere.pkcs11.internal.ffi.Mechanism;
import dev.rolesanywhere.pkcs11.internal.token.BoundKey;
import dev.rolesanywhere.pkcs11.internal.token.ContextLogin;
import dev.rolesanywhere.pkcs11.internal.token.ModuleContext;
import dev.rolesanywhere.pkcs11.internal.token.ObjectSearch;
import dev.rolesanywhere.pkcs11.internal.token.PrivateKeyObject;
import dev.rolesanywhere.pkcs11.internal.token.PublicKeyMatch;
import dev.rolesanywhere.pkcs11.internal.token.SessionLease;
import dev.rolesanywhere.pkcs11.internal.token.SigningMechanisms;
import dev.rolesanywhere.pkcs11.internal.token.Token;
import dev.rolesanywhere.pkcs11.internal.token.TokenContentSigner;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.encoders.Hex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a Roles Anywhere identity on a token: a key pair generated inside it (never extractable), a certificate
 * request signed by that key, and the issued certificate with its CA chain.
 *
 * <pre>{@code
 * try (TokenProvisioner p = TokenProvisioner.builder().uri("pkcs11:token=prod?module-path=...")
 *         .pinCallback(pin).build()) {
 *     TokenProvisioner.GeneratedKey key = p.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, "roles-anywhere");
 *     String csr = p.certificateRequestPem(key, "CN=host-42,O=Example");
 *     // ... have the CA issue a certificate ...
 *     p.importCertificate(key.id(), "roles-anywhere", certificate, intermediates);
 * }
 * }</pre>
 *
 * <p>The URI must select exactly one token. Not thread-safe: one provisioning conversation at a time.
 */
public final class TokenProvisioner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenProvisioner.class);
    private static final long CERTIFICATE_CATEGORY_TOKEN_USER = 1;
    private static final long CERTIFICATE_CATEGORY_AUTHORITY = 2;

    /** Key types IAM Roles Anywhere accepts that the provisioner can generate. */
    @SuppressWarnings("ImmutableEnumChecker") // ASN1ObjectIdentifier is immutable, just not annotated @Immutable
    public enum KeyType {
        RSA_2048(2048, null), RSA_3072(3072, null), RSA_4096(4096, null),
        EC_P256(256, SECObjectIdentifiers.secp256r1), EC_P384(384, SECObjectIdentifiers.secp384r1);

        private final int bits;
        private final ASN1ObjectIdentifier curve;

        KeyType(int bits, ASN1ObjectIdentifier curve) {
            this.bits = bits;
            this.curve = curve;
        }

        public boolean isRsa() {
            return curve == null;
        }

        public int bits() {
            return bits;
        }
    }

    /** A key pair generated on the token: where it is and its public half. */
    public static final class GeneratedKey {
        private final byte[] id;
        private final String label;
        private final KeyType type;
        private final PublicKey publicKey;

        GeneratedKey(byte[] id, String label, KeyType type, PublicKey publicKey) {
            this.id = id.clone();
            this.label = label;
            this.type = type;
            this.publicKey = publicKey;
        }

        /** {@code CKA_ID}, shared by the private key, public key and (later) the certificate. A copy. */
        public byte[] id() {
            return id.clone();
        }

        public String label() {
            return label;
        }

        public KeyType type() {
            return type;
        }

        public PublicKey publicKey() {
            return publicKey;
        }

        @Override
        public String toString() {
            return "GeneratedKey[" + label + ", " + type + ", id " + Hex.toHexString(id) + "]";
        }
    }

    /** The module and the token this provisioner opened; {@link #close()} closes it, and nothing else. */
    private final ModuleContext context;
    private final Token token;
    /** Also the context-specific PIN when a key asks for it before every signature (a YubiKey's slot 9c). */
    private final PinCallback pin;

    private TokenProvisioner(BuilderImpl b) {
        if (b.uri == null) {
            throw new ConfigurationException("TokenProvisioner needs a pkcs11: URI selecting one token, e.g. "
                    + "uri(\"pkcs11:token=my-token\")");
        }
        this.pin = b.userPin();
        this.context = ModuleContext.open(b.uri, b.modulePath, b.contextSettings().maxSessions(2).build());
        try {
            this.token = context.singleToken();
            // Creating private objects always needs the user logged in, whatever CKF_LOGIN_REQUIRED says.
            token.ensureLoggedIn(pin);
        } catch (RuntimeException | Error e) {
            context.close();
            throw e;
        }
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * Generates a key pair inside the token: the private key is sensitive and never extractable, usable only for
     * signing; the public key is a public token object with the same id and label.
     *
     * @param id the {@code CKA_ID} to give both keys (and, later, the certificate); must be unused on the token
     * @throws ConfigurationException when a key with this id already exists
     */
    public GeneratedKey generateKeyPair(KeyType type, byte[] id, String label) {
        Objects.requireNonNull(type, "type");
        requireIdAndLabel(id, label);
        Cryptoki c = token.cryptoki();
        try (SessionLease lease = token.sessions().borrowDedicated(true)) {
            long session = lease.handle();
            if (ObjectSearch.find(c, session, byId(Cko.CKO_PRIVATE_KEY, id)).length > 0) {
                throw new ConfigurationException("A private key with id " + Hex.toHexString(id) + " already exists on "
                        + token.displayName() + ". Choose another id, or delete the old key first");
            }
            List<Attribute> pub = new ArrayList<>();
            List<Attribute> priv = new ArrayList<>();
            pub.add(Attribute.ofBoolean(Cka.CKA_TOKEN, true));
            pub.add(Attribute.ofBoolean(Cka.CKA_PRIVATE, false));
            pub.add(Attribute.ofBoolean(Cka.CKA_VERIFY, true));
            pub.add(Attribute.of(Cka.CKA_ID, id));
            pub.add(Attribute.ofUtf8(Cka.CKA_LABEL, label));
            priv.add(Attribute.ofBoolean(Cka.CKA_TOKEN, true));
            priv.add(Attribute.ofBoolean(Cka.CKA_PRIVATE, true));
            priv.add(Attribute.ofBoolean(Cka.CKA_SENSITIVE, true));
            priv.add(Attribute.ofBoolean(Cka.CKA_EXTRACTABLE, false));
            priv.add(Attribute.ofBoolean(Cka.CKA_SIGN, true));
            priv.add(Attribute.ofBoolean(Cka.CKA_DECRYPT, false));
            priv.add(Attribute.of(Cka.CKA_ID, id));
            priv.add(Attribute.ofUtf8(Cka.CKA_LABEL, label));
            Mechanism mechanism;
            if (type.isRsa()) {
                mechanism = Mechanism.of(Ckm.CKM_RSA_PKCS_KEY_PAIR_GEN);
                pub.add(Attribute.ofUlong(Cka.CKA_MODULUS_BITS, type.bits));
                pub.add(Attribute.of(Cka.CKA_PUBLIC_EXPONENT, BigInteger.valueOf(65537).toByteArray()));
            } else {
                mechanism = Mechanism.of(Ckm.CKM_EC_KEY_PAIR_GEN);
                pub.add(Attribute.of(Cka.CKA_EC_PARAMS, encoded(type.curve)));
            }
            KeyPairHandles handles = c.generateKeyPair(session, mechanism, pub, priv);
            PublicKey publicKey = readPublicKey(c, session, handles.publicKey(), type);
            LOG.info("Generated a {} key pair '{}' (id {}) on {}", type, label, Hex.toHexString(id), token.displayName());
            return new GeneratedKey(id, label, type, publicKey);
        }
    }

    /**
     * A PKCS#10 certificate request for {@code key}, signed by the key on the token (SHA-256 with RSA or ECDSA).
     *
     * @param subject an X.500 name such as {@code CN=host-42,O=Example}
     * @return the DER encoding
     */
    public byte[] certificateRequest(GeneratedKey key, String subject) {
        Objects.requireNonNull(key, "key");
        X500Name name;
        try {
            name = new X500Name(Objects.requireNonNull(subject, "subject"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("'" + subject + "' is not an X.500 name. Write it like "
                    + "CN=host-42,O=Example", e);
        }
        BoundKey signer = boundKey(key);
        SigningAlgorithm algorithm = signer.algorithm();
        PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(name, key.publicKey())
                .build(new TokenContentSigner(algorithm, data -> signer.sign(data, ContextLogin.of(pin, null))));
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of a certificate request failed", e);
        }
    }

    /** {@link #certificateRequest} as PEM ({@code -----BEGIN CERTIFICATE REQUEST-----}). */
    public String certificateRequestPem(GeneratedKey key, String subject) {
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificateRequest(key, subject))
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /**
     * Stores the issued certificate next to its key (same {@code CKA_ID}), and each CA certificate of
     * {@code caCertificates} not yet on the token as an authority certificate. Certificates already stored under
     * this id are replaced, so that a renewal does not leave two certificates for one key: the new one is created
     * first and the old ones destroyed after, so a failure in between never leaves the key without a certificate (if
     * destroying an old one fails, the new one is removed again and the token keeps what it had).
     *
     * @throws KeySourceException when no private key with this id is on the token, or the certificate was issued
     *     for another key
     */
    public void importCertificate(byte[] id, String label, X509Certificate certificate,
            List<X509Certificate> caCertificates) {
        requireIdAndLabel(id, label);
        Objects.requireNonNull(certificate, "certificate");
        List<X509Certificate> cas = caCertificates == null ? Collections.<X509Certificate>emptyList()
                : new ArrayList<>(caCertificates);
        Cryptoki c = token.cryptoki();
        try (SessionLease lease = token.sessions().borrowDedicated(true)) {
            long session = lease.handle();
            checkCertificateMatchesKey(c, session, id, certificate);
            long[] previous = ObjectSearch.find(c, session, byId(Cko.CKO_CERTIFICATE, id));
            long created = c.createObject(session,
                    certificateTemplate(certificate, id, label, CERTIFICATE_CATEGORY_TOKEN_USER));
            replace(c, session, previous, created, id);
            for (X509Certificate ca : cas) {
                List<Attribute> sameValue = new ArrayList<>();
                sameValue.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE));
                sameValue.add(Attribute.of(Cka.CKA_VALUE, der(ca)));
                if (ObjectSearch.find(c, session, sameValue).length == 0) {
                    c.createObject(session, certificateTemplate(ca, keyIdentifier(ca.getPublicKey()),
                            commonName(ca.getSubjectX500Principal()), CERTIFICATE_CATEGORY_AUTHORITY));
                }
            }
        }
    }

    /** Destroys the {@code previous} certificates; on failure removes {@code created} again so the old ones stay. */
    private void replace(Cryptoki c, long session, long[] previous, long created, byte[] id) {
        int destroyed = 0;
        try {
            for (long old : previous) {
                c.destroyObject(session, old);
                destroyed++;
            }
        } catch (Pkcs11Exception e) {
            if (destroyed > 0) {
                // Some old certificates are gone already: keep the new one rather than leave the key with fewer.
                throw e;
            }
            try {
                c.destroyObject(session, created);
            } catch (Pkcs11Exception undo) {
                e.addSuppressed(undo);
                LOG.warn("Could not remove the new certificate with id {} from {} after failing to destroy the old "
                        + "one: both are on the token now", Hex.toHexString(id), token.displayName());
            }
            throw e;
        }
        if (destroyed > 0) {
            LOG.info("Replaced the previous certificate with id {} on {}", Hex.toHexString(id), token.displayName());
        }
    }

    /**
     * Closes the sessions and releases the module; with exclusive module use, also logs out (if nothing else in this
     * library, such as a signer on the same token, still relies on the login) and finalises the module (if nothing
     * else uses it).
     */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return "TokenProvisioner[" + token.displayName() + "]";
    }

    private BoundKey boundKey(GeneratedKey key) {
        List<PrivateKeyObject> keys = PrivateKeyObject.findAll(token, byId(Cko.CKO_PRIVATE_KEY, key.id));
        if (keys.size() != 1) {
            throw new KeySourceException("Expected one private key with id " + Hex.toHexString(key.id) + " on "
                    + token.displayName() + ", found " + keys.size());
        }
        long[] offered = token.cryptoki().getMechanismList(token.slotId());
        List<Long> mechanisms = SigningMechanisms.choose(token, SigningAlgorithm.forKey(key.publicKey), offered,
                keys.get(0));
        return BoundKey.withoutCertificate(token, keys.get(0), key.publicKey, mechanisms);
    }

    private void checkCertificateMatchesKey(Cryptoki c, long session, byte[] id, X509Certificate certificate) {
        if (ObjectSearch.find(c, session, byId(Cko.CKO_PRIVATE_KEY, id)).length == 0) {
            throw new KeySourceException("No private key with id " + Hex.toHexString(id) + " on " + token.displayName()
                    + ". Generate the key first, or pass the id of the key the certificate was issued for");
        }
        PublicKey certKey = certificate.getPublicKey();
        boolean compared = false;
        for (long pub : ObjectSearch.find(c, session, byId(Cko.CKO_PUBLIC_KEY, id))) {
            List<AttributeValue> v = c.getAttributeValue(session, pub, Cka.CKA_MODULUS, Cka.CKA_PUBLIC_EXPONENT,
                    Cka.CKA_EC_PARAMS, Cka.CKA_EC_POINT);
            PublicKeyMatch.Result r = v.get(0).isPresent()
                    ? PublicKeyMatch.rsa(v.get(0).bytes().get(), v.get(1).bytes().orElse(null), certKey)
                    : PublicKeyMatch.ec(v.get(2).bytes().orElse(null), v.get(3).bytes().orElse(null), certKey);
            if (r == PublicKeyMatch.Result.MATCH) {
                return;
            }
            compared |= r == PublicKeyMatch.Result.MISMATCH;
        }
        if (compared) {
            throw new KeySourceException("The certificate '" + certificate.getSubjectX500Principal().getName()
                    + "' was issued for a different key than the one with id " + Hex.toHexString(id) + " on "
                    + token.displayName() + ". Import the certificate issued for this key's request");
        }
        // No public key object to compare with: the signer's discovery confirms the pair with a test signature.
    }

    private List<Attribute> certificateTemplate(X509Certificate cert, byte[] id, String label, long category) {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE));
        t.add(Attribute.ofUlong(Cka.CKA_CERTIFICATE_TYPE, Ckc.CKC_X_509));
        t.add(Attribute.ofBoolean(Cka.CKA_TOKEN, true));
        t.add(Attribute.ofBoolean(Cka.CKA_PRIVATE, false));
        t.add(Attribute.ofUlong(Cka.CKA_CERTIFICATE_CATEGORY, category));
        t.add(Attribute.of(Cka.CKA_ID, id));
        t.add(Attribute.ofUtf8(Cka.CKA_LABEL, label));
        t.add(Attribute.of(Cka.CKA_SUBJECT, cert.getSubjectX500Principal().getEncoded()));
        t.add(Attribute.of(Cka.CKA_ISSUER, cert.getIssuerX500Principal().getEncoded()));
        t.add(Attribute.of(Cka.CKA_SERIAL_NUMBER, encoded(new ASN1Integer(cert.getSerialNumber()))));
        t.add(Attribute.of(Cka.CKA_VALUE, der(cert)));
        return t;
    }

    private static PublicKey readPublicKey(Cryptoki c, long session, long handle, KeyType type) {
        try {
            if (type.isRsa()) {
                List<AttributeValue> v = c.getAttributeValue(session, handle, Cka.CKA_MODULUS,
                        Cka.CKA_PUBLIC_EXPONENT);
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, v.get(0).bytes().get()), new BigInteger(1, v.get(1).bytes().get())));
            }
            byte[] point = c.getAttributeValue(session, handle, Cka.CKA_EC_POINT).get(0).bytes().get();
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(point);
            byte[] raw = parsed instanceof ASN1OctetString ? ((ASN1OctetString) parsed).getOctets() : point;
            SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, type.curve), raw);
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new KeySourceException("Cannot read the public half of the new " + type + " key: " + e, e);
        }
    }

    private static List<Attribute> byId(long objectClass, byte[] id) {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, objectClass));
        t.add(Attribute.of(Cka.CKA_ID, id));
        return t;
    }

    private static void requireIdAndLabel(byte[] id, String label) {
        if (id == null || id.length == 0) {
            throw new ConfigurationException("A key id (CKA_ID) of at least one byte is required");
        }
        if (label == null || label.isEmpty()) {
            throw new ConfigurationException("A label (CKA_LABEL) is required, e.g. \"roles-anywhere\"");
        }
    }

    /** A CA certificate's id: SHA-1 of its public key, the convention most token tools follow. */
    private static byte[] keyIdentifier(PublicKey key) {
        try {
            byte[] bits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
            return MessageDigest.getInstance("SHA-1").digest(bits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is available in every Java runtime", e);
        }
    }

    private static String commonName(X500Principal principal) {
        String name = principal.getName();
        for (String part : name.split(",", -1)) {
            if (part.trim().startsWith("CN=")) {
                return part.trim().substring(3);
            }
        }
        return name;
    }

    private static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new KeySourceException("The certificate '" + cert.getSubjectX500Principal().getName()
                    + "' cannot be DER-encoded: " + e.getMessage(), e);
        }
    }

    private static byte[] encoded(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    /** Configures a {@link TokenProvisioner}. */
    public interface Builder extends TokenOptions<Builder> {
        /** Loads the module, selects the token and logs in. */
        TokenProvisioner build();
    }

    static final class BuilderImpl extends TokenBuilderBase<Builder> implements Builder {
        @Override
        public TokenProvisioner build() {
            return new TokenProvisioner(this);
        }
    }
}
