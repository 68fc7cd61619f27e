package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.SessionCredentials;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON document the AWS SDKs and CLI expect from a {@code credential_process}, field order as documented. */
public final class CredentialProcessOutput {

    private CredentialProcessOutput() {
    }

    public static String json(SessionCredentials credentials) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Version", 1);
        fields.put("AccessKeyId", credentials.accessKeyId());
        fields.put("SecretAccessKey", credentials.secretAccessKey());
        fields.put("SessionToken", credentials.sessionToken());
        fields.put("Expiration", credentials.expiration().truncatedTo(ChronoUnit.SECONDS).toString());
        String json = Json.object(fields);
        StartupTrace.mark("json");
        return json;
    }
}
