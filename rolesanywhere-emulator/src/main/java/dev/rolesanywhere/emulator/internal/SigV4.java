package dev.rolesanywhere.emulator.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SigV4 canonicalisation rules, written for the emulator from the published specification and deliberately
 * sharing nothing with the client: a bug here and a bug in the client must not cancel each other out.
 */
public final class SigV4 {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private SigV4() {
    }

    /** The canonical request, from what was received on the wire. */
    public static String canonicalRequest(String method, String rawPath, String rawQuery,
            Map<String, List<String>> headersByLowerCaseName, List<String> signedHeaders, byte[] body) {
        StringBuilder out = new StringBuilder(512);
        out.append(method).append('\n');
        out.append(canonicalUri(rawPath)).append('\n');
        out.append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            List<String> values = headersByLowerCaseName.get(name);
            out.append(name).append(':');
            if (values != null) {
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    out.append(canonicalHeaderValue(values.get(i)));
                }
            }
            out.append('\n');
        }
        out.append('\n');
        out.append(String.join(";", signedHeaders)).append('\n');
        out.append(hex(sha256(body)));
        return out.toString();
    }

    /** The string to sign for a canonical request. */
    public static String stringToSign(String algorithm, String amzDate, String scope, String canonicalRequest) {
        return algorithm + '\n' + amzDate + '\n' + scope + '\n'
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The canonical URI for every service but S3: each segment of the path as received (still percent-encoded) is
     * encoded once more, so an encoded character ends up double-encoded, as AWS SDKs sign it.
     */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder out = new StringBuilder(rawPath.length() + 8);
        int start = 0;
        while (true) {
            int slash = rawPath.indexOf('/', start);
            String segment = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
            out.append(encode(segment));
            if (slash < 0) {
                break;
            }
            out.append('/');
            start = slash + 1;
        }
        return out.toString();
    }

    /** Decodes each name and value of the raw query, re-encodes them the SigV4 way and sorts by name, then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String parameter : rawQuery.split("&", -1)) {
            if (parameter.isEmpty()) {
                continue;
            }
            int eq = parameter.indexOf('=');
            String name = eq < 0 ? parameter : parameter.substring(0, eq);
            String value = eq < 0 ? "" : parameter.substring(eq + 1);
            pairs.add(new String[] {encode(percentDecode(name)), encode(percentDecode(value))});
        }
        Collections.sort(pairs, (a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        StringBuilder out = new StringBuilder(rawQuery.length() + 16);
        for (String[] pair : pairs) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    /** Trims and collapses inner runs of spaces, as SigV4 requires of header values. */
    static String canonicalHeaderValue(String value) {
        String trimmed = value.trim();
        StringBuilder out = new StringBuilder(trimmed.length());
        boolean previousSpace = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c == ' ') {
                if (!previousSpace) {
                    out.append(c);
                }
                previousSpace = true;
            } else {
                out.append(c);
                previousSpace = false;
            }
        }
        return out.toString();
    }

    /** RFC 3986 encoding: unreserved characters kept, every other UTF-8 byte as upper-case {@code %XX}. */
    public static String encode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    /**
     * Decodes {@code %XX} sequences only. A {@code +} stays a plus: in a URI query it is not a space unless the
     * sender used form encoding, which SigV4 clients do not.
     */
    public static String percentDecode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && isHex(value.charAt(i + 1)) && isHex(value.charAt(i + 2))) {
                out.write(Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    public static String hex(byte[] data) {
        char[] out = new char[data.length * 2];
        for (int i = 0; i < data.length; i++) {
            out[2 * i] = HEX[(data[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[data[i] & 0xf];
        }
        return new String(out);
    }

    /** Parses lower-case hex; null when the text is not even-length lower- or upper-case hex. */
    public static byte[] unhex(String text) {
        if (text.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(text.charAt(2 * i), 16);
            int low = Character.digit(text.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            out[i] = (byte) (high * 16 + low);
        }
        return out;
    }

    /** Header names lower-cased, values in arrival order (repeated headers keep every value). */
    public static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new java.util.TreeMap<>();
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            out.computeIfAbsent(entry.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .addAll(entry.getValue());
        }
        return out;
    }
}
