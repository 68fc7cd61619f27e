package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.HashAlgorithm;

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
        int length = hash == HashAlgorithm.SHA256 ? 32 : hash == HashAlgorithm.SHA384 ? 48 : 64;
        if (digest.length != length) {
            throw new IllegalArgumentException("A " + hash.jcaName() + " digest is " + length + " bytes, got "
                    + digest.length);
        }
        // The OID of the hash (2.16.840.1.101.3.4.2.1, .2 or .3) with its tag and length, then NULL parameters.
        byte last = (byte) (hash == HashAlgorithm.SHA256 ? 1 : hash == HashAlgorithm.SHA384 ? 2 : 3);
        byte[] oid = {0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last};
        byte[] algorithm = Der.encode(Der.SEQUENCE, oid, new byte[] {0x05, 0x00});
        return Der.encode(Der.SEQUENCE, algorithm, Der.encode(Der.OCTET_STRING, digest));
    }
}
