package dev.rolesanywhere.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The encodings SigV4 canonicalisation needs. Written by hand because the rules are exact and short, and the SDK's
 * equivalents live in internal packages that may change without notice.
 */
public final class SigV4Encoding {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private SigV4Encoding() {
    }

    /** Percent-encodes every byte of the UTF-8 form except the unreserved {@code A-Z a-z 0-9 - _ . ~}. */
    public static String uriEncode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX_UPPER[c >>> 4]).append(HEX_UPPER[c & 0x0f]);
            }
        }
        return out.toString();
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** Lower-case hex, as SigV4 writes hashes and signatures. */
    public static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >>> 4) & 0x0f];
            out[2 * i + 1] = HEX[bytes[i] & 0x0f];
        }
        return new String(out);
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Header values are trimmed and inner runs of spaces collapsed to one, as SigV4 requires. */
    public static String canonicalHeaderValue(String value) {
        return value.trim().replaceAll(" +", " ");
    }
}
