package dev.rolesanywhere.emulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A test-side CreateSession request builder, written for these tests only and independent of the client module, with
 * knobs to break each rule the emulator enforces.
 */
final class TestCreateSessionRequest {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final RolesAnywhereEmulator emulator;
    private final HttpClient http;
    private X509Certificate certificate;
    private List<X509Certificate> chain = new ArrayList<>();
    private PrivateKey signingKey;
    private Instant signingTime = Instant.now();
    private String serial;
    private String region;
    private String algorithm;
    private String trustAnchorArn;
    private String profileArn;
    private String roleArn;
    private Integer durationSeconds;
    private String roleSessionName;
    private boolean arnsInQuery = true;
    private boolean signChainHeader = true;
    private String unsignedHeader;
    private String tamperedBody;
    private String path;
    private java.time.Duration timeout;
    private String signedBodyOverride;
    private SigningFunction signingFunction;
    private java.util.function.UnaryOperator<byte[]> signatureTransform = java.util.function.UnaryOperator.identity();

    TestCreateSessionRequest(RolesAnywhereEmulator emulator, HttpClient http, IssuedCertificate signer) {
        this.emulator = emulator;
        this.http = http;
        this.certificate = signer.certificate();
        this.chain = new ArrayList<>(signer.intermediates());
        this.signingKey = signer.privateKey();
        this.trustAnchorArn = emulator.trustAnchorArn();
        this.profileArn = emulator.profileArn();
        this.roleArn = emulator.roleArn();
        this.region = emulator.region();
        this.path = emulator.endpoint().getRawPath() + "/sessions";
    }

    TestCreateSessionRequest signingKey(PrivateKey key) {
        this.signingKey = key;
        return this;
    }

    TestCreateSessionRequest signingTime(Instant time) {
        this.signingTime = time;
        return this;
    }

    TestCreateSessionRequest serial(String serial) {
        this.serial = serial;
        return this;
    }

    TestCreateSessionRequest region(String region) {
        this.region = region;
        return this;
    }

    TestCreateSessionRequest algorithm(String algorithm) {
        this.algorithm = algorithm;
        return this;
    }

    TestCreateSessionRequest trustAnchorArn(String arn) {
        this.trustAnchorArn = arn;
        return this;
    }

    TestCreateSessionRequest profileArn(String arn) {
        this.profileArn = arn;
        return this;
    }

    TestCreateSessionRequest roleArn(String arn) {
        this.roleArn = arn;
        return this;
    }

    TestCreateSessionRequest durationSeconds(Integer seconds) {
        this.durationSeconds = seconds;
        return this;
    }

    TestCreateSessionRequest roleSessionName(String name) {
        this.roleSessionName = name;
        return this;
    }

    TestCreateSessionRequest arnsInBody() {
        this.arnsInQuery = false;
        return this;
    }

    TestCreateSessionRequest chainHeaderUnsigned() {
        this.signChainHeader = false;
        return this;
    }

    /** Sends this header but leaves it out of SignedHeaders. */
    TestCreateSessionRequest leaveUnsigned(String lowerCaseHeader) {
        this.unsignedHeader = lowerCaseHeader;
        return this;
    }

    /** Signs the normal body but sends this one. */
    TestCreateSessionRequest sendBodyInstead(String body) {
        this.tamperedBody = body;
        return this;
    }

    /** Alters the signature bytes before hex encoding (to send a wrongly encoded signature). */
    TestCreateSessionRequest signatureTransform(java.util.function.UnaryOperator<byte[]> transform) {
        this.signatureTransform = transform;
        return this;
    }

    /** Replaces the certificates sent in the X-Amz-X509-Chain header. */
    TestCreateSessionRequest chain(List<X509Certificate> certificates) {
        this.chain = new ArrayList<>(certificates);
        return this;
    }

    /** Appends certificates to the X-Amz-X509-Chain header. */
    TestCreateSessionRequest appendToChain(X509Certificate certificate) {
        this.chain.add(certificate);
        return this;
    }

    /** Produces the signature over the string to sign with something other than the JDK (openssl, say). */
    interface SigningFunction {
        byte[] sign(byte[] stringToSign) throws Exception;
    }

    TestCreateSessionRequest signingFunction(SigningFunction function) {
        this.signingFunction = function;
        return this;
    }

    /** Signs and sends exactly this body instead of the one built from the fields. */
    TestCreateSessionRequest signedBody(String body) {
        this.signedBodyOverride = body;
        return this;
    }

