package dev.rolesanywhere.pkcs11.internal.uri;

import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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
     * Decodes {@code %XX} escapes into bytes; other characters become their UTF-8 bytes.
     *
     * @param attribute the attribute name, quoted in the error message
     */
    public static byte[] decode(String value, String attribute) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        // a PIN must not reach an exception message, even in part
        boolean secret = "pin-value".equals(attribute);
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
                out.write((hi << 4) | lo);
                i += 3;
            } else {
                int cp = value.codePointAt(i);
                if (Character.isISOControl(cp)) {
                    throw new Pkcs11UriException("Attribute '" + attribute + "' contains a control character"
                            + (secret ? "" : " U+" + String.format("%04X", cp))
                            + ": percent-encode it (e.g. %0A for a newline)");
                }
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                out.write(utf8, 0, utf8.length);
                i += Character.charCount(cp);
            }
        }
        return out.toByteArray();
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
