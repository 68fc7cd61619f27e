package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.MalformedCredentialsException;
import dev.rolesanywhere.core.SessionCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Reads a successful CreateSession response into {@link SessionCredentials}. The shape is checked here; the values
 * are checked by {@link SessionCredentials} itself, so one value out of line refuses the whole response.
 */
public final class SessionResponseParser {
    private static final JsonNodeParser PARSER = JsonNodeParser.create();
    private static final Pattern ACCOUNT_IN_ARN = Pattern.compile("arn:[^:]+:[^:]+:[^:]*:([0-9]{12}):.*");
    // RFC 3339's date-time: four-digit year, seconds, optional fraction, and a zone. Java's parser alone would also
    // take a signed nine-digit year.
    private static final Pattern RFC_3339 = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})");

    private SessionResponseParser() {
    }

    /**
     * @throws MalformedResponseException    when the body is not the documented JSON shape; its message never
     *                                       contains the body, which holds secrets
     * @throws MalformedCredentialsException when a value in it breaks the rules of its field; nor does its message
     */
    public static SessionCredentials parse(byte[] body) {
        JsonNode root;
        try {
            root = PARSER.parse(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // The parser signals syntax errors with several unchecked types; all mean the same thing here.
            throw new MalformedResponseException("the body is not JSON");
        }
        // The parser answers an empty or blank body with null rather than an error.
        if (root == null || !root.isObject()) {
            throw new MalformedResponseException("the body is not a JSON object");
        }
        JsonNode set = member(root, "credentialSet");
        if (set == null || !set.isArray() || set.asArray().isEmpty()) {
            throw new MalformedResponseException("'credentialSet' is missing or empty");
        }
        List<JsonNode> items = set.asArray();
        JsonNode first = items.get(0);
        if (!first.isObject()) {
            throw new MalformedResponseException("'credentialSet[0]' is not an object");
        }
        JsonNode credentials = member(first, "credentials");
        if (credentials == null || !credentials.isObject()) {
            throw new MalformedResponseException("'credentialSet[0].credentials' is missing");
        }
        JsonNode user = member(first, "assumedRoleUser");
        String roleArn = text(first, "roleArn");
        String assumedRoleArn = user == null ? null : text(user, "arn");
        String expiration = text(credentials, "expiration");
        return SessionCredentials.builder()
                .accessKeyId(requiredText(credentials, "accessKeyId"))
                .secretAccessKey(requiredText(credentials, "secretAccessKey"))
                .sessionToken(requiredText(credentials, "sessionToken"))
                .expiration(parseInstant(expiration))
                .roleArn(roleArn)
                .assumedRoleArn(assumedRoleArn)
                .assumedRoleId(user == null ? null : text(user, "assumedRoleId"))
                .accountId(accountId(assumedRoleArn, roleArn))
                .sourceIdentity(text(first, "sourceIdentity"))
                .subjectArn(text(root, "subjectArn"))
                .build();
    }

    private static Instant parseInstant(String value) {
        if (value == null) {
            throw new MalformedResponseException("'credentials.expiration' is missing");
        }
        String problem = "The credentials' expiration is not an RFC 3339 date-time such as 2026-01-15T16:04:05Z";
        if (!RFC_3339.matcher(value).matches()) {
            throw new MalformedCredentialsException("expiration", problem);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedCredentialsException("expiration", problem, e);
        }
    }

    private static String accountId(String... arns) {
        for (String arn : arns) {
            if (arn != null) {
                Matcher m = ACCOUNT_IN_ARN.matcher(arn);
                if (m.matches()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static JsonNode member(JsonNode object, String name) {
        Map<String, JsonNode> members = object.asObject();
        JsonNode node = members.get(name);
        return node == null || node.isNull() ? null : node;
    }

    static String text(JsonNode object, String name) {
        JsonNode node = member(object, name);
        return node != null && node.isString() ? node.asString() : null;
    }

    private static String requiredText(JsonNode object, String name) {
        String value = text(object, name);
        if (value == null || value.isEmpty()) {
            // Names the field only: the value may be a secret.
            throw new MalformedResponseException("'credentials." + name + "' is missing or not a string");
        }
        return value;
    }

    /** The success response could not be understood. Internal; the client turns it into a public exception. */
    public static final class MalformedResponseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedResponseException(String message) {
            super(message);
        }
    }
}
