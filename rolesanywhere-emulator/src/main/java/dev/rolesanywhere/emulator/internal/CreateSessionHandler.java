package dev.rolesanywhere.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.rolesanywhere.emulator.EmulatedProfile;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

/** {@code POST {basePath}/sessions}: faults first, then authentication, authorisation and the credential set. */
public final class CreateSessionHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CreateSessionHandler.class);
    private static final int DEFAULT_DURATION_SECONDS = 3600;

    private final EmulatorState state;
    private final X509RequestVerifier verifier;
    private final String sessionsPath;

    public CreateSessionHandler(EmulatorState state) {
        this.state = state;
        this.verifier = new X509RequestVerifier(state.region, state.revokedSerials);
        this.sessionsPath = state.basePath + "/sessions";
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = state.clock.instant();
        String requestId = UUID.randomUUID().toString();
        Map<String, List<String>> headers = SigV4.lowerCaseNames(exchange.getRequestHeaders());
        LoggedRequest.Builder log = LoggedRequest.builder().requestId(requestId).receivedAt(receivedAt)
                .amzDate(X509RequestVerifier.first(headers, "x-amz-date"))
                .userAgent(X509RequestVerifier.first(headers, "user-agent"));
        describeAuthorization(X509RequestVerifier.first(headers, "authorization"), log);
        try {
            byte[] body = HttpResponses.readBody(exchange);
            FaultPlan.Decision fault = state.faults.next();
            if (fault.type() != null) {
                log.fault(fault.type());
                if (applyFault(exchange, fault, requestId, log)) {
                    return;
                }
            }
            byte[] answer = createSession(exchange, headers, body, log,
                    fault.type() == FaultType.HOSTILE_CREDENTIALS);
            state.requestLog.add(log.statusCode(201).build());
            HttpResponses.send(exchange, 201, "application/json", requestId, null, answer);
        } catch (ServiceError e) {
            LOG.debug("CreateSession {} answered {} {}: {}", requestId, e.status(), e.type(), e.getMessage());
            state.requestLog.add(log.statusCode(e.status()).errorType(e.type()).errorMessage(e.getMessage()).build());
            HttpResponses.send(exchange, e.status(), "application/json", requestId, e.type(),
                    HttpResponses.jsonError(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("CreateSession {} failed inside the emulator", requestId, e);
            String message = "Emulator bug: " + e;
            state.requestLog.add(log.statusCode(500).errorType("InternalServerException").errorMessage(message)
                    .build());
            HttpResponses.send(exchange, 500, "application/json", requestId, "InternalServerException",
                    HttpResponses.jsonError(message));
        } finally {
            exchange.close();
        }
    }

    /** Returns true when the fault fully answered the request. */
    private boolean applyFault(HttpExchange exchange, FaultPlan.Decision fault, String requestId,
            LoggedRequest.Builder log) throws IOException {
        FaultType type = fault.type();
        switch (type) {
            case DELAY:
                awaitDelay(fault.delay());
                return false;
            case DROP_CONNECTION:
                state.requestLog.add(log.statusCode(0).build());
                // Closing before any response header makes the JDK server drop the connection outright.
                exchange.close();
                return true;
            case HOSTILE_CREDENTIALS:
                // Answered by the normal path, which alters the session token it issues.
                return false;
            case MALFORMED_BODY:
                state.requestLog.add(log.statusCode(201).build());
                HttpResponses.send(exchange, 201, "application/json", requestId, null,
                        "{\"credentialSet\":[{\"credentials\":{\"accessKeyId\":\"ASIA".getBytes(
                                StandardCharsets.UTF_8));
                return true;
            default:
                throw new ServiceError(type.statusCode(), type.errorType(), type.message());
        }
    }

    private void awaitDelay(Duration delay) {
        try {
            // Waits on the close latch rather than sleeping, so closing the emulator ends the delay at once.
            state.closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private byte[] createSession(HttpExchange exchange, Map<String, List<String>> headers, byte[] body,
            LoggedRequest.Builder log, boolean hostile) {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (!sessionsPath.equals(rawPath)) {
            throw new ServiceError(404, "UnknownOperationException", "No operation at " + rawPath
                    + ": CreateSession is POST " + sessionsPath);
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new ServiceError(405, "UnknownOperationException", "CreateSession must be POST, got "
                    + exchange.getRequestMethod());
        }
        Instant now = state.clock.instant();
        X509RequestVerifier.Authenticated signer = verifier.verify(exchange.getRequestMethod(), rawPath,
                exchange.getRequestURI().getRawQuery(), headers, body, now, log);
        SessionParameters parameters = SessionParameters.parse(exchange.getRequestURI().getRawQuery(), body);
        log.trustAnchorArn(parameters.trustAnchorArn).profileArn(parameters.profileArn).roleArn(parameters.roleArn)
                .durationSeconds(parameters.durationSeconds).roleSessionName(parameters.roleSessionName);

        X509Certificate anchor = state.trustAnchors.get(parameters.trustAnchorArn);
        if (anchor == null) {
            throw ServiceError.notFound("Trust anchor " + parameters.trustAnchorArn + " not found");
        }
        String untrusted = ChainValidator.validate(signer.leaf, signer.intermediates, anchor, now);
        if (untrusted != null) {
            LOG.debug("Chain rejected for trust anchor {}: {}", parameters.trustAnchorArn, untrusted);
            throw ServiceError.accessDenied("Untrusted signing certificate: it does not chain to trust anchor "
                    + parameters.trustAnchorArn + " (" + untrusted + ")");
        }
        EmulatedProfile profile = state.profiles.get(parameters.profileArn);
        if (profile == null) {
            throw ServiceError.notFound("Profile " + parameters.profileArn + " not found");
        }
        if (!profile.roleArns().contains(parameters.roleArn)) {
            throw ServiceError.accessDenied("Role is not allowed by profile: " + parameters.roleArn
                    + " is not one of the roles of " + profile.arn());
        }
        int cap = profile.durationSeconds();
        int duration = parameters.durationSeconds != null ? parameters.durationSeconds
                : Math.min(DEFAULT_DURATION_SECONDS, cap);
        if (duration < EmulatedProfile.MIN_DURATION_SECONDS || duration > EmulatedProfile.MAX_DURATION_SECONDS) {
            throw ServiceError.validation("durationSeconds must be between 900 and 43200, got " + duration);
        }
        if (duration > cap) {
            throw ServiceError.validation("durationSeconds " + duration + " exceeds the profile's maximum of "
                    + cap);
        }
        String sessionName = parameters.roleSessionName;
        if (sessionName != null) {
            if (!Boolean.TRUE.equals(profile.acceptRoleSessionName())) {
                throw ServiceError.accessDenied("Session name not permitted: profile " + profile.arn()
                        + " does not accept roleSessionName");
            }
            if (!SessionParameters.SESSION_NAME.matcher(sessionName).matches()) {
                throw ServiceError.validation("roleSessionName must be 2 to 64 characters of letters, digits and "
                        + "+=,.@_-");
            }
        } else {
            // Without a name the service names the session after the certificate.
            sessionName = signer.leaf.getSerialNumber().toString(16);
        }
        return issue(parameters.roleArn, sessionName, duration, signer.leaf, now, log, hostile);
    }

    private byte[] issue(String roleArn, String sessionName, int durationSeconds, X509Certificate leaf,
            Instant now, LoggedRequest.Builder log, boolean hostile) {
        Duration lifetime = state.credentialLifetime != null ? state.credentialLifetime
                : Duration.ofSeconds(durationSeconds);
        Instant expiration = now.plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String account = roleArn.split(":", -1)[4];
        String assumedRoleArn = "arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + sessionName;
        String assumedRoleId = CredentialMinter.roleId(roleArn) + ":" + sessionName;
        IssuedSession session = new IssuedSession(CredentialMinter.accessKeyId(), CredentialMinter.secretAccessKey(),
                CredentialMinter.sessionToken(), expiration, roleArn, assumedRoleArn, assumedRoleId, account);
        state.sessions.put(session.accessKeyId, session);
        SecretObserver.secretAccessKey(session.secretAccessKey);
        SecretObserver.sessionToken(session.sessionToken);
        log.accessKeyId(session.accessKeyId);

        String subject = leaf.getSubjectX500Principal().getName();
        String subjectArn = "arn:aws:rolesanywhere:" + state.region + ":" + state.accountId + ":subject/"
                + UUID.nameUUIDFromBytes(subject.getBytes(StandardCharsets.UTF_8));
        JsonWriter json = JsonWriter.create();
        json.writeStartObject().writeFieldName("credentialSet").writeStartArray().writeStartObject();
        json.writeFieldName("assumedRoleUser").writeStartObject()
                .writeFieldName("arn").writeValue(assumedRoleArn)
                .writeFieldName("assumedRoleId").writeValue(assumedRoleId)
                .writeEndObject();
        json.writeFieldName("credentials").writeStartObject()
                .writeFieldName("accessKeyId").writeValue(session.accessKeyId)
                .writeFieldName("secretAccessKey").writeValue(session.secretAccessKey)
                .writeFieldName("sessionToken").writeValue(hostile
                        ? session.sessionToken + "\n" + FaultType.HOSTILE_LINE : session.sessionToken)
                .writeFieldName("expiration").writeValue(expiration.toString())
                .writeEndObject();
        json.writeFieldName("packedPolicySize").writeValue(0);
        json.writeFieldName("roleArn").writeValue(roleArn);
        json.writeFieldName("sourceIdentity").writeValue(subject);
        json.writeEndObject().writeEndArray();
        json.writeFieldName("subjectArn").writeValue(subjectArn);
        json.writeEndObject();
        return json.getBytes();
    }

    private static void describeAuthorization(String header, LoggedRequest.Builder log) {
        try {
            AuthorizationHeader authorization = AuthorizationHeader.parse(header);
            log.algorithm(authorization.algorithm()).serialNumber(authorization.credentialId())
                    .signedHeaders(authorization.signedHeaders()).signature(authorization.signature());
        } catch (IllegalArgumentException e) {
            // Logged as received; the verifier reports the problem to the client.
        }
    }
}
