package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.AttributeValue;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckc;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An X.509 certificate object on a token: its {@code CKA_ID}, {@code CKA_LABEL} and parsed value. */
public final class CertificateObject {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateObject.class);
    /** YubiKey PIV exposes the attestation certificate of each key slot under this label prefix. */
    static final String PIV_ATTESTATION_LABEL = "X.509 Certificate for PIV Attestation";
    /**
     * Yubico's arc for the extensions of its attestation certificates (firmware version, serial, PIN and touch
     * policy, form factor), which no identity certificate carries: tells them apart under any label.
     */
    private static final String YUBICO_ATTESTATION_ARC = "1.3.6.1.4.1.41482.3.";

    private final byte[] id;
    private final String label;
    private final X509Certificate certificate;

    CertificateObject(byte[] id, String label, X509Certificate certificate) {
        this.id = id;
        this.label = label;
        this.certificate = certificate;
    }

    /** Reads and parses the object; null when its value is not a parseable X.509 certificate (logged by caller). */
    private static CertificateObject read(Cryptoki cryptoki, long session, long handle) {
        List<AttributeValue> values = cryptoki.getAttributeValue(session, handle, Cka.CKA_VALUE, Cka.CKA_ID,
                Cka.CKA_LABEL);
        byte[] der = values.get(0).bytes().orElse(null);
        if (der == null) {
            return null;
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            return null;
        }
        return new CertificateObject(values.get(1).bytes().orElse(null), values.get(2).asUtf8().orElse(null), cert);
    }

    /**
     * The search for the X.509 certificates {@code uri} names by id and, unless it names another type, label; with
     * {@link Pkcs11Uri#any()}, every X.509 certificate.
     */
    public static List<Attribute> template(Pkcs11Uri uri) {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE));
        t.add(Attribute.ofUlong(Cka.CKA_CERTIFICATE_TYPE, Ckc.CKC_X_509));
        uri.id().ifPresent(id -> t.add(Attribute.of(Cka.CKA_ID, id)));
        Optional<Pkcs11Uri.ObjectType> type = uri.type();
        boolean labelNamesCertificate = !type.isPresent() || type.get() == Pkcs11Uri.ObjectType.CERT;
        // A URI written for the key (type=private) may carry the key's label, which the certificate need not
        // share; the key is then matched by that label.
        if (labelNamesCertificate) {
            uri.object().ifPresent(label -> t.add(Attribute.ofUtf8(Cka.CKA_LABEL, label)));
        }
        return t;
    }

    /** The search for X.509 certificates whose {@code CKA_SUBJECT} is {@code subject} (DER, as tokens store it). */
    public static List<Attribute> withSubject(X500Principal subject) {
        List<Attribute> t = new ArrayList<>();
        t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE));
        t.add(Attribute.ofUlong(Cka.CKA_CERTIFICATE_TYPE, Ckc.CKC_X_509));
        t.add(Attribute.of(Cka.CKA_SUBJECT, subject.getEncoded()));
        return t;
    }

    /**
     * Every object on {@code token} matching {@code template} that parses as an X.509 certificate, in the token's
     * order; the others are logged and skipped, as one malformed object should not hide the rest.
     */
    public static List<CertificateObject> findAll(Token token, List<Attribute> template) {
        return ObjectSearch.readAll(token, template, (cryptoki, session, handle) -> {
            CertificateObject c = read(cryptoki, session, handle);
            if (c == null) {
                LOG.warn("Ignoring certificate object {} on {}: its value is not a parseable X.509 certificate",
                        handle, token.displayName());
            }
            return c;
        });
    }

    /** {@code CKA_ID}, or null when the object has none. A copy. */
    public byte[] id() {
        return id == null ? null : id.clone();
    }

    /** {@code CKA_LABEL}, or null. */
    public String label() {
        return label;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A YubiKey PIV attestation certificate: it vouches for the device's key slot and is never an identity. */
    boolean isPivAttestation() {
        if (label != null && label.startsWith(PIV_ATTESTATION_LABEL)) {
            return true;
        }
        Set<String> extensions = new HashSet<>();
        if (certificate.getNonCriticalExtensionOIDs() != null) {
            extensions.addAll(certificate.getNonCriticalExtensionOIDs());
        }
        if (certificate.getCriticalExtensionOIDs() != null) {
            extensions.addAll(certificate.getCriticalExtensionOIDs());
        }
        for (String oid : extensions) {
            if (oid.startsWith(YUBICO_ATTESTATION_ARC)) {
                return true;
            }
        }
        return false;
    }

    boolean isCa() {
        return certificate.getBasicConstraints() >= 0;
    }
}
