package dev.rolesanywhere.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for AWS Secrets Manager's GetSecretValue, enough for Spring Cloud AWS: it answers one secret
 * and records the access key id each request was signed with, so a test can check that the credentials came from the
 * emulator's CreateSession. (The emulator verifies SigV4 signatures for STS; this stand-in only reads the key id.)
 */
final class SecretsManagerStandIn implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

    private final HttpServer server;
    private final List<String> accessKeyIds = new CopyOnWriteArrayList<>();

    SecretsManagerStandIn(String secretName, String secretJson) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try {
                exchange.getRequestBody().readAllBytes();
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                Matcher m = CREDENTIAL.matcher(authorization == null ? "" : authorization);
                if (m.find()) {
                    accessKeyIds.add(m.group(1));
                }
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                byte[] body;
                int status;
                if ("secretsmanager.GetSecretValue".equals(target)) {
                    status = 200;
                    body = ("{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:" + secretName
                            + "-AbCdEf\",\"Name\":\"" + secretName + "\",\"VersionId\":\"v1\",\"SecretString\":"
                            + quoted(secretJson) + ",\"CreatedDate\":1.7E9}").getBytes(StandardCharsets.UTF_8);
                } else {
                    status = 400;
                    body = "{\"__type\":\"InvalidRequestException\",\"message\":\"not supported\"}"
                            .getBytes(StandardCharsets.UTF_8);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The access key ids of the requests received so far, in order. */
    List<String> accessKeyIds() {
        return accessKeyIds;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
