package dev.rolesanywhere.core.internal;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blanks the {@code pin-value} of a key location before the location goes into a message. It looks for the attribute
 * wherever it is, whatever the text around it: a location that is not recognised as a {@code pkcs11:} URI (a blank
 * before the scheme, {@code file:pkcs11:…}, a typing error) is exactly the one that ends up quoted by a "file not found"
 * or "unexpected argument" message.
 */
public final class PinRedaction {

    // Any case, blanks allowed around '=': the parsers refuse such spellings, and their messages quote them.
    private static final Pattern PIN_VALUE = Pattern.compile("(?i)pin-value\\s*=");

    private PinRedaction() {
    }

    /**
     * {@code location} with every {@code pin-value} replaced by {@code ***}. A value in the query (after the first
     * {@code ?}) runs to the next {@code &}, one in the path to the next {@code ;} or {@code ?} (RFC 7512), else to
     * the end; pass the location alone, not a whole message, so that the end is the location's.
     */
    public static String redact(String location) {
        if (location == null) {
            return null;
        }
        Matcher m = PIN_VALUE.matcher(location);
        if (!m.find()) {
            return location;
        }
        int query = location.indexOf('?');
        StringBuilder out = new StringBuilder(location.length());
        int copied = 0;
        int from = 0;
        while (from < location.length() && m.find(from)) {
            int valueStart = m.end();
            boolean inQuery = query >= 0 && m.start() > query;
            int end = valueStart;
            while (end < location.length() && !endsValue(location.charAt(end), inQuery)) {
                end++;
            }
            out.append(location, copied, valueStart).append("***");
            copied = end;
            from = end;
        }
        return out.append(location, copied, location.length()).toString();
    }

    /** {@link #redact(String)} of a path's text, for messages about files. */
    public static String redact(Path file) {
        return file == null ? null : redact(file.toString());
    }

    /**
     * {@code cause}, or null when {@code location} carries a PIN: the JDK's file exceptions quote the path as given, and
     * a cause is printed in full wherever the exception's stack trace is logged. The message built around it says what
     * failed already.
     */
    public static Throwable causeQuoting(Object location, Throwable cause) {
        String text = String.valueOf(location);
        return redact(text).equals(text) ? cause : null;
    }

    private static boolean endsValue(char c, boolean inQuery) {
        return inQuery ? c == '&' : c == ';' || c == '?';
    }
}
