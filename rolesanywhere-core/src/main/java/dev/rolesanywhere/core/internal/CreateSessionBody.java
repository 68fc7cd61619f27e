package dev.rolesanywhere.core.internal;

import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** Writes the compact JSON body of a CreateSession request. */
public final class CreateSessionBody {
    private CreateSessionBody() {
    }

    /**
     * @param durationSeconds  the requested session length
     * @param roleSessionName  the session name, or {@code null} to leave it out
     * @param arns             extra string members (the ARNs, when they travel in the body); may be empty
     */
    public static byte[] write(long durationSeconds, String roleSessionName, Map<String, String> arns) {
        JsonWriter writer = JsonWriter.create();
        writer.writeStartObject();
        writer.writeFieldName("durationSeconds");
        writer.writeValue(durationSeconds);
        if (roleSessionName != null) {
            writer.writeFieldName("roleSessionName");
            writer.writeValue(roleSessionName);
        }
        for (Map.Entry<String, String> arn : arns.entrySet()) {
            writer.writeFieldName(arn.getKey());
            writer.writeValue(arn.getValue());
        }
        writer.writeEndObject();
        return writer.getBytes();
    }
}
