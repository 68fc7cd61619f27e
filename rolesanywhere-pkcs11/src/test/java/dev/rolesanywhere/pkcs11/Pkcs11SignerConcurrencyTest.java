package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One signer shared by many threads on one token, under real contention for a small session pool. */
class Pkcs11SignerConcurrencyTest {
    private static final int THREADS = 16;
    private static final int SIGNATURES_PER_THREAD = 1_000;

    private static TokenKey ecKey;
    private static TokenKey rsaKey;

    @BeforeAll
    static void tokens() {
        ecKey = SoftHsmFixture.shared().createToken().key("concurrent-ec").type(TestKeyType.EC_P256).create();
        rsaKey = SoftHsmFixture.shared().createToken().key("concurrent-rsa").type(TestKeyType.RSA_2048).create();
    }

    @Test
    void sign_from16ThreadsTimes1000_everySignatureVerifies_noErrors() throws Exception {
        assertAllVerify(ecKey, SIGNATURES_PER_THREAD, 4);
    }

    @Test
    void sign_rsaFrom16Threads_withMoreThreadsThanSessions_everySignatureVerifies() throws Exception {
        assertAllVerify(rsaKey, 100, 3);
    }

    @Test
    void close_whileThreadsSign_waitsForSignaturesInFlight_andLaterCallsFailAsClosed() throws Exception {
        Pkcs11Signer signer = Pkcs11Signer.builder().uri(ecKey.uri())
                .pinCallback(PinCallback.ofValue(ecKey.token().userPin())).maxSessions(4).build();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger endedByClose = new AtomicInteger();
        CountDownLatch busy = new CountDownLatch(THREADS * 20);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    byte[] data = Thread.currentThread().getName().getBytes(StandardCharsets.UTF_8);
                    while (true) {
                        try {
                            byte[] signature = signer.sign(data);
                            if (!Signatures.verifiesInJca(ecKey.publicKey(), data, signature)) {
                                errors.add(new AssertionError("bad signature"));
                            }
                            busy.countDown();
                        } catch (dev.rolesanywhere.core.SigningException e) {
                            if (e.getMessage().contains("closed")) {
                                endedByClose.incrementAndGet();
                            } else {
                                errors.add(e);
                            }
                            return null;
                        }
                    }
                }));
            }
            assertThat(busy.await(2, TimeUnit.MINUTES)).isTrue();
            signer.close();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(errors).isEmpty();
        assertThat(endedByClose).hasValue(THREADS);
    }

    private static void assertAllVerify(TokenKey key, int perThread, int maxSessions) throws Exception {
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicInteger verified = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(key.uri())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).maxSessions(maxSessions).build()) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        byte[] data = ("thread " + thread + " signature " + i).getBytes(StandardCharsets.UTF_8);
                        try {
                            byte[] signature = signer.sign(data);
                            if (Signatures.verifiesInJca(key.publicKey(), data, signature)) {
                                verified.incrementAndGet();
                            } else {
                                errors.add(new AssertionError("signature " + thread + "/" + i + " does not verify"));
                            }
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(errors).isEmpty();
        assertThat(verified).hasValue(THREADS * perThread);
    }
}
