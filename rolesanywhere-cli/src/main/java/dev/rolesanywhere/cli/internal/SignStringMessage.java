package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.KeySourceException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * The fixed message {@code sign-string} signs, as the reference tool defines it: a label, a version byte string, then
 * SHA-256 over "IAM RA" and the public key (an uncompressed EC point, or the PKCS#1 RSAPublicKey DER), so a signature
 * proves possession of the key without signing anything an attacker chose.
 */
public final class SignStringMessage {

    static final String LABEL = "AWS Roles Anywhere Credential Helper Signing Test";
    static final String VERSION = "1";

    private SignStringMessage() {
    }

    public static byte[] message(PublicKey key) {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        message.writeBytes(LABEL.getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(VERSION.getBytes(StandardCharsets.US_ASCII));
        message.writeBytes(sha256(concat("IAM RA".getBytes(StandardCharsets.US_ASCII), encode(key))));
        return message.toByteArray();
    }

    static byte[] encode(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int size = (ec.getParams().getCurve().getField().getFieldSize() + 7) / 8;
            byte[] point = new byte[1 + 2 * size];
            point[0] = 0x04;
            copyUnsigned(ec.getW().getAffineX(), point, 1, size);
            copyUnsigned(ec.getW().getAffineY(), point, 1 + size, size);
            return point;
        }
        if (key instanceof java.security.interfaces.RSAPublicKey rsa) {
            try {
                return new org.bouncycastle.asn1.pkcs.RSAPublicKey(rsa.getModulus(), rsa.getPublicExponent()).getEncoded();
            } catch (java.io.IOException e) {
                throw new KeySourceException("Cannot encode the RSA public key: " + e.getMessage(), e);
            }
        }
        throw new KeySourceException("sign-string supports RSA and EC keys; this certificate holds a "
                + key.getAlgorithm() + " key");
    }

    private static void copyUnsigned(BigInteger value, byte[] out, int offset, int size) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > size ? bytes.length - size : 0;
        int length = bytes.length - start;
        System.arraycopy(bytes, start, out, offset + size - length, length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