    TestCreateSessionRequest timeout(java.time.Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    TestCreateSessionRequest path(String path) {
        this.path = path;
        return this;
    }

    HttpResponse<String> send() throws Exception {
        String query = arnsInQuery ? "profileArn=" + enc(profileArn) + "&roleArn=" + enc(roleArn)
                + "&trustAnchorArn=" + enc(trustAnchorArn) : "";
        StringBuilder body = new StringBuilder("{");
        if (durationSeconds != null) {
            body.append("\"durationSeconds\":").append(durationSeconds);
        }
        if (!arnsInQuery) {
            appendField(body, "profileArn", profileArn);
            appendField(body, "roleArn", roleArn);
            appendField(body, "trustAnchorArn", trustAnchorArn);
        }
        if (roleSessionName != null) {
            appendField(body, "roleSessionName", roleSessionName);
        }
        body.append('}');
        String signedBody = signedBodyOverride != null ? signedBodyOverride : body.toString();

        String amzDate = AMZ_DATE.format(signingTime);
        String alg = algorithm != null ? algorithm : algorithmFor(certificate);
        Map<String, String> headers = new TreeMap<>();
        headers.put("content-type", "application/json");
        headers.put("host", "127.0.0.1:" + emulator.port());
        headers.put("x-amz-date", amzDate);
        headers.put("x-amz-x509", Base64.getEncoder().encodeToString(certificate.getEncoded()));
        if (!chain.isEmpty()) {
            List<String> encoded = new ArrayList<>();
            for (X509Certificate c : chain) {
                encoded.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            }
            headers.put("x-amz-x509-chain", String.join(",", encoded));
        }
        List<String> signed = new ArrayList<>(headers.keySet());
        if (!signChainHeader) {
            signed.remove("x-amz-x509-chain");
        }
        if (unsignedHeader != null) {
            signed.remove(unsignedHeader);
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append("POST\n").append(path).append('\n').append(query).append('\n');
        for (String name : signed) {
            canonical.append(name).append(':').append(headers.get(name)).append('\n');
        }
        canonical.append('\n').append(String.join(";", signed)).append('\n').append(sha256Hex(signedBody));
        String scope = amzDate.substring(0, 8) + "/" + region + "/rolesanywhere/aws4_request";
        String stringToSign = alg + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(canonical.toString());
        String signature = hex(signatureTransform.apply(sign(stringToSign)));
        String credentialSerial = serial != null ? serial : certificate.getSerialNumber().toString();
        String authorization = alg + " Credential=" + credentialSerial + "/" + scope + ", SignedHeaders="
                + String.join(";", signed) + ", Signature=" + signature;

        URI uri = URI.create("https://127.0.0.1:" + emulator.port() + path + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(tamperedBody != null ? tamperedBody : signedBody))
                .header("Authorization", authorization);
        if (timeout != null) {
            request.timeout(timeout);
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (!header.getKey().equals("host")) {
                request.header(header.getKey(), header.getValue());
            }
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private byte[] sign(String stringToSign) throws Exception {
        if (signingFunction != null) {
            return signingFunction.sign(stringToSign.getBytes(StandardCharsets.UTF_8));
        }
        String keyAlgorithm = signingKey.getAlgorithm();
        Signature signer;
        if (keyAlgorithm.equals("RSA")) {
            signer = Signature.getInstance("SHA256withRSA");
        } else if (keyAlgorithm.equals("EC")) {
            signer = Signature.getInstance("SHA256withECDSA");
        } else {
            signer = Signature.getInstance("ML-DSA", new BouncyCastleProvider());
        }
        signer.initSign(signingKey);
        signer.update(stringToSign.getBytes(StandardCharsets.UTF_8));
        return signer.sign();
    }

    static String algorithmFor(X509Certificate certificate) {
        String name = certificate.getPublicKey().getAlgorithm();
        if (name.equals("RSA")) {
            return "AWS4-X509-RSA-SHA256";
        }
        if (name.equals("EC")) {
            return "AWS4-X509-ECDSA-SHA256";
        }
        return "AWS4-X509-MLDSA";
    }

    private static void appendField(StringBuilder body, String name, String value) {
        if (body.length() > 1) {
            body.append(',');
        }
        body.append('"').append(name).append("\":\"").append(value).append('"');
    }

    /** ARNs hold ':' and '/', which SigV4 percent-encodes in a canonical query. */
    private static String enc(String value) {
        return value.chars().mapToObj(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '~') {
                return String.valueOf((char) c);
            }
            return String.format("%%%02X", c);
        }).collect(Collectors.joining());
    }

    private static String sha256Hex(String text) throws Exception {
        return hex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
