package dev.rolesanywhere.cli.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.EmulatorFixture;
import dev.rolesanywhere.cli.TestContexts;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.RequestLog;
import dev.rolesanywhere.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What serve hands out while IAM Roles Anywhere fails: 503s, and CreateSession calls no faster than the backoff. */
class ServedCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void withNoValidCredentials_manyRequestsCallCreateSessionOnlyAsOftenAsTheBackoffAllows() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            SessionSpec spec = fixture.sessionSpec();
            try (Signer signer = Signers.fromSpec(spec.signerSpec().orElseThrow());
                    // One attempt per refresh, so the emulator's request log counts refreshes exactly.
                    CreateSessionClient client = CreateSessionClient.builder().endpoint(fixture.emulator.endpoint())
                            .caBundle(spec.caBundle().orElseThrow()).maxAttempts(1).build();
                    CredentialsCache<ServedCredentials> cache = ServedCredentials.cache(
                            fetcherOf(client, spec.createSessionRequest(signer)), clock);
                    MetadataServer server = MetadataServer.start(cache::get, fixture.emulator.roleArn(), clock, 0, 1,
                            null, ttl -> { })) {
                cache.get();
                String base = "http://127.0.0.1:" + server.port();
                String token = http.send(HttpRequest.newBuilder(URI.create(base + MetadataHandler.TOKEN_PATH))
                        .PUT(HttpRequest.BodyPublishers.noBody()).header(MetadataHandler.TTL_HEADER, "21600").build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                String role = fixture.emulator.roleArn().substring(fixture.emulator.roleArn().lastIndexOf('/') + 1);
                HttpRequest credentials = HttpRequest.newBuilder(
                        URI.create(base + MetadataHandler.CREDENTIALS_PATH + role))
                        .header(MetadataHandler.TOKEN_HEADER, token).build();
                fixture.emulator.faults().failNext(1000, FaultType.SERVICE_UNAVAILABLE);
                clock.advance(Duration.ofHours(2));
                int before = fixture.emulator.requestLog().count();

                // 63 requests over 18.6 s with nothing valid to hand out, as SDK clients retrying during an outage.
                for (int i = 0; i < 63; i++) {
                    HttpResponse<String> response = http.send(credentials, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.body()).contains("Credentials could not be refreshed")
                            .doesNotContain("AccessKeyId").doesNotContain("ServiceUnavailable");
                    // A server that refreshes in the background after answering (as serve once did) gets the time
                    // to do so before the next request; serve refreshes before it answers, so nothing comes.
                    RequestLog log = fixture.emulator.requestLog();
                    log.awaitCount(log.count() + 1, Duration.ofMillis(100));
                    clock.advance(Duration.ofMillis(300));
                }

                // Refreshes after pauses of 0.5-1 s, 1-2 s, 2-4 s, 4-8 s, 8-16 s: 5 or 6 fit in 18.6 s, not one per request.
                assertThat(fixture.emulator.requestLog().count() - before).isBetween(5, 6);
            }
        }
    }

    private static Supplier<SessionCredentials> fetcherOf(CreateSessionClient client, CreateSessionRequest request) {
        return () -> client.createSession(request);
    }
}
