package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.AttributeValue;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An X.509 certificate object on a token: its handle, {@code CKA_ID}, {@code CKA_LABEL} and parsed value. */
public final class CertificateObject {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateObject.class);
    /** YubiKey PIV exposes the attestation certificate of each key slot under this label prefix. */
    static final String PIV_ATTESTATION_LABEL = "X.509 Certificate for PIV Attestation";

    private final long handle;
    private final byte[] id;
    private final String label;
    private final X509Certificate certificate;

    CertificateObject(long handle, byte[] id, String label, X509Certificate certificate) {
        this.handle = handle;
        this.id = id;
        this.label = label;
        this.certificate = certificate;
    }

    /** Reads and parses the object; null when its value is not a parseable X.509 certificate (logged by caller). */
    static CertificateObject read(Cryptoki cryptoki, long session, long handle) {
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
        return new CertificateObject(handle, values.get(1).bytes().orElse(null), values.get(2).asUtf8().orElse(null),
                cert);
    }

    /**
     * Every object matching {@code template} that parses as an X.509 certificate, in the token's order; the others
     * are logged and skipped, as one malformed object should not hide the rest.
     */
    public static List<CertificateObject> readAll(Cryptoki cryptoki, long session, List<Attribute> template,
            String tokenName) {
        List<CertificateObject> out = new ArrayList<>();
        for (long handle : ObjectSearch.find(cryptoki, session, template)) {
            CertificateObject c = read(cryptoki, session, handle);
            if (c == null) {
                LOG.warn("Ignoring certificate object {} on {}: its value is not a parseable X.509 certificate",
                        handle, tokenName);
            } else {
                out.add(c);
            }
        }
        return out;
    }

    public long handle() {
        return handle;
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

    boolean isPivAttestation() {
        return label != null && label.startsWith(PIV_ATTESTATION_LABEL);
    }

    boolean isCa() {
        return certificate.getBasicConstraints() >= 0;
    }
}
