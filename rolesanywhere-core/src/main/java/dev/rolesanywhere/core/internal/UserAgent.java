package dev.rolesanywhere.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The {@code User-Agent} of CreateSession: {@code rolesanywhere-java/0.1.0 (key/pkcs11; java/17.0.12; linux/amd64)}.
 * It names this library and its version, the kind of key source and the platform, as AWS's own Roles Anywhere clients
 * do, so that CloudTrail shows what called; it never names a key, a path or a host.
 */
public final class UserAgent {
    /** The product token. */
    public static final String PRODUCT = "rolesanywhere-java";

    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._+-]");
    private static final String VERSION = readVersion();
    private static final String PLATFORM = "java/" + token(System.getProperty("java.version")) + "; "
            + token(System.getProperty("os.name")).toLowerCase(Locale.ROOT) + "/"
            + token(System.getProperty("os.arch"));

    private UserAgent() {
    }

    /** This library's version, as the build wrote it. */
    public static String version() {
        return VERSION;
    }

    /**
     * The header value for a signer whose {@code keySourceKind()} is {@code keySourceKind}; a kind that is not one
     * short lower-case word is sent as {@code custom}.
     */
    public static String of(String keySourceKind) {
        String kind = keySourceKind != null && KIND.matcher(keySourceKind).matches() ? keySourceKind : "custom";
        return PRODUCT + "/" + VERSION + " (key/" + kind + "; " + PLATFORM + ")";
    }

    private static String token(String value) {
        return value == null || value.isEmpty() ? "unknown" : UNSAFE.matcher(value).replaceAll("_");
    }

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("library.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read this library's own library.properties", e);
        }
        return token(properties.getProperty("version"));
    }
}
