package dev.rolesanywhere.pkcs11.internal.token;

/**
 * Lower-case hexadecimal for object ids and file names in messages. Here because {@code java.util.HexFormat} arrived
 * in Java 17 and this module runs on 11, and the token path must not need Bouncy Castle for it.
 */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** The {@code length} bytes from {@code offset}. */
    public static String of(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || length > bytes.length - offset) {
            throw new IndexOutOfBoundsException("bytes " + offset + ".." + (offset + length) + " of " + bytes.length);
        }
        char[] out = new char[2 * length];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out);
    }
}
