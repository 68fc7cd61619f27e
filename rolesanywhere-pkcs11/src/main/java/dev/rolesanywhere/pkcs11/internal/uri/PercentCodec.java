package dev.rolesanywhere.pkcs11.internal.uri;

import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Percent-encoding for RFC 7512 attribute values. Hand-written because {@link java.net.URLDecoder} treats '+' as a
 * space and {@link java.net.URI} rejects characters PKCS#11 labels commonly hold; RFC 7512 needs neither behaviour.
 */
public final class PercentCodec {

    /** Where a value sits decides which reserved characters may stay literal (RFC 7512 section 2.3). */
    public enum Component {
        /** Path values may also keep {@code &} literal. */
        PATH("&"),
        /** Query values may also keep {@code / ? |} literal. */
        QUERY("/?|");

        private final String extra;

        Component(String extra) {
            this.extra = extra;
        }
    }

    // unreserved (RFC 3986) plus pk11-res-avail; the component adds its own extras
    private static final String ALWAYS_LITERAL = "-._~:[]@!$'()*+,=";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentCodec() {
    }

    /**
     * Decodes {@code %XX} escapes into bytes; other characters become their UTF-8 bytes (an unpaired surrogate becomes
     * {@code ?}). The result is the only copy of the decoded bytes this method makes, so a caller decoding a
     * {@code pin-value} can wipe every decoded copy.
     *
     * @param attribute the attribute name, quoted in the error message
     */
    public static byte[] decode(String value, String attribute) {
        // Two passes, the first only measuring: a growing buffer would leave unwiped copies of a PIN behind.
        byte[] out = new byte[decode(value, attribute, null)];
        decode(value, attribute, out);
        return out;
    }

    /** Decodes into {@code out} when it is not null; returns the decoded length either way. */
    private static int decode(String value, String attribute, byte[] out) {
        // a PIN must not reach an exception message, even in part
        boolean secret = "pin-value".equals(attribute);
        int length = 0;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (c == '%') {
                if (i + 2 >= value.length()) {
                    throw new Pkcs11UriException("Malformed percent escape '" + (secret ? "%..." : value.substring(i))
                            + "' in attribute '"
                            + attribute + "': '%' must be followed by two hexadecimal digits; write a literal '%' as %25");
                }
                int hi = hexValue(value.charAt(i + 1));
                int lo = hexValue(value.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new Pkcs11UriException("Malformed percent escape '" + (secret ? "%..." : value.substring(i, i + 3))
                            + "' in attribute '" + attribute
                            + "': '%' must be followed by two hexadecimal digits; write a literal '%' as %25");
                }
                if (out != null) {
                    out[length] = (byte) ((hi << 4) | lo);
                }
                length++;
                i += 3;
            } else {
                int cp = value.codePointAt(i);
                if (Character.isISOControl(cp)) {
                    throw new Pkcs11UriException("Attribute '" + attribute + "' contains a control character"
                            + (secret ? "" : " U+" + String.format("%04X", cp))
                            + ": percent-encode it (e.g. %0A for a newline)");
                }
                length = putUtf8(cp, out, length);
                i += Character.charCount(cp);
            }
        }
        return length;
    }

    /**
     * Writes the UTF-8 encoding of {@code cp} at {@code at} (when {@code out} is not null) and returns the position
     * after it. By hand, because every JDK route to UTF-8 bytes goes through a String or a buffer of its own.
     */
    private static int putUtf8(int cp, byte[] out, int at) {
        int n;
        if (cp < 0x80) {
            n = 1;
        } else if (cp < 0x800) {
            n = 2;
        } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
            // an unpaired surrogate has no UTF-8 form; String.getBytes writes '?' for it, and so does this
            cp = '?';
            n = 1;
        } else {
            n = cp < 0x10000 ? 3 : 4;
        }
        if (out != null) {
            if (n == 1) {
                out[at] = (byte) cp;
            } else {
                for (int k = n - 1; k > 0; k--) {
                    out[at + k] = (byte) (0x80 | (cp & 0x3F));
                    cp >>>= 6;
                }
                out[at] = (byte) ((0xF00 >>> n) | cp);
            }
        }
        return at + n;
    }

    /** Decodes a text attribute; the bytes must be valid UTF-8 because PKCS#11 labels are UTF-8. */
    public static String decodeText(String value, String attribute) {
        byte[] bytes = decode(value, attribute);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Pkcs11UriException("Attribute '" + attribute + "' value '" + value
                    + "' does not decode to UTF-8 text: percent escapes in text attributes must spell UTF-8 bytes", e);
        }
    }

    /** Encodes UTF-8 text, keeping literal only what RFC 7512 allows literally in {@code component}. */
    public static String encodeText(String text, Component component) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int v = b & 0xFF;
            if (v < 0x80 && isLiteral((char) v, component)) {
                sb.append((char) v);
            } else {
                appendEscape(sb, v);
            }
        }
        return sb.toString();
    }

    /**
     * Appends {@code secret} (a PIN) to {@code out}, encoded as {@link #encodeText} would, without making a String or
     * byte array of it: the only copy is the encoded text in {@code out}.
     */
    public static void appendSecret(StringBuilder out, char[] secret, Component component) {
        byte[] utf8 = new byte[4];
        int i = 0;
        while (i < secret.length) {
            int cp = Character.codePointAt(secret, i);
            int n = putUtf8(cp, utf8, 0);
            for (int k = 0; k < n; k++) {
                int v = utf8[k] & 0xFF;
                if (v < 0x80 && isLiteral((char) v, component)) {
                    out.append((char) v);
                } else {
                    appendEscape(out, v);
                }
            }
            i += Character.charCount(cp);
        }
        Arrays.fill(utf8, (byte) 0);
    }

    /** Encodes every byte as {@code %XX}, as RFC 7512 recommends for {@code id}. */
    public static String encodeAll(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            appendEscape(sb, b & 0xFF);
        }
        return sb.toString();
    }

    // Character.digit would also accept non-ASCII digits, which are not hex digits in a URI
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isLiteral(char c, Component component) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ALWAYS_LITERAL.indexOf(c) >= 0 || component.extra.indexOf(c) >= 0;
    }

    private static void appendEscape(StringBuilder sb, int v) {
        sb.append('%').append(HEX[v >>> 4]).append(HEX[v & 0x0F]);
    }
}
