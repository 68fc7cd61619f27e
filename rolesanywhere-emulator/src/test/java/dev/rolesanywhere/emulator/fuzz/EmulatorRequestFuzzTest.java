package dev.rolesanywhere.emulator.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The emulator stands in for the service in other modules' tests and in demos, so a malformed request must be told
 * what is wrong (a 4xx with a JSON message), never answered with a 500 from an exception: a 500 is reserved for
 * injected faults, and none are injected here. Requests go over real HTTPS to a running emulator.
 */
class EmulatorRequestFuzzTest {

    private static RolesAnywhereEmulator emulator;
    private static HttpClient http;
    private static String certificate;

    @BeforeContainer
    static void start() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        certificate = Base64.getEncoder().encodeToString(ca.issueClientCertificate().certificate().getEncoded());
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start();
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(emulator.trustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterContainer
    static void stop() {
        emulator.close();
    }

    @Property
    void anyCreateSessionRequest_getsAClientErrorWithAMessage_neverA500(@ForAll("requests") Request request)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(emulator.endpoint()),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        Statistics.collect(response.statusCode());
        assertThat(response.statusCode()).as("status for %s; body %s", request, response.body()).isBetween(400, 499);
        assertThat(response.body()).as("error body").contains("message");
    }

    /** One request: method, path and query, headers, body. */
    static final class Request {
        final String method;
        final String pathAndQuery;
        final List<String[]> headers;
        final String body;

        Request(String method, String pathAndQuery, List<String[]> headers, String body) {
            this.method = method;
            this.pathAndQuery = pathAndQuery;
            this.headers = headers;
            this.body = body;
        }

        HttpRequest build(URI endpoint) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint.toString().replaceAll("/$", "")
                    + pathAndQuery)).timeout(Duration.ofSeconds(20))
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            for (String[] h : headers) {
                b.header(h[0], h[1]);
            }
            return b.build();
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(method).append(' ').append(pathAndQuery);
            for (String[] h : headers) {
                s.append(" | ").append(h[0]).append(": ").append(h[1]);
            }
            return s.append(" | body ").append(body).toString();
        }
    }

    @Provide
    Arbitrary<Request> requests() throws CertificateEncodingException {
        Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("POST")),
                Tuple.of(1, Arbitraries.of("GET", "PUT", "DELETE", "PATCH")));
        Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.of("", "?", "?a=b", "?a", "?=",
                "?durationSeconds=x", "?&&", "?a=b&a=c", "?%41=%42"),
                Arbitraries.strings().withCharRange('!', '~').excludeChars('#').ofMaxLength(20).map(q -> "?" + q)
                        .filter(EmulatorRequestFuzzTest::isValidUriQuery));
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("/sessions")),
                Tuple.of(1, Arbitraries.of("/", "/session", "/sessions/", "/sessions/x")));
        Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)
                .map(String::trim);
        Arbitrary<String> credential = Arbitraries.of("", "x", "123/20260101/us-east-1/rolesanywhere/aws4_request",
                "123/20260101/us-east-1/rolesanywhere", "/////", "999999999999999999999999/20260101/a/b/c",
                "-1/2026/us-east-1/rolesanywhere/aws4_request");
        Arbitrary<String> authorization = Arbitraries.oneOf(printable,
                Combinators.combine(Arbitraries.of("AWS4-X509-RSA-SHA256", "AWS4-X509-ECDSA-SHA256", "AWS4-HMAC-SHA256",
                        "AWS4-X509-MLDSA", ""), credential, Arbitraries.of("host;x-amz-date;x-amz-x509", "", ";;",
                        "host", "content-type;host;x-amz-date;x-amz-x509"), Arbitraries.of("00", "zz", "", "abcd"))
                        .as((alg, cred, signed, sig) -> alg + " Credential=" + cred + ", SignedHeaders=" + signed
                                + ", Signature=" + sig),
                Arbitraries.of("AWS4-X509-RSA-SHA256", "AWS4-X509-RSA-SHA256 Credential=", "Credential=,,,",
                        "AWS4-X509-RSA-SHA256 Credential=a, Credential=b"));
        Arbitrary<String[]> header = Arbitraries.oneOf(
                authorization.map(a -> new String[] {"Authorization", a}),
                Arbitraries.of("20260101T000000Z", "2026", "", "99999999T999999Z", "20261129T120000Z")
                        .map(d -> new String[] {"X-Amz-Date", d}),
                Arbitraries.of(certificate, "", "AAAA", "!!!", certificate.substring(0, certificate.length() / 2))
                        .map(c -> new String[] {"X-Amz-X509", c}),
                Arbitraries.of(certificate + "," + certificate, ",", "AAAA,BBBB")
                        .map(c -> new String[] {"X-Amz-X509-Chain", c}),
                Arbitraries.of("application/json", "text/plain", "", "application/json; charset=latin1")
                        .map(c -> new String[] {"Content-Type", c}));
        Arbitrary<List<String[]>> headers = header.list().ofMaxSize(6).map(ArrayList::new);
        Arbitrary<String> body = Arbitraries.oneOf(Arbitraries.of("", "{}", "[]", "null", "{\"durationSeconds\":"
                + "\"x\"}", "{\"durationSeconds\":1e309}", "{\"durationSeconds\":-1}", "{\"profileArn\":5}",
                "{\"trustAnchorArn\":\"arn:aws:rolesanywhere:us-east-1:1:trust-anchor/x\",\"profileArn\":\"x\","
                        + "\"roleArn\":\"y\"}", "{", "\"\"", " ", "{\"a\":" + "[".repeat(5000) + "}"),
                Arbitraries.strings().ofMaxLength(30));
        return Combinators.combine(method, path, query, headers, body)
                .as((m, p, q, h, b) -> new Request(m, p + q, h, b));
    }

    private static boolean isValidUriQuery(String query) {
        try {
            URI.create("https://h" + query);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
