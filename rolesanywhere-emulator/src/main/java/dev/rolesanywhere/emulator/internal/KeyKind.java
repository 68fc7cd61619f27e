package dev.rolesanywhere.emulator.internal;

import java.security.PublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The kind of a certificate's key, read from the SubjectPublicKeyInfo OID: the JDK names an ML-DSA key by its OID
 * (or not at all, depending on the version), so the algorithm name cannot be trusted.
 */
public enum KeyKind {
    RSA("AWS4-X509-RSA-SHA256"),
    EC("AWS4-X509-ECDSA-SHA256"),
    ML_DSA("AWS4-X509-MLDSA"),
    OTHER(null);

    private final String roleAnywhereAlgorithm;

    KeyKind(String roleAnywhereAlgorithm) {
        this.roleAnywhereAlgorithm = roleAnywhereAlgorithm;
    }

    /** The Authorization algorithm for this kind of key, or null for keys Roles Anywhere does not accept. */
    public String algorithm() {
        return roleAnywhereAlgorithm;
    }

    public static KeyKind of(PublicKey key) {
        ASN1ObjectIdentifier oid;
        try {
            oid = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
            return OTHER;
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return RSA;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            return EC;
        }
        if (NISTObjectIdentifiers.id_ml_dsa_44.equals(oid) || NISTObjectIdentifiers.id_ml_dsa_65.equals(oid)
                || NISTObjectIdentifiers.id_ml_dsa_87.equals(oid)) {
            return ML_DSA;
        }
        return OTHER;
    }
}
