package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.MalformedCredentialsException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What each field of temporary credentials may hold. Every value ends up somewhere a stray character is dangerous: in
 * the shared credentials file (where a line break starts a new {@code credential_process} line), in HTTP headers, in
 * JSON served to other processes, in log lines. So every field is checked against the narrow shape the service uses,
 * and a value outside it is refused, never repaired.
 */
public final class SessionCredentialRules {
    // IAM's documented shape of an access key id.
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,128}");
    // The standard and URL-safe base64 alphabets with padding: what secrets and session tokens are made of.
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=_-]+");
    // A real secret access key has 40 characters.
    static final int MAX_SECRET_LENGTH = 1024;
    // STS does not promise a size, and tokens with session tags grow; real ones stay within a few KiB.
    static final int MAX_TOKEN_LENGTH = 16 * 1024;
    // An ARN in the response: partition, service, region, account, then a resource of visible ASCII characters.
    private static final Pattern ARN = Pattern.compile("arn:[a-z0-9-]{1,32}:[a-z0-9-]{1,64}:[a-z0-9-]{0,64}:"
            + "[0-9]{0,12}:[\\x21-\\x7e]{1,1900}");
    // STS's documented shape of an assumed-role id (AROA…:session-name).
    private static final Pattern ASSUMED_ROLE_ID = Pattern.compile("[\\w+=,.@:-]{2,193}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final int MAX_SOURCE_IDENTITY_LENGTH = 1024;
    // Years outside this range are not an expiry a real service would set; they would keep credentials forever.
    private static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private SessionCredentialRules() {
    }

    public static String accessKeyId(String value) {
        String v = required("accessKeyId", value);
        if (!ACCESS_KEY_ID.matcher(v).matches()) {
            throw refused("accessKeyId", "is not 16 to 128 upper-case letters and digits" + which(v));
        }
        return v;
    }

    public static String secretAccessKey(String value) {
        return base64("secretAccessKey", value, MAX_SECRET_LENGTH);
    }

    public static String sessionToken(String value) {
        return base64("sessionToken", value, MAX_TOKEN_LENGTH);
    }

    public static Instant expiration(Instant value) {
        if (value == null) {
            throw refused("expiration", "is missing");
        }
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw refused("expiration", "is not between the years 1970 and 9999");
        }
        return value;
    }

    /** An optional ARN: null passes. */
    public static String arn(String field, String value) {
        if (value != null && !ARN.matcher(value).matches()) {
            throw refused(field, "is not an ARN (arn:partition:service:region:account:resource, visible ASCII, at "
                    + "most 2048 characters)" + which(value));
        }
        return value;
    }

    /** An optional assumed-role id: null passes. */
    public static String assumedRoleId(String value) {
        if (value != null && !ASSUMED_ROLE_ID.matcher(value).matches()) {
            throw refused("assumedRoleId", "is not 2 to 193 letters, digits and +=,.@:_-" + which(value));
        }
        return value;
    }

    /** An optional account id: null passes. */
    public static String accountId(String value) {
        if (value != null && !ACCOUNT_ID.matcher(value).matches()) {
            throw refused("accountId", "is not 12 digits" + which(value));
        }
        return value;
    }

    /** Free text chosen from the certificate's subject: any characters but control characters. */
    public static String sourceIdentity(String value) {
        if (value != null) {
            if (value.isEmpty() || value.length() > MAX_SOURCE_IDENTITY_LENGTH) {
                throw refused("sourceIdentity", "is empty or longer than " + MAX_SOURCE_IDENTITY_LENGTH
                        + " characters");
            }
            if (hasControlCharacter(value)) {
                throw refused("sourceIdentity", "contains a control character such as a line break");
            }
        }
        return value;
    }

    /**
     * Whether {@code value} holds a character that ends or hides a line: the C0 and C1 controls (CR, LF, NUL, ESC,
     * NEL among them), DEL, and the Unicode line and paragraph separators.
     */
    public static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static String base64(String field, String value, int maxLength) {
        String v = required(field, value);
        if (v.length() > maxLength) {
            throw refused(field, "is " + v.length() + " characters long, more than the " + maxLength + " accepted");
        }
        if (!BASE64.matcher(v).matches()) {
            throw refused(field, "contains characters outside the base64 alphabets" + which(v));
        }
        return v;
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw refused(field, "is missing or empty");
        }
        return value;
    }

    /** Names the kind of character that broke a rule, never the value: secrets go through here too. */
    private static String which(String value) {
        return hasControlCharacter(value) ? " (it contains a control character such as a line break)" : "";
    }

    private static MalformedCredentialsException refused(String field, String problem) {
        return new MalformedCredentialsException(field, "The credentials' " + field + " " + problem);
    }
}
