package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.HashAlgorithm;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * The PKCS#1 v1.5 {@code DigestInfo} for SHA-256 (or SHA-384, SHA-512), for {@code CKM_RSA_PKCS}: the token pads
 * and exponentiates, so the caller must supply the ASN.1 structure {@code CKM_SHA256_RSA_PKCS} would have built.
 */
public final class RsaDigestInfo {

    private RsaDigestInfo() {
    }

    /** DER {@code DigestInfo{sha256, NULL, digest}}. */
    public static byte[] sha256(byte[] digest) {
        return of(HashAlgorithm.SHA256, digest);
    }

    /** DER {@code DigestInfo{hash, NULL, digest}}. */
    public static byte[] of(HashAlgorithm hash, byte[] digest) {
        ASN1ObjectIdentifier oid = hash == HashAlgorithm.SHA256 ? NISTObjectIdentifiers.id_sha256
                : hash == HashAlgorithm.SHA384 ? NISTObjectIdentifiers.id_sha384 : NISTObjectIdentifiers.id_sha512;
        int length = hash == HashAlgorithm.SHA256 ? 32 : hash == HashAlgorithm.SHA384 ? 48 : 64;
        if (digest.length != length) {
            throw new IllegalArgumentException("A " + hash.jcaName() + " digest is " + length + " bytes, got "
                    + digest.length);
        }
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(oid, DERNull.INSTANCE);
        try {
            return new DigestInfo(algorithm, digest).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of DigestInfo failed", e);
        }
    }
}
