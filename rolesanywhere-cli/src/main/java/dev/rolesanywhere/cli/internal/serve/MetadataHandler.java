package dev.rolesanywhere.cli.internal.serve;

import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.core.SessionCredentials;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Answers metadata requests in one of two shapes: the EC2 instance metadata service (IMDSv2, token first) that the
 * SDKs' instance-profile provider reads, or the ECS container endpoint (a bearer token in {@code Authorization}) that
 * their container provider reads.
 */
final class MetadataHandler {

    static final String TOKEN_PATH = "/latest/api/token";
    static final String CREDENTIALS_PATH = "/latest/meta-data/iam/security-credentials/";
    static final String CONTAINER_PATH = "/credentials";
    static final String TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";

    private final Supplier<ServedCredentials> credentials;
    private final String roleName;
    private final ImdsTokens tokens;
    private final byte[] containerToken;
    private final LocalClientPolicy localClients;
    private final Consumer<String> errorLog;
    // The failure last written to the error log: the cache hands every caller the same instance until its next
    // attempt, so each failed refresh is logged once however many clients ask meanwhile.
    private final AtomicReference<RuntimeException> lastLogged = new AtomicReference<>();

    /**
     * @param credentials    what to hand out, or the reason there is nothing (thrown)
     * @param containerToken the bearer token of the container shape; null for the IMDS shape
     * @param port           the port this server listens on, which the {@code Host} header must name
     * @param errorLog       told why credentials could not be handed out; clients are not
     */
    MetadataHandler(Supplier<ServedCredentials> credentials, String roleArn, Clock clock, String containerToken,
            int port, Consumer<String> errorLog) {
        this.credentials = credentials;
        this.roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        this.tokens = new ImdsTokens(clock);
        this.containerToken = containerToken == null ? null : containerToken.getBytes(StandardCharsets.UTF_8);
        this.localClients = new LocalClientPolicy(port);
        this.errorLog = errorLog;
    }

    HttpMessages.Response handle(HttpMessages.Request request) {
        // A proxied request did not come from this host; IMDS refuses those so a local proxy cannot be turned on it.
        if (request.hasHeader("X-Forwarded-For")) {
            return text(400, "Requests through a proxy (X-Forwarded-For) are refused");
        }
        String refusal = localClients.refusal(request);
        if (refusal != null) {
            return text(403, refusal);
        }
        String path = stripQuery(request.path);
        return containerToken != null ? container(request, path) : imds(request, path);
    }

    private HttpMessages.Response imds(HttpMessages.Request request, String path) {
        if (path.equals(TOKEN_PATH) || path.equals(TOKEN_PATH + "/")) {
            if (!request.method.equals("PUT")) {
                return text(405, "Use PUT to obtain a token").header("Allow", "PUT");
            }
            return issueToken(request.header(TTL_HEADER));
        }
        if (!request.method.equals("GET")) {
            return text(405, "Only GET is supported here").header("Allow", "GET");
        }
        if (!tokens.isValid(request.header(TOKEN_HEADER))) {
            return text(401, "A valid " + TOKEN_HEADER + " header is required (PUT " + TOKEN_PATH + " first)");
        }
        if (path.equals(CREDENTIALS_PATH) || path.equals(CREDENTIALS_PATH.substring(0, CREDENTIALS_PATH.length() - 1))) {
            return text(200, roleName);
        }
        if (path.equals(CREDENTIALS_PATH + roleName) || path.equals(CREDENTIALS_PATH + roleName + "/")) {
            return credentials(false);
        }
        return text(404, "Not found");
    }

    private HttpMessages.Response issueToken(String ttlHeader) {
        int ttl;
        try {
            // Without the header, the reference tool's default lifetime rather than a refusal.
            ttl = ttlHeader == null ? ImdsTokens.MAX_TTL_SECONDS : Integer.parseInt(ttlHeader.trim());
        } catch (NumberFormatException e) {
            ttl = -1;
        }
        if (ttl < 1 || ttl > ImdsTokens.MAX_TTL_SECONDS) {
            return text(400, TTL_HEADER + " must be a number of seconds from 1 to " + ImdsTokens.MAX_TTL_SECONDS);
        }
        return text(200, tokens.issue(ttl)).header(TTL_HEADER, Integer.toString(ttl));
    }

    private HttpMessages.Response container(HttpMessages.Request request, String path) {
        if (!request.method.equals("GET")) {
            return text(405, "Only GET is supported here").header("Allow", "GET");
        }
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return text(401, "The Authorization header is required (AWS_CONTAINER_AUTHORIZATION_TOKEN)");
        }
        if (!MessageDigest.isEqual(containerToken, authorization.getBytes(StandardCharsets.UTF_8))) {
            return text(403, "The Authorization header does not match AWS_CONTAINER_AUTHORIZATION_TOKEN");
        }
        if (!path.equals(CONTAINER_PATH)) {
            return text(404, "Not found; credentials are at " + CONTAINER_PATH);
        }
        return credentials(true);
    }

    private HttpMessages.Response credentials(boolean containerShape) {
        ServedCredentials served;
        try {
            served = credentials.get();
        } catch (RuntimeException e) {
            // Never empty or expired credentials: the SDKs retry a 503, and fall back to their cached set meanwhile.
            // Why is for the operator, not for every holder of a token: it names files, endpoints and ARNs.
            if (lastLogged.getAndSet(e) != e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                errorLog.accept("Credentials could not be refreshed; clients get 503 until they are: "
                        + reason.replaceAll("[\\r\\n]+", " "));
            }
            return new HttpMessages.Response(503, "application/json", Json.object(Map.of("Code", "Unavailable",
                    "Message", "Credentials could not be refreshed; the serve process's log says why")))
                    .header("Retry-After", "5");
        }
        SessionCredentials c = served.credentials();
        Map<String, Object> body = new LinkedHashMap<>();
        if (!containerShape) {
            body.put("Code", "Success");
            body.put("LastUpdated", timestamp(served.fetchedAt()));
            body.put("Type", "AWS-HMAC");
        }
        body.put("AccessKeyId", c.accessKeyId());
        body.put("SecretAccessKey", c.secretAccessKey());
        body.put("Token", c.sessionToken());
        body.put("Expiration", timestamp(c.expiration()));
        if (containerShape) {
            body.put("RoleArn", c.roleArn());
            c.accountId().ifPresent(account -> body.put("AccountId", account));
        }
        return new HttpMessages.Response(200, "application/json", Json.object(body));
    }

    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static HttpMessages.Response text(int status, String body) {
        return new HttpMessages.Response(status, "text/plain; charset=utf-8", body);
    }
}
