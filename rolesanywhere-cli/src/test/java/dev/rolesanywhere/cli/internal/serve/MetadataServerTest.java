package dev.rolesanywhere.cli.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.EmulatorFixture;
import dev.rolesanywhere.cli.TestContexts;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/** The metadata server with real credentials from the emulator, read by the SDK's own providers and by raw HTTP. */
class MetadataServerTest {

    private static final int HOP_LIMIT = 3;

    @TempDir
    Path dir;

    private EmulatorFixture fixture;
    private RolesAnywhereEmulator emulator;
    private CredentialsFetcher fetcher;
    private CredentialsCache<ServedCredentials> cache;
    private MutableClock clock;
    private final List<Integer> ttls = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        fixture = EmulatorFixture.start(dir);
        emulator = fixture.emulator;
        clock = new MutableClock(Instant.now());
        fetcher = CredentialsFetcher.open(fixture.sessionSpec());
        cache = ServedCredentials.cache(fetcher, clock);
        cache.get();
    }

    @AfterEach
    void stop() {
        cache.close();
        fetcher.close();
        fixture.close();
    }

    private final List<String> errorLog = new CopyOnWriteArrayList<>();

    private MetadataServer server(String containerToken) {
        return MetadataServer.start(cache::get, emulator.roleArn(), clock, 0, HOP_LIMIT, containerToken, ttls::add,
                errorLog::add);
    }

    @Test
    void instanceProfileProvider_getsCredentialsThatStsAccepts_andEveryConnectionCarriesTheHopLimit() {
        try (MetadataServer server = server(null)) {
            String previous = System.getProperty("aws.ec2MetadataServiceEndpoint");
            System.setProperty("aws.ec2MetadataServiceEndpoint", "http://127.0.0.1:" + server.port());
            try (InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.create()) {
                AwsCredentials credentials = provider.resolveCredentials();
                assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
                assertThat(callerArn(credentials)).contains(":assumed-role/");
            } finally {
                if (previous == null) {
                    System.clearProperty("aws.ec2MetadataServiceEndpoint");
                } else {
                    System.setProperty("aws.ec2MetadataServiceEndpoint", previous);
                }
            }
        }
        assertThat(ttls).isNotEmpty().containsOnly(HOP_LIMIT);
    }

    @Test
    void containerProvider_getsCredentialsThatStsAccepts() {
        try (MetadataServer server = server("s3cr3t-bearer")) {
            System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + server.port() + "/credentials");
            System.setProperty("aws.containerAuthorizationToken", "s3cr3t-bearer");
            try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
                assertThat(callerArn(provider.resolveCredentials())).contains(":assumed-role/");
            } finally {
                System.clearProperty("aws.containerCredentialsFullUri");
                System.clearProperty("aws.containerAuthorizationToken");
            }
        }
    }

    @Test
    void tokenRules_followImdsV2() throws Exception {
        try (MetadataServer server = server(null)) {
            String base = "http://127.0.0.1:" + server.port();
            assertThat(send(put(base + "/latest/api/token")).headers().firstValue(MetadataHandler.TTL_HEADER))
                    .as("no TTL header: the reference's default").contains("21600");
            assertThat(send(put(base + "/latest/api/token").header(MetadataHandler.TTL_HEADER, "0")).statusCode())
                    .isEqualTo(400);
            assertThat(send(put(base + "/latest/api/token").header(MetadataHandler.TTL_HEADER, "21601")).statusCode())
                    .isEqualTo(400);
            assertThat(send(put(base + "/latest/api/token").header(MetadataHandler.TTL_HEADER, "ten")).statusCode())
                    .isEqualTo(400);
            assertThat(send(put(base + "/latest/api/token").header(MetadataHandler.TTL_HEADER, "60")
                    .header("X-Forwarded-For", "10.0.0.1")).statusCode()).isEqualTo(400);
            assertThat(send(HttpRequest.newBuilder(URI.create(base + "/latest/api/token"))).statusCode()).isEqualTo(405);

            HttpResponse<String> issued = send(put(base + "/latest/api/token").header(MetadataHandler.TTL_HEADER, "60"));
            assertThat(issued.statusCode()).isEqualTo(200);
            String token = issued.body();
            assertThat(issued.headers().firstValue(MetadataHandler.TTL_HEADER)).contains("60");

            String list = base + MetadataHandler.CREDENTIALS_PATH;
            assertThat(send(get(list)).statusCode()).isEqualTo(401);
            assertThat(send(get(list).header(MetadataHandler.TOKEN_HEADER, "not-a-token")).statusCode()).isEqualTo(401);
            HttpResponse<String> roles = send(get(list).header(MetadataHandler.TOKEN_HEADER, token));
            assertThat(roles.statusCode()).isEqualTo(200);
            String role = emulator.roleArn().substring(emulator.roleArn().lastIndexOf('/') + 1);
            assertThat(roles.body()).isEqualTo(role);
            assertThat(send(get(list + "other-role").header(MetadataHandler.TOKEN_HEADER, token)).statusCode())
                    .isEqualTo(404);
            assertThat(send(get(list + role).header(MetadataHandler.TOKEN_HEADER, token)
                    .header("X-Forwarded-For", "10.0.0.1")).statusCode()).isEqualTo(400);

            HttpResponse<String> credentials = send(get(list + role).header(MetadataHandler.TOKEN_HEADER, token));
            assertThat(credentials.statusCode()).isEqualTo(200);
            JsonNode json = JsonNode.parser().parse(credentials.body());
            assertThat(json.asObject().keySet()).containsExactly("Code", "LastUpdated", "Type", "AccessKeyId",
                    "SecretAccessKey", "Token", "Expiration");
            assertThat(json.field("Code").get().asString()).isEqualTo("Success");
            assertThat(json.field("Type").get().asString()).isEqualTo("AWS-HMAC");
            assertThat(Instant.parse(json.field("Expiration").get().asString())).isAfter(clock.instant());

            clock.advance(Duration.ofSeconds(61));
            assertThat(send(get(list).header(MetadataHandler.TOKEN_HEADER, token)).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void whenNoValidCredentialsRemain_answers503_neverExpiredOnes() throws Exception {
        try (MetadataServer server = server(null)) {
            String base = "http://127.0.0.1:" + server.port();
            String token = send(put(base + "/latest/api/token").header(MetadataHandler.TTL_HEADER, "21600")).body();
            String role = emulator.roleArn().substring(emulator.roleArn().lastIndexOf('/') + 1);
            String url = base + MetadataHandler.CREDENTIALS_PATH + role;
            String accessKeyId = JsonNode.parser().parse(send(get(url).header(MetadataHandler.TOKEN_HEADER, token)).body())
                    .field("AccessKeyId").get().asString();

            // Two hours on: the emulator (on real time) keeps issuing sessions that are expired by this clock.
            clock.advance(Duration.ofHours(2));
            HttpResponse<String> response = send(get(url).header(MetadataHandler.TOKEN_HEADER, token));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).doesNotContain(accessKeyId).doesNotContain("AccessKeyId");
        }
    }

    @Test
    void whenCredentialsCannotBeHandedOut_the503BodyHoldsNoInternalText_andTheLogSaysWhyOnce() throws Exception {
        try (MetadataServer server = server("bearer")) {
            String url = "http://127.0.0.1:" + server.port() + "/credentials";
            clock.advance(Duration.ofHours(2));
            List<HttpResponse<String>> responses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                responses.add(send(get(url).header("Authorization", "bearer")));
            }

            assertThat(errorLog).hasSize(1);
            String reason = errorLog.get(0);
            // The cache's reason names the expiry it saw and the clock check to make; clients get none of it.
            assertThat(reason).contains("could not be refreshed").contains("clock");
            for (HttpResponse<String> response : responses) {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                assertThat(JsonNode.parser().parse(response.body()).field("Message").get().asString())
                        .isEqualTo("Credentials could not be refreshed; the serve process's log says why");
                assertThat(response.body()).doesNotContain("clock").doesNotContain("expire")
                        .doesNotContain(emulator.endpoint().getHost());
            }
        }
    }

    @Test
    void whenTheEndpointSmugglesALineIntoTheToken_serveHandsOutNothingOfIt() throws Exception {
        emulator.faults().hostileCredentialsNext(1);
        try (CredentialsCache<ServedCredentials> rogue = ServedCredentials.cache(fetcher, clock);
                MetadataServer server = MetadataServer.start(rogue::get, emulator.roleArn(), clock, 0, HOP_LIMIT,
                        "bearer", ttls::add, errorLog::add)) {
            HttpResponse<String> response = send(get("http://127.0.0.1:" + server.port() + "/credentials")
                    .header("Authorization", "bearer"));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).doesNotContain("credential_process").doesNotContain("Token");
            assertThat(errorLog).singleElement().asString().contains("sessionToken")
                    .doesNotContain(FaultType.HOSTILE_LINE);
        }
    }

    @Test
    void requestsThatAWebPageCouldMake_areRefused_onBothShapes() throws Exception {
        try (MetadataServer imds = server(null); MetadataServer container = server("bearer")) {
            String token = send(put("http://127.0.0.1:" + imds.port() + MetadataHandler.TOKEN_PATH)
                    .header(MetadataHandler.TTL_HEADER, "60")).body();
            String role = emulator.roleArn().substring(emulator.roleArn().lastIndexOf('/') + 1);
            String imdsGet = "GET " + MetadataHandler.CREDENTIALS_PATH + role + " HTTP/1.1\r\n"
                    + MetadataHandler.TOKEN_HEADER + ": " + token + "\r\n";
            String containerGet = "GET /credentials HTTP/1.1\r\nAuthorization: bearer\r\n";
            int ip = imds.port();
            int cp = container.port();

            // DNS rebinding: the page's own name, or the IMDS address, in Host.
            assertRefused(raw(imds, imdsGet + "Host: attacker.example:" + ip + "\r\n\r\n"));
            assertRefused(raw(imds, imdsGet + "Host: 169.254.169.254\r\n\r\n"));
            assertRefused(raw(imds, imdsGet + "Host: 127.0.0.1:" + (ip + 1) + "\r\n\r\n"));
            assertRefused(raw(imds, imdsGet + "\r\n"));
            assertRefused(raw(imds, "PUT " + MetadataHandler.TOKEN_PATH + " HTTP/1.1\r\nHost: rebound.example:" + ip
                    + "\r\n" + MetadataHandler.TTL_HEADER + ": 60\r\n\r\n"));
            assertRefused(raw(container, containerGet + "Host: attacker.example:" + cp + "\r\n\r\n"));
            // A browser's own headers, even with a loopback Host.
            assertRefused(raw(imds, imdsGet + "Host: 127.0.0.1:" + ip + "\r\nOrigin: http://attacker.example\r\n\r\n"));
            assertRefused(raw(imds, imdsGet + "Host: localhost:" + ip + "\r\nSec-Fetch-Mode: no-cors\r\n\r\n"));
            assertRefused(raw(container, containerGet + "Host: 127.0.0.1:" + cp + "\r\nsec-fetch-site: cross-site\r\n"
                    + "\r\n"));
            assertRefused(raw(container, containerGet + "Host: 127.0.0.1:" + cp + "\r\nOrigin: null\r\n\r\n"));

            // What SDKs send: a loopback Host with the port, any case.
            for (String host : new String[] {"127.0.0.1:" + ip, "localhost:" + ip, "LocalHost:" + ip, "[::1]:" + ip}) {
                assertThat(raw(imds, imdsGet + "Host: " + host + "\r\n\r\n")).as(host).startsWith("HTTP/1.1 200 ")
                        .contains("AccessKeyId");
            }
            assertThat(raw(container, containerGet + "Host: localhost:" + cp + "\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        }
    }

    private static void assertRefused(String response) {
        assertThat(response).startsWith("HTTP/1.1 403 ").doesNotContain("AccessKeyId").doesNotContain("Token\"");
    }

    @Test
    void eightSlowConnections_doNotDelayANormalClient() throws Exception {
        try (MetadataServer server = server("bearer")) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    // Half a request head, then nothing: each holds its connection until the server gives up on it.
                    socket.getOutputStream().write("GET /credentials HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
                long started = System.nanoTime();

                HttpResponse<String> response = send(get("http://127.0.0.1:" + server.port() + "/credentials")
                        .header("Authorization", "bearer"));

                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(took).as("a normal client's wait behind eight slow ones").isLessThan(Duration.ofSeconds(1));
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aClientTricklingItsHead_isCutOffAtTheDeadline_with408() throws Exception {
        Duration deadline = Duration.ofMillis(500);
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (MetadataServer server = MetadataServer.start(cache::get, emulator.roleArn(), clock, 0, HOP_LIMIT, "bearer",
                ttls::add, errorLog::add, new ConnectionLimits(16, deadline));
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            byte[] head = "GET /credentials HTTP/1.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(
                    StandardCharsets.US_ASCII);
            AtomicInteger sent = new AtomicInteger();
            // One byte every 50 ms: each read succeeds, so only a deadline for the whole head ends it.
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(head[sent.getAndIncrement() % head.length]);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            socket.setSoTimeout(10_000);
            long started = System.nanoTime();

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(response).startsWith("HTTP/1.1 408 ");
            assertThat(took).isGreaterThanOrEqualTo(deadline.minusMillis(100)).isLessThan(Duration.ofSeconds(5));
            assertThat(sent.get()).as("bytes trickled before the cut").isGreaterThan(3);
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void atTheConnectionLimit_theOldestSlowConnectionGivesWay_andNewClientsAreServed() throws Exception {
        try (MetadataServer server = MetadataServer.start(cache::get, emulator.roleArn(), clock, 0, HOP_LIMIT, "bearer",
                ttls::add, errorLog::add, new ConnectionLimits(4, Duration.ofMinutes(1)))) {
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    socket.setSoTimeout(10_000);
                    idle.add(socket);
                }
                for (int i = 0; i < 3; i++) {
                    HttpResponse<String> response = send(get("http://127.0.0.1:" + server.port() + "/credentials")
                            .header("Authorization", "bearer"));
                    assertThat(response.statusCode()).isEqualTo(200);
                }
                // The first idle connections were closed to make room: reading them ends at once.
                assertThat(idle.get(0).getInputStream().read()).isEqualTo(-1);
                assertThat(idle.get(1).getInputStream().read()).isEqualTo(-1);
            } finally {
                for (Socket socket : idle) {
                    socket.close();
                }
            }
        }
    }

    private static String raw(MetadataServer server, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void containerShape_requiresTheBearerToken() throws Exception {
        try (MetadataServer server = server("right")) {
            String url = "http://127.0.0.1:" + server.port() + "/credentials";
            assertThat(send(get(url)).statusCode()).isEqualTo(401);
            assertThat(send(get(url).header("Authorization", "wrong")).statusCode()).isEqualTo(403);
            assertThat(send(get(url + "x").header("Authorization", "right")).statusCode()).isEqualTo(404);
            HttpResponse<String> ok = send(get(url).header("Authorization", "right"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(JsonNode.parser().parse(ok.body()).asObject().keySet())
                    .contains("AccessKeyId", "SecretAccessKey", "Token", "Expiration", "RoleArn");
        }
    }

    @Test
    void malformedRequests_get400() throws Exception {
        try (MetadataServer server = server(null);
                java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(reply).startsWith("HTTP/1.1 400 ");
        }
    }

    private String callerArn(AwsCredentials credentials) {
        try (StsClient sts = StsClient.builder()
                .region(Region.of(emulator.region()))
                .endpointOverride(emulator.stsEndpoint())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> {
                    try {
                        javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
                        f.init(emulator.trustStore());
                        return f.getTrustManagers();
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }).build())
                .build()) {
            return sts.getCallerIdentity().arn();
        }
    }

    private static HttpRequest.Builder put(String url) {
        return HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody());
    }

    private static HttpRequest.Builder get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
