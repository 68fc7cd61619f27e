package dev.rolesanywhere.emulator.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The CreateSession parameters, from the query string or the JSON body (the service accepts both). */
final class SessionParameters {
    static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    final String trustAnchorArn;
    final String profileArn;
    final String roleArn;
    final Integer durationSeconds;
    final String roleSessionName;

    private SessionParameters(String trustAnchorArn, String profileArn, String roleArn, Integer durationSeconds,
            String roleSessionName) {
        this.trustAnchorArn = trustAnchorArn;
        this.profileArn = profileArn;
        this.roleArn = roleArn;
        this.durationSeconds = durationSeconds;
        this.roleSessionName = roleSessionName;
    }

    static SessionParameters parse(String rawQuery, byte[] body) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            // Limit 0 on purpose: a trailing "&" adds no parameter (an empty one inside the query still does).
            for (String parameter : rawQuery.split("&", 0)) {
                int eq = parameter.indexOf('=');
                String name = SigV4.percentDecode(eq < 0 ? parameter : parameter.substring(0, eq));
                String value = SigV4.percentDecode(eq < 0 ? "" : parameter.substring(eq + 1));
                if (query.put(name, value) != null) {
                    throw ServiceError.validation("Query parameter '" + name + "' is repeated");
                }
            }
        }
        Map<String, JsonNode> json = new HashMap<>();
        if (body.length > 0) {
            JsonNode node;
            try {
                node = JsonNode.parser().parse(body);
            } catch (RuntimeException e) {
                throw ServiceError.validation("Request body is not valid JSON");
            }
            // The parser returns null for a body of only whitespace: no parameters, like an empty body.
            if (node != null && !node.isObject()) {
                throw ServiceError.validation("Request body must be a JSON object");
            }
            if (node != null) {
                json.putAll(node.asObject());
            }
        }
        return new SessionParameters(arn("trustAnchorArn", query, json), arn("profileArn", query, json),
                arn("roleArn", query, json), duration(json), sessionName(json));
    }

    private static String arn(String name, Map<String, String> query, Map<String, JsonNode> json) {
        String fromQuery = query.get(name);
        String fromBody = string(name, json);
        if (fromQuery != null && fromBody != null && !fromQuery.equals(fromBody)) {
            throw ServiceError.validation(name + " differs between the query string and the body; send it once");
        }
        String value = fromQuery != null ? fromQuery : fromBody;
        if (value == null || value.isEmpty()) {
            throw ServiceError.validation(name + " is required (as a query parameter or in the JSON body)");
        }
        return value;
    }

    private static String string(String name, Map<String, JsonNode> json) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ServiceError.validation(name + " must be a JSON string");
        }
        return node.asString();
    }

    private static Integer duration(Map<String, JsonNode> json) {
        JsonNode node = json.get("durationSeconds");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw ServiceError.validation("durationSeconds must be a JSON number");
        }
        try {
            return Integer.valueOf(node.asNumber());
        } catch (NumberFormatException e) {
            throw ServiceError.validation("durationSeconds must be a whole number of seconds (900..43200), got "
                    + node.asNumber());
        }
    }

    private static String sessionName(Map<String, JsonNode> json) {
        return string("roleSessionName", json);
    }
}
