package dev.rolesanywhere.pkcs11.internal.token;

import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * The PKCS#1 v1.5 {@code DigestInfo} for SHA-256, for tokens that offer only {@code CKM_RSA_PKCS}: the token pads
 * and exponentiates, so the caller must supply the ASN.1 structure {@code CKM_SHA256_RSA_PKCS} would have built.
 */
public final class RsaDigestInfo {

    private RsaDigestInfo() {
    }

    /** DER {@code DigestInfo{sha256, NULL, digest}}. */
    public static byte[] sha256(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("A SHA-256 digest is 32 bytes, got " + digest.length);
        }
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        try {
            return new DigestInfo(sha256, digest).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of DigestInfo failed", e);
        }
    }
}
