package dev.rolesanywhere.soak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.serve.MetadataServer;
import dev.rolesanywhere.cli.internal.serve.ServedCredentials;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RandomFaults;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code serve}'s credentials endpoint under many concurrent clients while refreshes keep failing: random service
 * faults, then a full outage until the served credentials are too close to expiry, then recovery. Every answer is
 * valid credentials (not expired, issued by the emulator) or a 503 without any credential in it; none hangs.
 */
class ServeSoakTest {
    private static final Pattern EXPIRATION = Pattern.compile("\"Expiration\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ACCESS_KEY = Pattern.compile("\"AccessKeyId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SECRET = Pattern.compile("\"SecretAccessKey\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"Token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration LIFETIME = Duration.ofSeconds(70);
    private static final Duration PHASE = Duration.ofSeconds(Long.getLong("soak.servePhaseSeconds", 10));
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int CLIENTS = 16;

    @Test
    void serve_withConcurrentClients_whileRefreshesFail_answersValidCredentialsOr503_only() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate leaf = ca.issueClientCertificate();
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate())
                .credentialLifetime(LIFETIME).build().start();
             CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .trustStore(emulator.trustStore()).maxAttempts(1).readTimeout(Duration.ofSeconds(1)).build()) {
            CreateSessionRequest request = CreateSessionRequest.builder()
                    .signer(PrivateKeySigner.create(leaf.privateKey(), leaf.certificate()))
                    .trustAnchorArn(emulator.trustAnchorArn()).profileArn(emulator.profileArn())
                    .roleArn(emulator.roleArn()).build();
            CredentialsCache<ServedCredentials> cache = ServedCredentials.cache(() -> client.createSession(request),
                    Clock.systemUTC());
            cache.get();
            RandomFaults random = RandomFaults.builder().seed(11)
                    .probability(FaultType.THROTTLING, 0.15)
                    .probability(FaultType.INTERNAL_ERROR, 0.15)
                    .probability(FaultType.SERVICE_UNAVAILABLE, 0.1)
                    .probability(FaultType.DROP_CONNECTION, 0.1)
                    .probability(FaultType.MALFORMED_BODY, 0.1)
                    .probability(FaultType.DELAY, 0.05)
                    .delay(Duration.ofMillis(1500))
                    .build();
            try (MetadataServer server = MetadataServer.start(cache::get, emulator.roleArn(), Clock.systemUTC(), 0, 1,
                    "soak-token", ttl -> { })) {
                URI url = URI.create("http://127.0.0.1:" + server.port() + "/credentials");
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                Semaphore permits = new Semaphore(0);
                pacer.scheduleAtFixedRate(() -> permits.release(4), 0, 10, TimeUnit.MILLISECONDS);

                Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
                Set<String> servedKeys = ConcurrentHashMap.newKeySet();
                List<String> violations = new CopyOnWriteArrayList<>();
                AtomicInteger okAfterOutage = new AtomicInteger();
                CountDownLatch sawOutage = new CountDownLatch(1);
                AtomicLong recoveredAt = new AtomicLong(Long.MAX_VALUE);
                long end = System.nanoTime() + PHASE.multipliedBy(2).toNanos() + Duration.ofSeconds(90).toNanos();
                AtomicBoolean stop = new AtomicBoolean();

                List<Future<?>> running = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    running.add(clients.submit(() -> {
                        while (!stop.get() && System.nanoTime() < end) {
                            if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                                continue;
                            }
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url)
                                    .header("Authorization", "soak-token").timeout(REQUEST_TIMEOUT).GET().build(),
                                    HttpResponse.BodyHandlers.ofString());
                            Instant now = Instant.now();
                            byStatus.computeIfAbsent(response.statusCode(), k -> new AtomicInteger())
                                    .incrementAndGet();
                            String problem = check(response, now, servedKeys);
                            if (problem != null && violations.size() < 5) {
                                violations.add(problem);
                            }
                            if (response.statusCode() == 503) {
                                sawOutage.countDown();
                            } else if (response.statusCode() == 200 && System.nanoTime() > recoveredAt.get()) {
                                okAfterOutage.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }

                // Phase 1: refreshes fail at random (60 % of attempts).
                emulator.faults().randomFaults(random);
                Semaphore tick = new Semaphore(0);
                waitUntil(System.nanoTime() + PHASE.toNanos(), () -> false, tick);
                // Phase 2: every refresh fails until the served credentials are too close to expiry.
                emulator.faults().randomFaults(null);
                emulator.faults().failNext(100_000, FaultType.INTERNAL_ERROR);
                assertThat(sawOutage.await(LIFETIME.toSeconds() + 10, TimeUnit.SECONDS))
                        .as("clients saw 503 once no usable credentials were left").isTrue();
                // Phase 3: the service recovers (still with random faults); serving must resume.
                emulator.faults().clear();
                emulator.faults().randomFaults(random);
                recoveredAt.set(System.nanoTime());
                waitUntil(System.nanoTime() + Duration.ofSeconds(60).toNanos(), () -> okAfterOutage.get() > 0, tick);
                waitUntil(System.nanoTime() + PHASE.toNanos(), () -> false, tick);
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
                }

                List<LoggedRequest> log = emulator.requestLog().entries();
                Set<String> issued = ConcurrentHashMap.newKeySet();
                for (LoggedRequest r : log) {
                    r.accessKeyId().ifPresent(issued::add);
                }
                String report = "serve soak: " + CLIENTS + " clients, answers by status " + byStatus + ", distinct "
                        + "credentials served " + servedKeys.size() + ", CreateSession requests " + log.size()
                        + ", violations " + violations + "\n";
                Files.createDirectories(Paths.get("target"));
                Files.writeString(Paths.get("target", "serve-soak-report.txt"), report);
                System.out.print(report);

                assertThat(violations).isEmpty();
                assertThat(byStatus.keySet()).as("statuses answered").containsOnly(200, 503);
                assertThat(okAfterOutage.get()).as("credentials served again after the outage").isPositive();
                assertThat(issued).containsAll(servedKeys);
            }
            cache.close();
        } finally {
            pacer.shutdownNow();
            clients.shutdownNow();
        }
    }

    /** Waits, without sleeping, until the condition holds or the deadline (System.nanoTime) passes. */
    private static void waitUntil(long deadline, java.util.function.BooleanSupplier done, Semaphore never)
            throws InterruptedException {
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            never.tryAcquire(Math.min(100_000_000L, Math.max(1, deadline - System.nanoTime())), TimeUnit.NANOSECONDS);
        }
    }

    /** Null when the answer is acceptable; otherwise what is wrong, without any secret in it. */
    private static String check(HttpResponse<String> response, Instant now, Set<String> servedKeys) {
        String body = response.body();
        if (response.statusCode() == 503) {
            return body.contains("AccessKeyId") || body.contains("SecretAccessKey") || body.contains("Token\"")
                    ? "503 with credential fields in its body" : null;
        }
        if (response.statusCode() != 200) {
            return "status " + response.statusCode();
        }
        Matcher expiration = EXPIRATION.matcher(body);
        Matcher key = ACCESS_KEY.matcher(body);
        if (!expiration.find() || !key.find() || !SECRET.matcher(body).find() || !TOKEN.matcher(body).find()) {
            return "200 without all four credential fields";
        }
        servedKeys.add(key.group(1));
        Instant expires = Instant.parse(expiration.group(1));
        return expires.isAfter(now) ? null : key.group(1) + " served at " + now + " expired at " + expires;
    }
}
