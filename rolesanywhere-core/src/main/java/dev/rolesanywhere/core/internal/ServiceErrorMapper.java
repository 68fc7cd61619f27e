package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.ResourceNotFoundException;
import dev.rolesanywhere.core.RolesAnywhereServiceException;
import dev.rolesanywhere.core.ServiceUnavailableException;
import dev.rolesanywhere.core.ThrottlingException;
import dev.rolesanywhere.core.ValidationException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Turns an error response into the typed exception for it, with a message that tells the user what to fix. The
 * service's own wording is kept verbatim in {@link RolesAnywhereServiceException#serviceMessage()}.
 */
public final class ServiceErrorMapper {
    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private ServiceErrorMapper() {
    }

    /**
     * @param statusCode  the HTTP status
     * @param errorHeader the {@code x-amzn-ErrorType} header, or {@code null}
     * @param requestId   the {@code x-amzn-RequestId} header, or {@code null}
     * @param body        the response body, possibly empty
     */
    public static RolesAnywhereServiceException map(int statusCode, String errorHeader, String requestId, byte[] body) {
        String errorType = stripSuffix(errorHeader);
        String serviceMessage = null;
        JsonNode json = parseQuietly(body);
        if (json != null) {
            if (errorType == null) {
                errorType = stripSuffix(firstText(json, "__type", "code", "Code"));
                if (errorType != null && errorType.indexOf('#') >= 0) {
                    // Some services qualify the type with a namespace: "com.amazonaws...#AccessDeniedException".
                    errorType = errorType.substring(errorType.lastIndexOf('#') + 1);
                }
            }
            serviceMessage = firstText(json, "message", "Message", "errorMessage");
        }
        String message = describe(statusCode, errorType, serviceMessage, requestId);
        if (isThrottling(statusCode, errorType)) {
            return new ThrottlingException(message, errorType, serviceMessage, statusCode, requestId);
        }
        if (statusCode >= 500) {
            return new ServiceUnavailableException(message, errorType, serviceMessage, statusCode, requestId);
        }
        if (statusCode == 403 || "AccessDeniedException".equals(errorType)) {
            return new AccessDeniedException(message, errorType, serviceMessage, statusCode, requestId);
        }
        if (statusCode == 404 || "ResourceNotFoundException".equals(errorType)) {
            return new ResourceNotFoundException(message, errorType, serviceMessage, statusCode, requestId);
        }
        if ("ValidationException".equals(errorType) || (statusCode == 400 && errorType == null)) {
            return new ValidationException(message, errorType, serviceMessage, statusCode, requestId);
        }
        return new RolesAnywhereServiceException(message, errorType, serviceMessage, statusCode, requestId);
    }

    static boolean isThrottling(int statusCode, String errorType) {
        return statusCode == 429 || "ThrottlingException".equals(errorType) || "Throttling".equals(errorType)
                || "TooManyRequestsException".equals(errorType);
    }

    private static String describe(int statusCode, String errorType, String serviceMessage, String requestId) {
        StringBuilder out = new StringBuilder("CreateSession failed with HTTP ").append(statusCode);
        if (errorType != null) {
            out.append(' ').append(errorType);
        }
        if (serviceMessage != null) {
            out.append(": ").append(serviceMessage);
        }
        if (requestId != null) {
            out.append(" (request id ").append(requestId).append(')');
        }
        String hint = hint(statusCode, errorType, serviceMessage);
        if (hint != null) {
            out.append(". ").append(hint);
        }
        return out.toString();
    }

