package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many clients at once: every request is verified and answered, and the log misses none. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int REQUESTS_PER_THREAD = 8;

    @Test
    void parallelRequests_areAllAnsweredWithDistinctCredentials() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        List<IssuedCertificate> clients = new ArrayList<>();
        for (KeyType type : new KeyType[] {KeyType.EC_P256, KeyType.RSA_2048, KeyType.EC_P384, KeyType.ML_DSA_44}) {
            clients.add(ca.issueClientCertificate(type));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            HttpClient http = EmulatorHttp.client(emulator);
            // Every thread waits at the gate so the requests really overlap.
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                IssuedCertificate client = clients.get(t % clients.size());
                Callable<List<String>> worker = () -> {
                    gate.await();
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        keys.add(IssuedCredentials.from(new TestCreateSessionRequest(emulator, http, client).send())
                                .accessKeyId);
                    }
                    return keys;
                };
                results.add(pool.submit(worker));
            }
            gate.countDown();
            Set<String> accessKeys = new HashSet<>();
            for (Future<List<String>> result : results) {
                accessKeys.addAll(result.get(120, TimeUnit.SECONDS));
            }
            assertThat(accessKeys).hasSize(THREADS * REQUESTS_PER_THREAD);
            assertThat(emulator.requestLog().count()).isEqualTo(THREADS * REQUESTS_PER_THREAD);
            assertThat(emulator.requestLog().entries()).allMatch(LoggedRequest::succeeded);
        } finally {
            pool.shutdownNow();
        }
    }
}
