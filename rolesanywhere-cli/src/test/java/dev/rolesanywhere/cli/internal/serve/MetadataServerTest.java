package dev.rolesanywhere.cli.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.EmulatorFixture;
import dev.rolesanywhere.cli.TestContexts;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private MetadataServer server(String containerToken) {
        return MetadataServer.start(cache::get, emulator.roleArn(), clock, 0, HOP_LIMIT, containerToken, ttls::add);
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
