package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs a CreateSession request the Roles Anywhere way: SigV4 canonicalisation, with the string to sign signed by the
 * certificate's private key instead of an HMAC key. Stateless; one call signs one attempt.
 */
public final class X509RequestSigner {
    /** The only method CreateSession accepts. */
    static final String METHOD = "POST";
    static final String SERVICE = "rolesanywhere";
    static final String CONTENT_TYPE = "application/json";

    // "HH", not "hh": a 12-hour clock produces dates the service rejects every afternoon.
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SCOPE_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withZone(ZoneOffset.UTC);

    private X509RequestSigner() {
    }

    /**
     * Signs one attempt.
     *
     * @param signer      the snapshot from {@link Signer#current()} for this attempt: certificate, chain, algorithm and
     *                    signature all come from it
     * @param time        the signing time, written into {@code X-Amz-Date} and the credential scope
     * @param endpoint    where the request goes and which region signs
     * @param queryParams raw (unencoded) query parameters; empty when the ARNs travel in the body
     * @param body        the exact body bytes that will be sent
     */
    public static SignedRequest sign(Signer signer, Instant time, ResolvedEndpoint endpoint,
            Map<String, String> queryParams, byte[] body) {
        X509Certificate certificate = signer.certificate();
        if (certificate == null) {
            throw new KeySourceException("The signer returned no certificate: a certificate is required to sign "
                    + "CreateSession requests");
        }
        SigningAlgorithm algorithm = signer.algorithm();
        String amzDate = AMZ_DATE.format(time);
        String scope = SCOPE_DATE.format(time) + "/" + endpoint.signingRegion() + "/" + SERVICE + "/aws4_request";

        // Sorted by lower-case name; this is also the order they are sent in, which keeps debugging output readable.
        TreeMap<String, String> signed = new TreeMap<>();
        signed.put("content-type", CONTENT_TYPE);
        signed.put("host", endpoint.hostHeader());
        signed.put("x-amz-date", amzDate);
        signed.put("x-amz-x509", base64Der(certificate));
        List<X509Certificate> chain = signer.certificateChain();
        if (chain != null && !chain.isEmpty()) {
            List<String> encoded = new ArrayList<>(chain.size());
            for (X509Certificate c : chain) {
                encoded.add(base64Der(c));
            }
            signed.put("x-amz-x509-chain", String.join(",", encoded));
        }

        String canonicalQuery = canonicalQueryString(queryParams);
        StringBuilder canonicalHeaders = new StringBuilder();
        for (Map.Entry<String, String> h : signed.entrySet()) {
            canonicalHeaders.append(h.getKey()).append(':')
                    .append(SigV4Encoding.canonicalHeaderValue(h.getValue())).append('\n');
        }
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = METHOD + "\n"
                + endpoint.canonicalUri() + "\n"
                + canonicalQuery + "\n"
                + canonicalHeaders + "\n"
                + signedHeaders + "\n"
                + SigV4Encoding.hex(SigV4Encoding.sha256(body));
        String stringToSign = algorithm.headerValue() + "\n"
                + amzDate + "\n"
                + scope + "\n"
                + SigV4Encoding.hex(SigV4Encoding.sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));

        byte[] signatureBytes = signer.sign(stringToSign.getBytes(StandardCharsets.UTF_8));
        if (signatureBytes == null || signatureBytes.length == 0) {
            throw new SigningException("The signer returned an empty signature");
        }
        String signature = SigV4Encoding.hex(signatureBytes);
        String authorization = algorithm.headerValue()
                + " Credential=" + certificate.getSerialNumber().toString() + "/" + scope
                + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", signed.get("content-type"));
        headers.put("Host", signed.get("host"));
        headers.put("X-Amz-Date", amzDate);
        headers.put("X-Amz-X509", signed.get("x-amz-x509"));
        if (signed.containsKey("x-amz-x509-chain")) {
            headers.put("X-Amz-X509-Chain", signed.get("x-amz-x509-chain"));
        }
        headers.put("Authorization", authorization);
        return new SignedRequest(headers, canonicalQuery, canonicalRequest, stringToSign, signature);
    }

    /** Names and values SigV4-encoded, sorted by encoded name then value, joined with {@code &}. */
    static String canonicalQueryString(Map<String, String> params) {
        TreeMap<String, String> encoded = new TreeMap<>();
        for (Map.Entry<String, String> p : params.entrySet()) {
            encoded.put(SigV4Encoding.uriEncode(p.getKey()), SigV4Encoding.uriEncode(p.getValue()));
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> p : encoded.entrySet()) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(p.getKey()).append('=').append(p.getValue());
        }
        return out.toString();
    }

    private static String base64Der(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new KeySourceException("The certificate " + certificate.getSubjectX500Principal()
                    + " cannot be DER-encoded: " + e.getMessage(), e);
        }
    }
}
