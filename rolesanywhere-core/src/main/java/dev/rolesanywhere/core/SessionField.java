package dev.rolesanywhere.core;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.internal.ProxyUri;
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
 * A field of {@link SessionSpec}, and how configuration text sets it: a profile key, an environment variable, a
 * command-line flag. Each surface is a table from its own names to these fields; {@link #apply} turns the text into
 * the value, with one wording for malformed values wherever they were written.
 */
// The setters are stateless lambdas, so the constants are immutable although Setter is not annotated as such.
@SuppressWarnings("ImmutableEnumChecker")
public enum SessionField {
    TRUST_ANCHOR_ARN((spec, text, where) -> spec.trustAnchorArn(text)),
    PROFILE_ARN((spec, text, where) -> spec.profileArn(text)),
    ROLE_ARN((spec, text, where) -> spec.roleArn(text)),
    /** Whole seconds ({@code 3600}); ISO-8601 ({@code PT1H}) is read too. */
    SESSION_DURATION((spec, text, where) -> spec.sessionDuration(parseDuration(text, where))),
    ROLE_SESSION_NAME((spec, text, where) -> spec.roleSessionName(text)),
    CERTIFICATE((spec, text, where) -> spec.signerSpec(key -> key.certificate(text))),
    PRIVATE_KEY((spec, text, where) -> spec.signerSpec(key -> key.privateKey(text))),
    INTERMEDIATES((spec, text, where) -> {
        Path path = parsePath(text, where);
        spec.signerSpec(key -> key.intermediates(path));
    }),
    PKCS8_PASSWORD((spec, text, where) -> {
        char[] password = text.toCharArray();
        try {
            spec.signerSpec(key -> key.pkcs8Password(password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }),
    PKCS11_LIBRARY((spec, text, where) -> spec.signerSpec(key -> key.pkcs11Library(text))),
    REUSE_PIN((spec, text, where) -> {
        boolean reusePin = parseBoolean(text, where);
        spec.signerSpec(key -> key.reusePin(reusePin));
    }),
    REGION((spec, text, where) -> spec.region(text)),
    ENDPOINT((spec, text, where) -> spec.endpoint(parseEndpoint(text, where))),
    FIPS_ENABLED((spec, text, where) -> spec.fipsEnabled(parseBoolean(text, where))),
    DUALSTACK_ENABLED((spec, text, where) -> spec.dualstackEnabled(parseBoolean(text, where))),
    CA_BUNDLE((spec, text, where) -> spec.caBundle(parsePath(text, where))),
    /** {@code [http[s]://][user[:password]@]host[:port]}, as in {@code HTTPS_PROXY}. */
    PROXY((spec, text, where) -> spec.proxy(ProxyUri.parse(text, where))),
    /** A {@code NO_PROXY} list: comma-separated host names, addresses or CIDR blocks, or {@code *}. */
    NON_PROXY_HOSTS((spec, text, where) -> spec.nonProxyHosts(ProxyUri.nonProxyHosts(text))),
    /** Total CreateSession attempts, the first included: 1 to 20. */
    MAX_ATTEMPTS((spec, text, where) -> spec.maxAttempts(parseAttempts(text, where))),
    TRUST_ALL_CERTIFICATES((spec, text, where) -> spec.trustAllCertificatesEnabled(parseBoolean(text, where))),
    DEBUG_LOGGING((spec, text, where) -> spec.debugLoggingEnabled(parseBoolean(text, where)));

    private final Setter setter;

    SessionField(Setter setter) {
        this.setter = setter;
    }

    /**
     * Sets this field of {@code spec} from {@code text}.
     *
     * @param where names the place the text was written, for messages: {@code key rolesanywhere_region of profile
     *     'dev'}
     * @throws ConfigurationException when the text is not a valid value for this field
     */
    public void apply(SessionSpec.Builder spec, String text, String where) {
        setter.set(spec, text, where);
    }

    /** Whether this field is part of the key source ({@link SessionSpec#signerSpec()}). */
    public boolean isKeySource() {
        return this == CERTIFICATE || this == PRIVATE_KEY || this == INTERMEDIATES || this == PKCS8_PASSWORD
                || this == PKCS11_LIBRARY || this == REUSE_PIN;
    }

    @FunctionalInterface
    private interface Setter {
        void set(SessionSpec.Builder spec, String text, String where);
    }

    static Duration parseDuration(String text, String where) {
        String t = text.trim();
        try {
            if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            return Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new ConfigurationException("Invalid session duration '" + redact(text) + "' in " + where + ": give whole "
                    + "seconds between 900 and 43200, for example 3600");
        }
    }

    private static int parseAttempts(String text, String where) {
        try {
            int attempts = Integer.parseInt(text.trim());
            if (attempts >= 1 && attempts <= 20) {
                return attempts;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the range.
        }
        throw new ConfigurationException("Invalid number of attempts '" + text + "' in " + where + ": give a whole "
                + "number from 1 (no retries) to 20");
    }

    static boolean parseBoolean(String text, String where) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(t)) {
            return true;
        }
        if ("false".equals(t)) {
            return false;
        }
        throw new ConfigurationException("Invalid value '" + redact(text) + "' in " + where
                + ": write true or false");
    }

    private static URI parseEndpoint(String text, String where) {
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(text, "no scheme or host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException("Invalid endpoint '" + redact(text) + "' in " + where
                    + ": give an absolute URL such as https://rolesanywhere.eu-west-1.amazonaws.com");
        }
    }

    private static Path parsePath(String text, String where) {
        try {
            return Paths.get(text.trim());
        } catch (InvalidPathException e) {
            throw new ConfigurationException("Invalid file path '" + redact(text) + "' in " + where + ": "
                    + e.getReason());
        }
    }
}
