package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.core.testing.ConnectProxy;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.ProxyConfiguration;

/** Timeouts, backoff and concurrent use, against the emulator over HTTPS. */
class CreateSessionClientTransportTest {
    private static RolesAnywhereEmulator emulator;
    private static Signer signer;

    @BeforeAll
    static void start() {
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyType(KeyType.EC_P256).build();
        IssuedCertificate leaf = ca.issueClientCertificate(KeyType.EC_P256);
        signer = PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.faults().clear();
        emulator.requestLog().clear();
    }

    private static CreateSessionRequest request() {
        return CreateSessionRequest.builder().signer(signer).trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn()).roleArn(emulator.roleArn()).build();
    }

    private static CreateSessionClient.BuilderImpl client() {
        CreateSessionClient.BuilderImpl builder = (CreateSessionClient.BuilderImpl) CreateSessionClient.builder();
        builder.endpoint(emulator.endpoint()).trustStore(emulator.trustStore());
        return builder;
    }

    @Test
    void createSession_backsOffExponentiallyBetweenAttempts() {
        emulator.faults().throttleNext(3);
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        try (CreateSessionClient client = client().sleeper(waits::add).maxAttempts(4)
                .backoffBaseDelay(Duration.ofMillis(100)).backoffMaxDelay(Duration.ofMillis(300)).build()) {
            assertThat(client.createSession(request()).accessKeyId()).isNotBlank();
        }
        // The seam takes the top of each jitter range: base, doubled, then capped.
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(emulator.requestLog().count()).isEqualTo(4);
    }

    @Test
    void createSession_whenTheServerIsSlowerThanTheReadTimeout_retriesAndSucceeds() throws Exception {
        emulator.faults().delayNext(1, Duration.ofMillis(1500));
        try (CreateSessionClient client = client().readTimeout(Duration.ofMillis(300))
                .backoffBaseDelay(Duration.ofMillis(1)).backoffMaxDelay(Duration.ofMillis(1)).build()) {
            assertThat(client.createSession(request()).accessKeyId()).isNotBlank();
        }
        assertThat(emulator.requestLog().awaitCount(2, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void createSession_whenEveryAttemptTimesOut_reportsTheTimeout() throws Exception {
        emulator.faults().delayNext(2, Duration.ofMillis(1500));
        try (CreateSessionClient client = client().readTimeout(Duration.ofMillis(200)).maxAttempts(2)
                .backoffBaseDelay(Duration.ZERO).backoffMaxDelay(Duration.ZERO).build()) {
            assertThatThrownBy(() -> client.createSession(request()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("failed after 2 attempt(s)")
                    .hasRootCauseInstanceOf(SocketTimeoutException.class);
        }
        // The emulator still answers the abandoned attempts; wait so they cannot leak into the next test's log.
        assertThat(emulator.requestLog().awaitCount(2, Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void createSession_whenNothingListens_isAnIoErrorAfterEveryAttempt() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<Duration> waits = new ArrayList<>();
        try (CreateSessionClient client = client().sleeper(waits::add)
                .endpoint(URI.create("https://127.0.0.1:" + closedPort)).maxAttempts(3).build()) {
            assertThatThrownBy(() -> client.createSession(request()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("https://127.0.0.1:" + closedPort + "/sessions failed after 3 attempt(s)")
                    .hasMessageContaining("Check network access to the endpoint");
        }
        assertThat(waits).hasSize(2);
    }

    @Test
    void createSession_throughAProxy_tunnelsTheHttpsConnection() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy();
                CreateSessionClient client = client().proxy(ProxyConfiguration.builder()
                        .endpoint(URI.create("http://127.0.0.1:" + proxy.port())).useSystemPropertyValues(false)
                        .useEnvironmentVariablesValues(false).build()).build()) {
            assertThat(client.createSession(request()).accessKeyId()).isNotBlank();

            assertThat(proxy.connectLines()).containsExactly(
                    "CONNECT 127.0.0.1:" + emulator.port() + " HTTP/1.1");
        }
    }

    @Test
    void createSession_fromManyThreadsAtOnce_servesEveryCaller() throws Exception {
        int callers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch ready = new CountDownLatch(callers);
        CountDownLatch go = new CountDownLatch(1);
        try (CreateSessionClient client = client().build()) {
            List<Future<SessionCredentials>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return client.createSession(request());
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<String> keys = new ArrayList<>();
            for (Future<SessionCredentials> result : results) {
                keys.add(result.get(60, TimeUnit.SECONDS).accessKeyId());
            }
            assertThat(keys).hasSize(callers).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(emulator.requestLog().count()).isEqualTo(callers);
    }
}
