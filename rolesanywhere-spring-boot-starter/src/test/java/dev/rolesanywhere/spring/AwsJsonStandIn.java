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
 * A loopback stand-in for one operation of an AWS JSON-protocol service (Secrets Manager's GetSecretValue, Systems
 * Manager's GetParametersByPath), enough for Spring Cloud AWS's config import: it answers that operation with a fixed
 * body and records the access key id each request was signed with, so a test can check that the credentials came from
 * the emulator's CreateSession. (The emulator verifies SigV4 signatures for STS; this stand-in only reads the key id.)
 */
final class AwsJsonStandIn implements AutoCloseable {
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Z0-9]+)/");

    private final HttpServer server;
    private final List<String> accessKeyIds = new CopyOnWriteArrayList<>();

    /** Secrets Manager holding one secret whose value is {@code secretJson}. */
    static AwsJsonStandIn secretsManager(String secretName, String secretJson) {
        return new AwsJsonStandIn("secretsmanager.GetSecretValue",
                "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:" + secretName + "-AbCdEf\",\"Name\":\""
                        + secretName + "\",\"VersionId\":\"v1\",\"SecretString\":" + quoted(secretJson)
                        + ",\"CreatedDate\":1.7E9}");
    }

    /** Parameter Store holding one String parameter, answered to any path (Spring Cloud AWS asks by path). */
    static AwsJsonStandIn parameterStore(String parameterName, String value) {
        return new AwsJsonStandIn("AmazonSSM.GetParametersByPath",
                "{\"Parameters\":[{\"Name\":" + quoted(parameterName) + ",\"Type\":\"String\",\"Value\":"
                        + quoted(value) + ",\"Version\":1}]}");
    }

    private AwsJsonStandIn(String operation, String answer) {
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
                if (operation.equals(target)) {
                    status = 200;
                    body = answer.getBytes(StandardCharsets.UTF_8);
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
