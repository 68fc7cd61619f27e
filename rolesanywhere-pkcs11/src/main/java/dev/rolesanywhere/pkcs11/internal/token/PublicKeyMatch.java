package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.SigningAlgorithm;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * Compares the public half a token exposes for a key with a certificate's public key, so the signer never pairs a
 * certificate with the wrong key just because their labels or ids agree.
 */
public final class PublicKeyMatch {

    /** Outcome of a comparison; {@code UNKNOWN} when the token did not expose enough to decide. */
    public enum Result { MATCH, MISMATCH, UNKNOWN }

    private PublicKeyMatch() {
    }

    /** RSA: modulus and public exponent as the token reports them (either may be null when unreadable). */
    public static Result rsa(byte[] modulus, byte[] publicExponent, PublicKey certificateKey) {
        if (!(certificateKey instanceof RSAPublicKey)) {
            return Result.MISMATCH;
        }
        if (modulus == null || modulus.length == 0) {
            return Result.UNKNOWN;
        }
        RSAPublicKey rsa = (RSAPublicKey) certificateKey;
        if (!new BigInteger(1, modulus).equals(rsa.getModulus())) {
            return Result.MISMATCH;
        }
        if (publicExponent == null || publicExponent.length == 0) {
            // The modulus alone identifies an RSA key pair; a missing exponent does not make it doubtful.
            return Result.MATCH;
        }
        return new BigInteger(1, publicExponent).equals(rsa.getPublicExponent()) ? Result.MATCH : Result.MISMATCH;
    }

    /**
     * EC: {@code CKA_EC_PARAMS} (DER curve OID) and {@code CKA_EC_POINT} (DER OCTET STRING around the encoded point;
     * some tokens omit the wrapper). Either may be null when unreadable.
     */
    public static Result ec(byte[] ecParams, byte[] ecPoint, PublicKey certificateKey) {
        if (!(certificateKey instanceof ECPublicKey)) {
            return Result.MISMATCH;
        }
        // SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { id-ecPublicKey, curve parameters }, BIT STRING point }.
        byte[] spki = certificateKey.getEncoded();
        Der.Element outer = Der.read(spki, 0, spki.length);
        Der.Element algorithm = Der.read(spki, outer.contentStart, outer.end);
        Der.Element type = Der.read(spki, algorithm.contentStart, algorithm.end);
        if (ecParams != null && ecParams.length > 0) {
            if (type.end == algorithm.end) {
                return Result.UNKNOWN;
            }
            byte[] certParams = Der.read(spki, type.end, algorithm.end).whole(spki);
            if (!Arrays.equals(certParams, ecParams)) {
                return Result.MISMATCH;
            }
        }
        if (ecPoint == null || ecPoint.length == 0) {
            return Result.UNKNOWN;
        }
        Der.Element key = Der.read(spki, algorithm.end, outer.end);
        // The BIT STRING's first content byte counts its unused bits, none for a point.
        byte[] certPoint = Arrays.copyOfRange(spki, key.contentStart + 1, key.end);
        return Arrays.equals(certPoint, unwrapOctetString(ecPoint)) ? Result.MATCH : Result.MISMATCH;
    }

    /**
     * Whether {@code signature}, made by the token over {@code data}, verifies with the certificate's key: the last
     * resort when the token exposes nothing to compare, never used per request.
     */
    static boolean verifies(PublicKey certificateKey, SigningAlgorithm algorithm, byte[] data, byte[] signature) {
        try {
            Signature v = Signature.getInstance(algorithm == SigningAlgorithm.RSA_SHA256 ? "SHA256withRSA"
                    : "SHA256withECDSA");
            v.initVerify(certificateKey);
            v.update(data);
            return v.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** The curve's field size in bytes: the length of each of r and s in a raw ECDSA signature. */
    public static int fieldBytes(ECPublicKey key) {
        return (key.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    }

    private static byte[] unwrapOctetString(byte[] ecPoint) {
        // An uncompressed point starts with 0x04, as does a DER OCTET STRING tag: tell them apart by whether the
        // wrapper's length covers exactly the rest.
        try {
            Der.Element wrapper = Der.read(ecPoint, 0, ecPoint.length);
            if (wrapper.tag == Der.OCTET_STRING && wrapper.end == ecPoint.length) {
                return wrapper.content(ecPoint);
            }
        } catch (IllegalArgumentException e) {
            // not wrapped
        }
        return ecPoint;
    }
}
