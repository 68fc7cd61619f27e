package dev.rolesanywhere.emulator;

import java.net.http.HttpResponse;
import java.time.Instant;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The interesting parts of a 201 CreateSession answer, read with a JSON parser. */
final class IssuedCredentials {
    final String accessKeyId;
    final String secretAccessKey;
    final String sessionToken;
    final Instant expiration;
    final String expirationText;
    final String roleArn;
    final String assumedRoleArn;
    final String assumedRoleId;
    final String sourceIdentity;
    final String subjectArn;

    private IssuedCredentials(JsonNode root) {
        JsonNode set = root.field("credentialSet").get().index(0).get();
        JsonNode credentials = set.field("credentials").get();
        accessKeyId = credentials.field("accessKeyId").get().asString();
        secretAccessKey = credentials.field("secretAccessKey").get().asString();
        sessionToken = credentials.field("sessionToken").get().asString();
        expirationText = credentials.field("expiration").get().asString();
        expiration = Instant.parse(expirationText);
        roleArn = set.field("roleArn").get().asString();
        assumedRoleArn = set.field("assumedRoleUser").get().field("arn").get().asString();
        assumedRoleId = set.field("assumedRoleUser").get().field("assumedRoleId").get().asString();
        sourceIdentity = set.field("sourceIdentity").get().asString();
        subjectArn = root.field("subjectArn").get().asString();
    }

    static IssuedCredentials from(HttpResponse<String> response) {
        if (response.statusCode() != 201) {
            throw new AssertionError("Expected 201, got " + response.statusCode() + ": " + response.body());
        }
        return new IssuedCredentials(JsonNode.parser().parse(response.body()));
    }
}
