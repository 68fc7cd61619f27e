package dev.rolesanywhere.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.cli.EmulatorFixture;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.cli.internal.serve.MetadataServer;
import dev.rolesanywhere.cli.internal.serve.ServedCredentials;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.testing.ScratchDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * The {@code serve} endpoints listen on loopback for any local process, well-behaved or not. Whatever arrives on the
 * socket (any method, path, header, TTL, token, proxy header, body length, or a request cut short) must get one
 * well-formed HTTP/1.1 response with a documented status, within the server's read timeout, and the server must keep
 * serving afterwards. The credentials come from a real emulator over HTTPS.
 */
class ServeEndpointFuzzTest {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) [A-Za-z ]+\r\n");
    private static final String CONTAINER_TOKEN = "container-secret-token";
    // Replaced by each server's own loopback address and port when a request is sent.
    private static final String LOOPBACK_HOST = "{loopback}";

    private static Path dir;
    private static EmulatorFixture fixture;
    private static CredentialsFetcher fetcher;
    private static CredentialsCache<ServedCredentials> cache;
    private static MetadataServer imds;
    private static MetadataServer container;
    private static String imdsToken;

    @BeforeContainer
    static void start() throws IOException {
        dir = ScratchDirectory.create("serve-fuzz-");
        fixture = EmulatorFixture.start(dir);
        fetcher = CredentialsFetcher.open(fixture.sessionSpec());
        cache = ServedCredentials.cache(fetcher, Clock.systemUTC());
        cache.get();
        String roleArn = fixture.emulator.roleArn();
        imds = MetadataServer.start(cache::get, roleArn, Clock.systemUTC(), 0, 1, null, ttl -> { });
        container = MetadataServer.start(cache::get, roleArn, Clock.systemUTC(), 0, 1, CONTAINER_TOKEN, ttl -> { });
        String tokenResponse = send(imds, "PUT /latest/api/token HTTP/1.1\r\nHost: " + LOOPBACK_HOST + "\r\n"
                + "X-aws-ec2-metadata-token-ttl-seconds: 21600\r\n\r\n");
        imdsToken = tokenResponse.substring(tokenResponse.indexOf("\r\n\r\n") + 4);
    }

    @AfterContainer
    static void stop() throws IOException {
        try {
            // After everything the properties sent, both servers still do their job.
            assertThat(send(imds, "PUT /latest/api/token HTTP/1.1\r\nHost: " + LOOPBACK_HOST + "\r\n"
                    + "X-aws-ec2-metadata-token-ttl-seconds: 60\r\n\r\n")).startsWith("HTTP/1.1 200 ");
            assertThat(send(container, "GET /credentials HTTP/1.1\r\nHost: " + LOOPBACK_HOST + "\r\nAuthorization: "
                    + CONTAINER_TOKEN + "\r\n\r\n")).startsWith("HTTP/1.1 200 ").contains("AccessKeyId");
        } finally {
            container.close();
            imds.close();
            cache.close();
            fetcher.close();
            fixture.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property
    void imds_answersAnyRequestWithOneWellFormedResponse(@ForAll("requests") String request) throws IOException {
        int status = assertWellFormed(send(imds, request), List.of(200, 400, 401, 403, 404, 405, 503));
        Statistics.collect(status);
        assertRefusalsOf(request, status);
    }

    @Property
    void container_answersAnyRequestWithOneWellFormedResponse(@ForAll("requests") String request)
            throws IOException {
        int status = assertWellFormed(send(container, request), List.of(200, 400, 401, 403, 404, 405, 503));
        Statistics.collect(status);
        assertRefusalsOf(request, status);
        if (status == 200) {
            assertThat(request).as("credentials only for the right token").contains(CONTAINER_TOKEN);
        }
    }

    /** A proxied request gets 400; one a web page could send (foreign Host, Origin, Sec-Fetch-*) gets 403. */
    private static void assertRefusalsOf(String request, int status) {
        if (!isWellFormedRequest(request)) {
            return;
        }
        String lower = request.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("\nx-forwarded-for:")) {
            assertThat(status).as("a proxied request is refused").isEqualTo(400);
        } else if (!lower.contains("\nhost: " + LOOPBACK_HOST) || lower.contains("\norigin:")
                || lower.contains("\nsec-fetch-")) {
            // 400 when the head is also malformed (a bad Content-Length): that check comes first.
            assertThat(status).as("a request a web page could make is refused").isIn(400, 403);
        }
    }

    private static int assertWellFormed(String response, List<Integer> documented) {
        Matcher m = STATUS_LINE.matcher(response);
        assertThat(m.lookingAt()).as("status line of:%n%s", response).isTrue();
        int status = Integer.parseInt(m.group(1));
        assertThat(status).isIn(documented.toArray());
        int headEnd = response.indexOf("\r\n\r\n");
        assertThat(headEnd).as("end of head").isPositive();
        Matcher length = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(response.substring(0, headEnd + 2));
        assertThat(length.find()).isTrue();
        byte[] body = response.substring(headEnd + 4).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(body).hasSize(Integer.parseInt(length.group(1)));
        return status;
    }

    private static boolean isWellFormedRequest(String request) {
        return request.matches("(?s)[A-Z]+ /\\S* HTTP/1\\.1\r\n([A-Za-z-]+: [^\r\n]*\r\n)*\r\n");
    }

    /** Sends the bytes, half-closes, and reads the whole answer; bounded by the server's own read timeout. */
    private static String send(MetadataServer server, String request) throws IOException {
        return assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout(10_000);
                String addressed = request.replace(LOOPBACK_HOST, "127.0.0.1:" + server.port());
                socket.getOutputStream().write(addressed.getBytes(StandardCharsets.ISO_8859_1));
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        });
    }

    @Provide
    Arbitrary<String> requests() {
        // Weighted towards requests that get past the request line, so every endpoint and status is reached.
        Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("GET", "PUT")),
                Tuple.of(1, Arbitraries.of("POST", "HEAD", "DELETE", "get", "OPTIONS", "CONNECT", "")),
                Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').ofMaxLength(8)));
        Arbitrary<String> path = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of("/latest/api/token",
                "/latest/meta-data/iam/security-credentials/", "/latest/meta-data/iam/security-credentials/x",
                "/credentials", "/credentials?x=1", "/", "*", "/latest/api/token/../token", "//credentials",
                "/latest/meta-data/iam/security-credentials/%2e%2e")),
                Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30).map(p -> "/" + p)));
        Arbitrary<String> version = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just("HTTP/1.1")),
                Tuple.of(1, Arbitraries.of("HTTP/1.0", "HTTP/2", "", "HTTP/1.1 x")));
        Arbitrary<String> ttl = Arbitraries.oneOf(Arbitraries.of("1", "60", "21600", "21601", "0", "-1", "",
                "99999999999", "1e3", " 60 ", "0x10"), Arbitraries.strings().ofMaxLength(6));
        Arbitrary<String> header = Arbitraries.frequencyOf(
                Tuple.of(2, ttl.map(v -> "X-aws-ec2-metadata-token-ttl-seconds: " + v)),
                Tuple.of(6, Arbitraries.just("Host: " + LOOPBACK_HOST)),
                Tuple.of(6, Arbitraries.of("X-aws-ec2-metadata-token: " + imdsToken,
                        "X-aws-ec2-metadata-token: " + imdsToken,
                        "X-aws-ec2-metadata-token: bogus", "X-Forwarded-For: 10.0.0.1",
                        "x-forwarded-for: ", "Authorization: " + CONTAINER_TOKEN, "Authorization: wrong",
                        "Authorization: " + CONTAINER_TOKEN + "x", "Content-Length: 5", "Content-Length: -1",
                        "Content-Length: 99999999999999999999", "Content-Length: 100000", "Host: 169.254.169.254",
                        "Host: localhost", "Host: attacker.example", "Origin: http://attacker.example",
                        "Sec-Fetch-Mode: cors",
                        "NoColon", ": empty name", "Transfer-Encoding: chunked")),
                Tuple.of(1, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)));
        Arbitrary<String> eol = Arbitraries.of("\r\n", "\r\n", "\r\n", "\n");
        Arbitrary<String> headers = Combinators.combine(header, eol).as((h, e) -> h + e).list().ofMaxSize(5)
                .map(l -> String.join("", l));
        Arbitrary<String> tail = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just("\r\n")),
                Tuple.of(1, Arbitraries.of("\n", "", "\r\nhello")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20).map(b -> "\r\n" + b)));
        return Combinators.combine(method, path, version, headers, tail)
                .as((m, p, v, h, t) -> m + " " + p + " " + v + "\r\n" + h + t);
    }
}
