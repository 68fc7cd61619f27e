package dev.rolesanywhere.emulator.internal;

import dev.rolesanywhere.emulator.LoggedRequest;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a CreateSession request: the X.509 SigV4 signature, rebuilt independently from the bytes received,
 * and the signing certificate itself (version, validity, revocation). Chain trust is checked later, once the trust
 * anchor named by the request is known.
 */
final class X509RequestVerifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String SERVICE = "rolesanywhere";

    private static final Logger LOG = LoggerFactory.getLogger(X509RequestVerifier.class);
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final String[] REQUIRED_SIGNED_HEADERS = {"host", "x-amz-date", "x-amz-x509"};

    /** The authenticated signer's certificates. */
    static final class Authenticated {
        final X509Certificate leaf;
        final List<X509Certificate> intermediates;

        Authenticated(X509Certificate leaf, List<X509Certificate> intermediates) {
            this.leaf = leaf;
            this.intermediates = intermediates;
        }
    }

    private final String region;
    private final Set<BigInteger> revokedSerials;

    X509RequestVerifier(String region, Set<BigInteger> revokedSerials) {
        this.region = region;
        this.revokedSerials = revokedSerials;
    }

    /** Verifies the request; records the rebuilt canonical request and string to sign in {@code log}. */
    Authenticated verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
            byte[] body, Instant now, LoggedRequest.Builder log) {
        AuthorizationHeader authorization;
        try {
            authorization = AuthorizationHeader.parse(first(headers, "authorization"));
        } catch (IllegalArgumentException e) {
            throw ServiceError.accessDenied(e.getMessage());
        }
        KeyKind claimed = claimedKeyKind(authorization.algorithm());

        String amzDate = first(headers, "x-amz-date");
        checkDate(amzDate, now);
        checkScope(authorization, amzDate);
        checkSignedHeaders(authorization.signedHeaders(), headers);

        X509Certificate leaf = decodeCertificate(first(headers, "x-amz-x509"), "X-Amz-X509");
        List<X509Certificate> intermediates = decodeChain(first(headers, "x-amz-x509-chain"), leaf);

        String serial = authorization.credentialId();
        if (serial.isEmpty() || !serial.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ServiceError.accessDenied("Credential serial number '" + serial + "' is not decimal: "
                    + "send the certificate's serial number in decimal digits");
        }
        if (!new BigInteger(serial).equals(leaf.getSerialNumber())) {
            throw ServiceError.accessDenied("Credential serial number " + serial
                    + " does not match the X-Amz-X509 certificate's serial number");
        }
        KeyKind actual = KeyKind.of(leaf.getPublicKey());
        if (actual != claimed) {
            throw ServiceError.accessDenied("Signing algorithm " + authorization.algorithm()
                    + " does not fit the certificate's " + actual + " key"
                    + (actual.algorithm() == null ? "" : ": use " + actual.algorithm()));
        }
        byte[] signature = SigV4.unhex(authorization.signature());
        String canonicalRequest = SigV4.canonicalRequest(method, rawPath, rawQuery, headers,
                authorization.signedHeaders(), body);
        String stringToSign = SigV4.stringToSign(authorization.algorithm(), amzDate, authorization.scope(),
                canonicalRequest);
        log.canonicalRequest(canonicalRequest).stringToSign(stringToSign);
        if (signature == null || !SignatureCheck.verify(actual, leaf.getPublicKey(), stringToSign, signature)) {
            // The canonical request holds no secret; it is what a developer needs to find a signing bug.
            LOG.debug("Invalid signature. Emulator canonical request:\n{}\nString to sign:\n{}", canonicalRequest,
                    stringToSign);
            throw ServiceError.accessDenied("Invalid signature: it does not verify over the canonical request "
                    + "rebuilt from the received method, path, query, signed headers and body (see "
                    + "requestLog().last().canonicalRequest() or the emulator's DEBUG log)");
        }

        if (leaf.getVersion() != 3) {
            throw ServiceError.accessDenied("Untrusted signing certificate: X.509 version " + leaf.getVersion()
                    + " certificates are not accepted, only version 3");
        }
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw ServiceError.accessDenied("Certificate is expired (notAfter " + leaf.getNotAfter().toInstant()
                    + ")");
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw ServiceError.accessDenied("Certificate is not yet valid (notBefore "
                    + leaf.getNotBefore().toInstant() + ")");
        }
        if (revokedSerials.contains(leaf.getSerialNumber())) {
            throw ServiceError.accessDenied("Certificate is revoked (serial " + leaf.getSerialNumber() + ")");
        }
        for (X509Certificate intermediate : intermediates) {
            if (revokedSerials.contains(intermediate.getSerialNumber())) {
                throw ServiceError.accessDenied("Untrusted signing certificate: intermediate "
                        + intermediate.getSubjectX500Principal().getName() + " is revoked");
            }
        }
        return new Authenticated(leaf, intermediates);
    }

    private static KeyKind claimedKeyKind(String algorithm) {
        for (KeyKind kind : KeyKind.values()) {
            if (algorithm.equals(kind.algorithm())) {
                return kind;
            }
        }
        throw ServiceError.accessDenied("Unsupported signing algorithm '" + algorithm + "': use "
                + "AWS4-X509-RSA-SHA256, AWS4-X509-ECDSA-SHA256 or AWS4-X509-MLDSA");
    }

    private static void checkDate(String amzDate, Instant now) {
        if (amzDate == null) {
            throw ServiceError.accessDenied("Missing X-Amz-Date header: send the signing time as yyyyMMdd'T'HHmmss'Z'");
        }
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ServiceError.accessDenied("X-Amz-Date '" + amzDate + "' is not in yyyyMMdd'T'HHmmss'Z' form "
                    + "(UTC, 24-hour clock)");
        }
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw ServiceError.accessDenied("Signature expired: X-Amz-Date " + amzDate + " is more than 5 minutes "
                    + "from the server time " + AMZ_DATE.format(LocalDateTime.ofInstant(now, ZoneOffset.UTC))
                    + "; check the client's clock and sign each attempt afresh");
        }
    }

    private void checkScope(AuthorizationHeader authorization, String amzDate) {
        if (!authorization.date().equals(amzDate.substring(0, 8))) {
            throw ServiceError.accessDenied("Credential scope date " + authorization.date()
                    + " does not match the X-Amz-Date date " + amzDate.substring(0, 8));
        }
        if (!authorization.region().equals(region)) {
            throw ServiceError.accessDenied("Credential scope region '" + authorization.region()
                    + "' is wrong: this endpoint serves '" + region + "'");
        }
        if (!SERVICE.equals(authorization.service())) {
            throw ServiceError.accessDenied("Credential scope service '" + authorization.service()
                    + "' is wrong: it must be 'rolesanywhere'");
        }
        if (!"aws4_request".equals(authorization.terminator())) {
            throw ServiceError.accessDenied("Credential scope must end with 'aws4_request', got '"
                    + authorization.terminator() + "'");
        }
    }

    private static void checkSignedHeaders(List<String> signedHeaders, Map<String, List<String>> headers) {
        String previous = null;
        for (String name : signedHeaders) {
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
                throw ServiceError.accessDenied("SignedHeaders entry '" + name + "' must be a lower-case header name");
            }
            if (previous != null && previous.compareTo(name) >= 0) {
                throw ServiceError.accessDenied("SignedHeaders must be sorted and unique; '" + name
                        + "' follows '" + previous + "'");
            }
            if (!headers.containsKey(name)) {
                throw ServiceError.accessDenied("Signed header '" + name + "' is not in the request");
            }
            previous = name;
        }
        for (String required : REQUIRED_SIGNED_HEADERS) {
            if (!signedHeaders.contains(required)) {
                throw ServiceError.accessDenied("Header '" + required + "' must be signed (add it to SignedHeaders)");
            }
        }
        if (headers.containsKey("x-amz-x509-chain") && !signedHeaders.contains("x-amz-x509-chain")) {
            throw ServiceError.accessDenied("Header 'x-amz-x509-chain' is sent but not signed: "
                    + "add it to SignedHeaders");
        }
    }

    private static X509Certificate decodeCertificate(String base64, String header) {
        if (base64 == null) {
            throw ServiceError.accessDenied("Missing " + header + " header: send the base64 DER certificate");
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64.trim());
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw ServiceError.accessDenied(header + " is not a base64-encoded DER X.509 certificate");
        }
    }

    private static List<X509Certificate> decodeChain(String header, X509Certificate leaf) {
        if (header == null || header.trim().isEmpty()) {
            return new ArrayList<>();
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (String part : header.split(",", -1)) {
            X509Certificate certificate = decodeCertificate(part, "X-Amz-X509-Chain entry");
            // Sending the leaf first is tolerated by the service; it adds nothing to the path.
            if (chain.isEmpty() && certificate.equals(leaf)) {
                continue;
            }
            chain.add(certificate);
        }
        return chain;
    }

    static String first(Map<String, List<String>> headers, String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
