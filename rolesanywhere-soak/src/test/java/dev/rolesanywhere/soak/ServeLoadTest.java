package dev.rolesanywhere.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.serve.MetadataServer;
import dev.rolesanywhere.cli.internal.serve.ServedCredentials;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a hostile local process can do to {@code serve}, measured: a flood of long-lived IMDS tokens, connections that
 * send their request head a byte at a time, and requests during a CreateSession outage. Each test asserts the
 * property that matters (a new client is served; a normal client is not held up; CreateSession calls stay bounded)
 * with a generous bound, and writes its figures to {@code target/serve-load-report.txt}. Latencies come from the
 * test's own clock; they are observations on a shared machine, not a benchmark.
 */
class ServeLoadTest {
    private static final Path REPORT = Paths.get("target", "serve-load-report.txt");
    private static final String BEARER = "load-test-bearer";

    private static TestCertificateAuthority ca;
    private static IssuedCertificate leaf;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void issue() throws IOException {
        ca = TestCertificateAuthority.create();
        leaf = ca.issueClientCertificate();
        Files.createDirectories(REPORT.getParent());
        Files.deleteIfExists(REPORT);
    }

    @AfterAll
    static void show() throws IOException {
        System.out.print(Files.readString(REPORT));
    }

    @Test
    void tokenFlood_ofTenThousandLongLivedTokens_leavesANewClientServed() throws Exception {
        int requests = 10_050;
        int threads = 8;
        try (Serving serving = Serving.start(Clock.systemUTC(), null)) {
            URI tokenUri = URI.create(serving.base() + "/latest/api/token");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
            AtomicInteger next = new AtomicInteger();
            long started = System.nanoTime();
            try {
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    running.add(pool.submit(() -> {
                        while (next.getAndIncrement() < requests) {
                            int status = http.send(HttpRequest.newBuilder(tokenUri)
                                    .PUT(HttpRequest.BodyPublishers.noBody())
                                    .header("X-aws-ec2-metadata-token-ttl-seconds", "21600")
                                    .timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            byStatus.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            Duration flood = Duration.ofNanos(System.nanoTime() - started);

            long newcomerStarted = System.nanoTime();
            HttpResponse<String> token = http.send(HttpRequest.newBuilder(tokenUri)
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .header("X-aws-ec2-metadata-token-ttl-seconds", "60").build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> credentials = http.send(HttpRequest.newBuilder(URI.create(serving.base()
                    + "/latest/meta-data/iam/security-credentials/" + serving.roleName()))
                    .header("X-aws-ec2-metadata-token", token.body()).build(), HttpResponse.BodyHandlers.ofString());
            Duration newcomer = Duration.ofNanos(System.nanoTime() - newcomerStarted);

            report(String.format("token flood: %,d PUT /latest/api/token with TTL 21600 from %d threads in %.1f s "
                    + "(%,.0f/s), statuses %s; then a new client: token %d, credentials %d, both in %d ms",
                    requests, threads, seconds(flood), requests / seconds(flood), byStatus, token.statusCode(),
                    credentials.statusCode(), newcomer.toMillis()));
            assertThat(byStatus.keySet()).containsOnly(200);
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(credentials.statusCode()).isEqualTo(200);
            assertThat(credentials.body()).contains("\"AccessKeyId\"");
        }
    }

    @Test
    void slowConnections_eightOrBeyondTheLimit_doNotHoldUpANormalClient() throws Exception {
        for (int slow : new int[] {8, 200}) {
            try (Serving serving = Serving.start(Clock.systemUTC(), BEARER);
                    SlowClients attackers = SlowClients.open(serving.port(), slow)) {
                List<Long> latencies = new ArrayList<>();
                Semaphore never = new Semaphore(0);
                // One request every 100 ms for 6 s: longer than the 3 s a head may take, so the server cuts slow
                // connections off and the attackers reopen them while the normal client is being served.
                for (int i = 0; i < 60; i++) {
                    never.tryAcquire(100, TimeUnit.MILLISECONDS);
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(serving.base() + "/credentials")).header("Authorization", BEARER)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - started) / 1_000_000);
                    assertThat(response.statusCode()).isEqualTo(200);
                }
                Collections.sort(latencies);
                report(String.format("slow connections: %d held open (each trickling a byte every %d ms, reopened "
                        + "when the server closes it: %d opened in all over the run): 60 normal requests for "
                        + "credentials over 6 s, all 200, latency median %d ms, max %d ms", slow,
                        SlowClients.TRICKLE.toMillis(), attackers.opened(), latencies.get(30), latencies.get(59)));
                assertThat(latencies.get(59)).as("slowest normal request, ms").isLessThan(1000L);
                assertThat(attackers.opened()).as("slow connections cut off and reopened").isGreaterThan(slow);
            }
        }
    }

    @Test
    void outage_withNothingValidToServe_boundsCreateSessionCalls() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        int minutes = 10;
        int requestsPerSecond = 10;
        try (Serving serving = Serving.start(clock, BEARER)) {
            URI uri = URI.create(serving.base() + "/credentials");
            serving.emulator.faults().failNext(1_000_000, FaultType.SERVICE_UNAVAILABLE);
            // Two hours on: the credentials held have expired and every refresh fails.
            clock.advance(Duration.ofHours(2));
            int before = serving.emulator.requestLog().count();
            List<Integer> perMinute = new ArrayList<>();
            int statusOther = 0;
            for (int minute = 0; minute < minutes; minute++) {
                int atStart = serving.emulator.requestLog().count();
                for (int second = 0; second < 60; second++) {
                    for (int r = 0; r < requestsPerSecond; r++) {
                        if (send(uri) != 503) {
                            statusOther++;
                        }
                    }
                    clock.advance(Duration.ofSeconds(1));
                }
                perMinute.add(serving.emulator.requestLog().count() - atStart);
            }
            int calls = serving.emulator.requestLog().count() - before;

            serving.emulator.faults().clear();
            int recoveredAfter = -1;
            for (int second = 1; second <= 60 && recoveredAfter < 0; second++) {
                clock.advance(Duration.ofSeconds(1));
                if (send(uri) == 200) {
                    recoveredAfter = second;
                }
            }

            int requests = minutes * 60 * requestsPerSecond;
            report(String.format("outage: %d simulated minutes with nothing valid to serve, %,d requests (%d a second; "
                    + "%d not 503), CreateSession calls %d (3 attempts per refresh), per minute %s; error log lines %d; "
                    + "served again %d s after the service recovered", minutes, requests, requestsPerSecond,
                    statusOther, calls, perMinute, serving.errors.size(), recoveredAfter));
            assertThat(statusOther).isZero();
            // Pauses of 1, 2, 4 ... up to 30 s (each drawn from the upper half) between refreshes, 3 attempts each:
            // at most 3 * (5 + 60 / 15) calls in the first minute, 3 * 4 in each later one.
            assertThat(perMinute.get(0)).isLessThanOrEqualTo(27);
            assertThat(perMinute.subList(1, minutes)).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(12));
            assertThat(calls).isLessThan(requests / 20);
            assertThat(recoveredAfter).as("seconds until served again").isBetween(1, 31);
        }
    }

    private int send(URI uri) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Authorization", BEARER)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static synchronized void report(String line) throws IOException {
        Files.writeString(REPORT, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** An emulator, a CreateSession client and serve's cache and server, all on one clock. */
    private static final class Serving implements AutoCloseable {
        final RolesAnywhereEmulator emulator;
        final CreateSessionClient client;
        final CredentialsCache<ServedCredentials> cache;
        final MetadataServer server;
        final List<String> errors = new CopyOnWriteArrayList<>();

        private Serving(Clock clock, String containerToken) {
            emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).clock(clock).build().start();
            client = CreateSessionClient.builder().endpoint(emulator.endpoint()).trustStore(emulator.trustStore())
                    .clock(clock).build();
            CreateSessionRequest request = CreateSessionRequest.builder()
                    .signer(PrivateKeySigner.create(leaf.privateKey(), leaf.certificate()))
                    .trustAnchorArn(emulator.trustAnchorArn()).profileArn(emulator.profileArn())
                    .roleArn(emulator.roleArn()).build();
            cache = ServedCredentials.cache(() -> client.createSession(request), clock);
            cache.get();
            server = MetadataServer.start(cache::get, emulator.roleArn(), clock, 0, 1, containerToken, ttl -> { },
                    errors::add);
        }

        static Serving start(Clock clock, String containerToken) {
            return new Serving(clock, containerToken);
        }

        int port() {
            return server.port();
        }

        String base() {
            return "http://127.0.0.1:" + server.port();
        }

        String roleName() {
            return emulator.roleArn().substring(emulator.roleArn().lastIndexOf('/') + 1);
        }

        @Override
        public void close() {
            server.close();
            cache.close();
            client.close();
            emulator.close();
        }
    }

    /** Connections that keep sending an endless request head, a byte at a time; one that is closed is reopened. */
    private static final class SlowClients implements AutoCloseable {
        static final Duration TRICKLE = Duration.ofMillis(500);
        private static final byte[] HEAD = ("GET /credentials HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                + "a".repeat(64)).getBytes(StandardCharsets.US_ASCII);

        private final int port;
        private final Socket[] sockets;
        private final int[] sent;
        private final AtomicInteger opened = new AtomicInteger();
        private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

        private SlowClients(int port, int count) throws IOException {
            this.port = port;
            this.sockets = new Socket[count];
            this.sent = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = open();
            }
            trickle.scheduleAtFixedRate(this::step, TRICKLE.toMillis(), TRICKLE.toMillis(), TimeUnit.MILLISECONDS);
        }

        static SlowClients open(int port, int count) throws IOException {
            return new SlowClients(port, count);
        }

        int opened() {
            return opened.get();
        }

        private Socket open() throws IOException {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.getOutputStream().write(HEAD, 0, 20);
            socket.getOutputStream().flush();
            opened.incrementAndGet();
            return socket;
        }

        private void step() {
            for (int i = 0; i < sockets.length; i++) {
                try {
                    OutputStream out = sockets[i].getOutputStream();
                    out.write(HEAD[20 + sent[i]++ % (HEAD.length - 20)]);
                    out.flush();
                } catch (IOException e) {
                    try {
                        sockets[i].close();
                        sockets[i] = open();
                        sent[i] = 0;
                    } catch (IOException ignored) {
                        // The server is closing; the next step tries again.
                    }
                }
            }
        }

        @Override
        public void close() throws IOException {
            trickle.shutdownNow();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
