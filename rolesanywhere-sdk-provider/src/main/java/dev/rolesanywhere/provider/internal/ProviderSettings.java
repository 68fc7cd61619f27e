package dev.rolesanywhere.provider.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The plain configuration values of a credentials provider, wherever they came from (builder calls, a profile, a
 * {@code credential_process} line, system properties). Mutable and not thread-safe: it lives inside one builder.
 * {@link #fillFrom(ProviderSettings)} lets explicit values win over those read from a file. The fields are public
 * because this is a plain holder passed between the readers and the builder of this module, never a public type.
 */
public final class ProviderSettings {
    public String trustAnchorArn;
    public String profileArn;
    public String roleArn;
    public String region;
    public URI endpoint;
    public Path caBundle;
    public Duration sessionDuration;
    public String roleSessionName;
    public String certificate;
    public String privateKey;
    public Path intermediates;
    public char[] pkcs8Password;
    public String pkcs11Library;
    public Boolean reusePin;

    public ProviderSettings copy() {
        ProviderSettings c = new ProviderSettings();
        c.fillFrom(this);
        return c;
    }

    /** Takes every value of {@code other} that is unset here. */
    public void fillFrom(ProviderSettings other) {
        trustAnchorArn = trustAnchorArn != null ? trustAnchorArn : other.trustAnchorArn;
        profileArn = profileArn != null ? profileArn : other.profileArn;
        roleArn = roleArn != null ? roleArn : other.roleArn;
        region = region != null ? region : other.region;
        endpoint = endpoint != null ? endpoint : other.endpoint;
        caBundle = caBundle != null ? caBundle : other.caBundle;
        sessionDuration = sessionDuration != null ? sessionDuration : other.sessionDuration;
        roleSessionName = roleSessionName != null ? roleSessionName : other.roleSessionName;
        certificate = certificate != null ? certificate : other.certificate;
        privateKey = privateKey != null ? privateKey : other.privateKey;
        intermediates = intermediates != null ? intermediates : other.intermediates;
        if (pkcs8Password == null && other.pkcs8Password != null) {
            pkcs8Password = other.pkcs8Password.clone();
        }
        pkcs11Library = pkcs11Library != null ? pkcs11Library : other.pkcs11Library;
        reusePin = reusePin != null ? reusePin : other.reusePin;
    }

    /** Whether any of the values that describe a key source is set. */
    public boolean describesKeySource() {
        return certificate != null || privateKey != null || intermediates != null || pkcs8Password != null
                || pkcs11Library != null || reusePin != null;
    }

    public void wipeSecrets() {
        if (pkcs8Password != null) {
            Arrays.fill(pkcs8Password, '\0');
            pkcs8Password = null;
        }
    }

    /** Whole seconds ({@code 3600}) or ISO-8601 ({@code PT1H}). */
    public static Duration parseDuration(String text, String source) {
        String t = text.trim();
        try {
            if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigurationException("Invalid session duration '" + text + "' in " + source
                    + ": give whole seconds between 900 and 43200 (for example 3600) or an ISO-8601 duration such as PT1H");
        }
    }

    public static boolean parseBoolean(String text, String source) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(t)) {
            return true;
        }
        if ("false".equals(t)) {
            return false;
        }
        throw new ConfigurationException("Invalid value '" + text + "' in " + source + ": write true or false");
    }

    public static URI parseEndpoint(String text, String source) {
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(text, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("Invalid endpoint '" + text + "' in " + source
                    + ": give an absolute URI such as https://rolesanywhere.eu-west-1.amazonaws.com");
        }
    }

    public static Path parsePath(String text, String source) {
        try {
            return Paths.get(text.trim());
        } catch (InvalidPathException e) {
            throw new ConfigurationException("Invalid file path '" + text + "' in " + source + ": " + e.getReason());
        }
    }
}