    /** The likely cause and fix, judged from the service's words; {@code null} when nothing more can be said. */
    static String hint(int statusCode, String errorType, String serviceMessage) {
        String m = serviceMessage == null ? "" : serviceMessage.toLowerCase(Locale.ROOT);
        if (isThrottling(statusCode, errorType)) {
            return "CreateSession allows only a few requests per second per account and region: cache the "
                    + "credentials and share them instead of creating a session per call";
        }
        if (statusCode >= 500) {
            return "The service had a fault; it is retried automatically, so this persisted across every attempt: "
                    + "try again later";
        }
        if (m.contains("session name") || m.contains("rolesessionname")) {
            return "The profile does not accept a role session name: enable acceptRoleSessionName on the profile, "
                    + "or do not set roleSessionName";
        }
        if (m.contains("duration")) {
            return "The requested duration is outside what the profile allows: request between 900 and 43200 "
                    + "seconds and no more than the profile's durationSeconds (and the role's maximum session "
                    + "duration)";
        }
        if (m.contains("skew") || m.contains("clock") || m.contains("request date") || m.contains("x-amz-date")
                || m.contains("signature expired") || (m.contains("not yet valid") && m.contains("request"))) {
            return "The request's date differs from the service's clock by more than about 5 minutes: synchronise "
                    + "this machine's clock (NTP)";
        }
        if (m.contains("scope region") || m.contains("credential should be scoped to a valid region")) {
            return "The request was signed for a different region than the endpoint serves: leave the client's "
                    + "region unset so that the trust anchor's region is used, or make the two agree";
        }
        if (m.contains("serial number") && (m.contains("decimal") || m.contains("does not match"))) {
            return "The Credential in the Authorization header must carry the X-Amz-X509 certificate's serial number "
                    + "in decimal: something between this client and the service rewrote the request";
        }
        if (m.contains("not signed") || m.contains("must be signed") || m.contains("signedheaders")) {
            return "The signed headers do not cover what was received: a proxy or interceptor changed the request "
                    + "after it was signed; send it unmodified";
        }
        if (m.contains("revoked")) {
            return "The certificate has been revoked (a CRL imported into the trust anchor lists it): issue a new "
                    + "certificate";
        }
        if (m.contains("untrusted") || m.contains("trust anchor") || m.contains("not trusted")
                || m.contains("chain") || m.contains("issuer")) {
            return "The certificate does not chain to a CA in the trust anchor: add the issuing CA to the trust "
                    + "anchor, or send the intermediate certificates in the signer's certificate chain";
        }
        if (m.contains("expired") || m.contains("not yet valid")) {
            return "The certificate is outside its validity period: renew it, and check this machine's clock";
        }
        if (m.contains("role") && m.contains("profile")) {
            return "The role is not one of the profile's roles: add the role ARN to the profile's roleArns, or ask "
                    + "for a role the profile lists (and check the role's trust policy allows rolesanywhere.amazonaws.com)";
        }
        if (m.contains("signature")) {
            return "The signature did not verify: check that the private key belongs to the certificate, and enable "
                    + "debugLoggingEnabled(true) to compare the canonical request and string to sign with what the "
                    + "service expects";
        }
        if (statusCode == 404) {
            return "Check the trust anchor, profile and role ARNs, and that they are in the region the request "
                    + "went to";
        }
        if (statusCode == 403) {
            return "Check that the certificate chains to the trust anchor, is valid and unrevoked, that the key "
                    + "matches the certificate, that the role is in the profile, and that the clock is right";
        }
        return null;
    }

    private static JsonNode parseQuietly(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = PARSER.parse(new String(body, StandardCharsets.UTF_8));
            return node.isObject() ? node : null;
        } catch (RuntimeException e) {
            // A non-JSON error body (an HTML page from a proxy) leaves only the status to go on.
            return null;
        }
    }

    private static String firstText(JsonNode object, String... names) {
        Map<String, JsonNode> members = object.asObject();
        for (String name : names) {
            JsonNode node = members.get(name);
            if (node != null && node.isString() && !node.asString().isEmpty()) {
                return node.asString();
            }
        }
        return null;
    }

    private static String stripSuffix(String type) {
        if (type == null) {
            return null;
        }
        int colon = type.indexOf(':');
        String stripped = (colon >= 0 ? type.substring(0, colon) : type).trim();
        return stripped.isEmpty() ? null : stripped;
    }
}
