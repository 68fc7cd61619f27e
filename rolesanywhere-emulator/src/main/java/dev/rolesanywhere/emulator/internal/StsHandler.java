package dev.rolesanywhere.emulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal STS: {@code GetCallerIdentity} signed with SigV4 HMAC-SHA256 using credentials this emulator issued.
 * It proves end to end that a client's credentials are the ones CreateSession returned and are usable by an SDK.
 */
public final class StsHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StsHandler.class);
    private static final String XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private final EmulatorState state;

    public StsHandler(EmulatorState state) {
        this.state = state;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try {
            byte[] body = HttpResponses.readBody(exchange);
            if (!"POST".equals(exchange.getRequestMethod())) {
                throw stsError(400, "InvalidAction", "Only POST with a form body is supported");
            }
            Map<String, List<String>> headers = SigV4.lowerCaseNames(exchange.getRequestHeaders());
            IssuedSession session = authenticate(exchange, headers, body);
            Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
            if (!"GetCallerIdentity".equals(form.get("Action"))) {
                throw stsError(400, "InvalidAction", "Action '" + form.get("Action")
                        + "' is not supported by the emulator: only GetCallerIdentity");
            }
            String xml = "<GetCallerIdentityResponse xmlns=\"" + XMLNS + "\">"
                    + "<GetCallerIdentityResult>"
                    + "<Arn>" + xmlEscape(session.assumedRoleArn) + "</Arn>"
                    + "<UserId>" + xmlEscape(session.assumedRoleId) + "</UserId>"
                    + "<Account>" + session.accountId + "</Account>"
                    + "</GetCallerIdentityResult>"
                    + "<ResponseMetadata><RequestId>" + requestId + "</RequestId></ResponseMetadata>"
                    + "</GetCallerIdentityResponse>";
            HttpResponses.send(exchange, 200, "text/xml", requestId, null, HttpResponses.utf8(xml));
        } catch (ServiceError e) {
            LOG.debug("STS {} answered {} {}: {}", requestId, e.status(), e.type(), e.getMessage());
            String xml = "<ErrorResponse xmlns=\"" + XMLNS + "\"><Error><Type>Sender</Type>"
                    + "<Code>" + e.type() + "</Code><Message>" + xmlEscape(e.getMessage()) + "</Message></Error>"
                    + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
            HttpResponses.send(exchange, e.status(), "text/xml", requestId, null, HttpResponses.utf8(xml));
        } finally {
            exchange.close();
        }
    }

    private IssuedSession authenticate(HttpExchange exchange, Map<String, List<String>> headers, byte[] body) {
        AuthorizationHeader authorization;
        try {
            authorization = AuthorizationHeader.parse(X509RequestVerifier.first(headers, "authorization"));
        } catch (IllegalArgumentException e) {
            throw stsError(403, "IncompleteSignature", e.getMessage());
        }
        if (!"AWS4-HMAC-SHA256".equals(authorization.algorithm())) {
            throw stsError(403, "IncompleteSignature", "Unsupported algorithm "
                    + authorization.algorithm() + ": STS requires AWS4-HMAC-SHA256");
        }
        IssuedSession session = state.sessions.get(authorization.credentialId());
        if (session == null) {
            throw stsError(403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
        String token = X509RequestVerifier.first(headers, "x-amz-security-token");
        if (token == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                session.sessionToken.getBytes(StandardCharsets.UTF_8))) {
            throw stsError(403, "InvalidClientTokenId",
                    "The security token included in the request is invalid.");
        }
        Instant now = state.clock.instant();
        if (!now.isBefore(session.expiration)) {
            throw stsError(403, "ExpiredToken", "The security token included in the request is expired");
        }
        if (!authorization.signedHeaders().contains("x-amz-security-token")) {
            throw stsError(403, "SignatureDoesNotMatch", "x-amz-security-token must be signed");
        }
        String amzDate = X509RequestVerifier.first(headers, "x-amz-date");
        checkDate(amzDate, now);
        if (!authorization.date().equals(amzDate.substring(0, 8)) || !"sts".equals(authorization.service())
                || !"aws4_request".equals(authorization.terminator())
                || !(authorization.region().equals(state.region) || "us-east-1".equals(authorization.region()))) {
            throw stsError(403, "SignatureDoesNotMatch", "Credential should be scoped to a valid region "
                    + "and service 'sts': got " + authorization.scope());
        }
        for (String name : authorization.signedHeaders()) {
            if (!headers.containsKey(name)) {
                throw stsError(403, "SignatureDoesNotMatch", "Signed header '" + name
                        + "' is not in the request");
            }
        }
        String canonical = SigV4.canonicalRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, authorization.signedHeaders(), body);
        String stringToSign = SigV4.stringToSign("AWS4-HMAC-SHA256", amzDate, authorization.scope(), canonical);
        byte[] expected = hmacSignature(session.secretAccessKey, authorization, stringToSign);
        byte[] provided = SigV4.unhex(authorization.signature());
        if (provided == null || !MessageDigest.isEqual(expected, provided)) {
            // The session token is a secret and sits in the canonical headers: never log it.
            LOG.debug("STS signature mismatch. Canonical request:\n{}",
                    canonical.replaceAll("(?m)^x-amz-security-token:.*$", "x-amz-security-token:<redacted>"));
            throw stsError(403, "SignatureDoesNotMatch", "The request signature we calculated does not "
                    + "match the signature you provided. Check your AWS Secret Access Key and signing method.");
        }
        return session;
    }

    private static byte[] hmacSignature(String secret, AuthorizationHeader authorization, String stringToSign) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), authorization.date());
        key = hmac(key, authorization.region());
        key = hmac(key, authorization.service());
        key = hmac(key, authorization.terminator());
        return hmac(key, stringToSign);
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static void checkDate(String amzDate, Instant now) {
        if (amzDate == null) {
            throw stsError(403, "IncompleteSignature", "Missing X-Amz-Date header");
        }
        try {
            Instant signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
            if (Duration.between(signedAt, now).abs().compareTo(X509RequestVerifier.MAX_SKEW) > 0) {
                throw stsError(403, "SignatureDoesNotMatch", "Signature expired: " + amzDate
                        + " is more than 5 minutes from the server time");
            }
        } catch (DateTimeParseException e) {
            throw stsError(403, "IncompleteSignature", "X-Amz-Date is not yyyyMMdd'T'HHmmss'Z'");
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = SigV4.percentDecode((eq < 0 ? pair : pair.substring(0, eq)).replace('+', ' '));
            String value = SigV4.percentDecode((eq < 0 ? "" : pair.substring(eq + 1)).replace('+', ' '));
            form.put(name, value);
        }
        return form;
    }

    private static ServiceError stsError(int status, String code, String message) {
        return new ServiceError(status, code, message);
    }

    private static String xmlEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
