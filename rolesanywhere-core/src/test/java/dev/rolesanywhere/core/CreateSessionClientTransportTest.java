package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.ConnectProxy;
import dev.rolesanywhere.testing.RecordingEndpoint;
import dev.rolesanywhere.testing.SelfSignedTls;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ServerSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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

    /** The emulator, addressed outside the loopback interface: only a proxy that forwards to it reaches it. */
    private static URI remoteEndpoint(int port) {
        return URI.create("https://" + SelfSignedTls.REMOTE_ADDRESS + ":" + port);
    }

    /** Certificate checks off: the emulator's certificate does not name the remote address. */
    private static CreateSessionClient.Builder throughProxy(ConnectProxy proxy, String userInfo) {
        return CreateSessionClient.builder().endpoint(remoteEndpoint(emulator.port()))
                .trustAllCertificatesEnabled(true)
                .proxy(URI.create("http://" + (userInfo == null ? "" : userInfo + "@") + "127.0.0.1:" + proxy.port()));
    }

    @Test
    void createSession_throughAProxy_tunnelsTheHttpsConnection() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy(ServerSocketFactory.getDefault(), null, null, emulator.port());
                CreateSessionClient client = throughProxy(proxy, null).build()) {
            assertThat(client.createSession(request()).accessKeyId()).isNotBlank();

            assertThat(proxy.connectLines()).containsExactly(
                    "CONNECT " + SelfSignedTls.REMOTE_ADDRESS + ":" + emulator.port() + " HTTP/1.1");
        }
    }

    @Test
    void createSession_throughAnAuthenticatingProxy_logsInToTheConnect_andNeverSendsTheLoginToTheEndpoint()
            throws Exception {
        SelfSignedTls originTls = new SelfSignedTls("recording-origin");
        try (RecordingEndpoint origin = new RecordingEndpoint(originTls.serverSocketFactory());
                ConnectProxy proxy = new ConnectProxy(ServerSocketFactory.getDefault(), "build@ci", "p:ss w",
                        origin.port());
                CreateSessionClient client = CreateSessionClient.builder().endpoint(remoteEndpoint(origin.port()))
                        .trustStore(SelfSignedTls.trustStore(originTls.certificate()))
                        .proxy(URI.create("http://build%40ci:p%3Ass%20w@127.0.0.1:" + proxy.port()))
                        .maxAttempts(1).build()) {
            assertThatThrownBy(() -> client.createSession(request())).isInstanceOf(ValidationException.class);

            assertThat(proxy.connectHeads()).hasSize(1);
            assertThat(proxy.connectHeads().get(0)).contains("\r\nProxy-Authorization: Basic " + Base64.getEncoder()
                    .encodeToString("build@ci:p:ss w".getBytes(StandardCharsets.UTF_8)) + "\r\n");
            assertThat(origin.heads()).hasSize(1);
            assertThat(origin.heads().get(0)).startsWith("POST /sessions?").doesNotContainIgnoringCase("proxy-");
        }
    }

    @Test
    void createSession_whenTheProxyWantsALogin_failsAtOnce_sayingHowToGiveIt() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy(ServerSocketFactory.getDefault(), "u", "Secret-Pw",
                emulator.port());
                CreateSessionClient noLogin = throughProxy(proxy, null).build();
                CreateSessionClient wrongLogin = throughProxy(proxy, "u:Wrong-Pw").build()) {
            assertThatThrownBy(() -> noLogin.createSession(request()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("http://127.0.0.1:" + proxy.port() + " asks for a login (407")
                    .hasMessageContaining("http://USER:PASSWORD@host:port");
            assertThatThrownBy(() -> wrongLogin.createSession(request()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasMessageContaining("rejected the user name and password")
                    .hasMessageNotContaining("Wrong-Pw");
            assertThat(proxy.connectHeads()).as("one attempt each: a refused login is not retried").hasSize(2);
        }
        assertThat(emulator.requestLog().count()).isZero();
    }

    @Test
    void createSession_throughAnHttpsProxy_speaksTlsToTheProxy_andChecksItsCertificate() throws Exception {
        SelfSignedTls proxyTls = new SelfSignedTls("test-proxy");
        SelfSignedTls originTls = new SelfSignedTls("recording-origin");
        try (RecordingEndpoint origin = new RecordingEndpoint(originTls.serverSocketFactory());
                ConnectProxy proxy = new ConnectProxy(proxyTls.serverSocketFactory(), null, null, origin.port())) {
            try (CreateSessionClient client = CreateSessionClient.builder().endpoint(remoteEndpoint(origin.port()))
                    .trustStore(SelfSignedTls.trustStore(originTls.certificate(), proxyTls.certificate()))
                    .proxy(URI.create("https://localhost:" + proxy.port())).maxAttempts(1).build()) {
                assertThatThrownBy(() -> client.createSession(request())).isInstanceOf(ValidationException.class);
            }
            assertThat(proxy.connectLines()).containsExactly(
                    "CONNECT " + SelfSignedTls.REMOTE_ADDRESS + ":" + origin.port() + " HTTP/1.1");
            assertThat(origin.heads()).hasSize(1);

            try (CreateSessionClient proxyNotTrusted = CreateSessionClient.builder()
                    .endpoint(remoteEndpoint(origin.port()))
                    .trustStore(SelfSignedTls.trustStore(originTls.certificate()))
                    .proxy(URI.create("https://localhost:" + proxy.port())).maxAttempts(1).build()) {
                assertThatThrownBy(() -> proxyNotTrusted.createSession(request()))
                        .isInstanceOf(CreateSessionIoException.class)
                        .hasRootCauseInstanceOf(CertPathBuilderException.class);
            }
            assertThat(proxy.connectLines()).as("nothing is sent to an untrusted proxy").hasSize(1);
        }
    }

    @Test
    void createSession_toTheLoopbackInterface_neverGoesThroughTheProxy() throws Exception {
        try (ConnectProxy proxy = new ConnectProxy();
                CreateSessionClient client = client().proxy(URI.create("http://127.0.0.1:" + proxy.port()))
                        .nonProxyHosts(Set.of("example.com")).build()) {
            assertThat(client.createSession(request()).accessKeyId()).isNotBlank();

            assertThat(proxy.connectLines()).isEmpty();
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
