package dev.rolesanywhere.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** Writing answers and reading bodies over {@link HttpExchange}. */
final class HttpResponses {
    /** Larger bodies are refused: no CreateSession or GetCallerIdentity body comes close. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private HttpResponses() {
    }

    static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] buffer = new byte[8192];
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                if (out.size() > MAX_BODY_BYTES) {
                    throw new ServiceError(413, "ValidationException", "Request body is larger than 1 MiB");
                }
            }
            return out.toByteArray();
        }
    }

    static void send(HttpExchange exchange, int status, String contentType, String requestId, String errorType,
            byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static byte[] jsonError(String message) {
        JsonWriter writer = JsonWriter.create();
        writer.writeStartObject().writeFieldName("message").writeValue(message).writeEndObject();
        return writer.getBytes();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
