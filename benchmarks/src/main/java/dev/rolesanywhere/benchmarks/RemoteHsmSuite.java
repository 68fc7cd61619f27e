package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.Pkcs11Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cost per signature on a remote HSM, imitated by the p11fault module adding a fixed delay to every PKCS#11 call
 * in front of SoftHSM2; the C loop goes through the same module with the same delay. Not JMH: on a shared machine a
 * ratio only means something when both sides ran close together, so each configuration runs many short pairs of
 * windows (C loop, then ours; the order alternates pair by pair) and reports the median of the pair-by-pair ratios
 * with its spread. Absolute figures come from the JMH suites.
 *
 * <p>Also measured: the calls and wall time to build a signer on tokens holding few and many unrelated objects, and
 * the calls one steady-state signature (one credentials refresh) costs.
 */
final class RemoteHsmSuite {
    private static final TestKeyType KEY = TestKeyType.EC_P256;
    private static final int[] THREADS = {1, 8};
    private static final int SIGNATURES_COUNTED = 200;

    private final BenchmarkFixture fixture;
    private final CBaseline c;
    private final Path fillBinary;
    private final Path faultModule;
    private final Duration delay;
    private final int pairs;
    private final double pairSeconds;
    private final int builds;
    private final int[] unrelatedObjects;
    private final List<String> report = new ArrayList<>();

    /**
     * @param nativeDirectory where the build put {@code libp11fault.so} and {@code pkcs11_fill_token}
     * @param unrelatedObjects the object counts of the crowded tokens the build cost is measured on
     */
    RemoteHsmSuite(BenchmarkFixture fixture, CBaseline c, Path nativeDirectory, Duration delay, int pairs,
            double pairSeconds, int builds, int... unrelatedObjects) {
        this.fixture = fixture;
        this.c = c;
        this.fillBinary = nativeDirectory.resolve("pkcs11_fill_token");
        this.faultModule = nativeDirectory.resolve("libp11fault.so");
        this.delay = delay;
        this.pairs = pairs;
        this.pairSeconds = pairSeconds;
        this.builds = builds;
        this.unrelatedObjects = unrelatedObjects.clone();
    }

    /** Runs everything and returns the report lines. */
    List<String> run() {
        // Crowded tokens first: SoftHSM2 reads its token directory once, when this JVM first initialises it.
        List<CrowdedToken> crowded = new ArrayList<>();
        for (int n : unrelatedObjects) {
            crowded.add(CrowdedToken.prepare(fixture, n, fillBinary));
        }
        // A private copy of SoftHSM2 behind the fault module: a separate instance from any direct load in this JVM.
        Path realModule = privateCopy(fixture.modulePath());
        FaultModuleControl faults = FaultModuleControl.load(faultModule, realModule);
        long delayMicros = delay.toNanos() / 1000;
        report.add("");
        report.add(String.format(Locale.ROOT, "Remote HSM imitation: p11fault in front of SoftHSM2, %d us added to every "
                + "PKCS#11 call (EC P-256, %d-byte message); the C loop makes 2 calls per signature", delayMicros,
                SigningBenchmark.MESSAGE_BYTES));
        callsPerSignature(faults);
        pairedSigning(faults, realModule, Duration.ZERO);
        pairedSigning(faults, realModule, delay);
        buildCost(faults, crowded);
        return report;
    }

    private Pkcs11Signer signer(String uri) {
        return Pkcs11Signer.builder().uri(uri).pinCallback(PinCallback.ofFile(fixture.pinFile())).maxSessions(8)
                .build();
    }

    private String throughFaults(FaultModuleControl faults) {
        return fixture.pkcs11Uri(KEY).replace("module-path=" + fixture.modulePath(),
                "module-path=" + faults.modulePath());
    }

    private void callsPerSignature(FaultModuleControl faults) {
        try (Pkcs11Signer signer = signer(throughFaults(faults))) {
            signer.sign(SigningBenchmark.MESSAGE);
            faults.reset(Duration.ZERO);
            for (int i = 0; i < SIGNATURES_COUNTED; i++) {
                signer.sign(SigningBenchmark.MESSAGE);
            }
            Map<String, Long> counts = faults.counts();
            List<String> parts = new ArrayList<>();
            long total = 0;
            for (Map.Entry<String, Long> e : counts.entrySet()) {
                parts.add(String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) SIGNATURES_COUNTED));
                total += e.getValue();
            }
            report.add(String.format(Locale.ROOT, "Calls per signature (one credentials refresh) in the steady state, "
                    + "over %d signatures: %s = %.2f", SIGNATURES_COUNTED, String.join(", ", parts),
                    total / (double) SIGNATURES_COUNTED));
        }
    }

    private void pairedSigning(FaultModuleControl faults, Path realModule, Duration callDelay) {
        long micros = callDelay.toNanos() / 1000;
        report.add("");
        report.add(String.format(Locale.ROOT, "Signing through p11fault with %d us per call, signatures/s: %d pairs of "
                + "%.1f-s windows (C loop and ours, order alternating), sum over threads", micros, pairs,
                pairSeconds));
        report.add(String.format(Locale.ROOT, "%7s %12s %12s %14s %19s %19s", "threads", "C median", "ours median",
                "ours/C median", "ours/C IQR", "ours/C min..max"));
        Map<String, String> cEnvironment = Map.of("P11FAULT_MODULE", realModule.toString(), "P11FAULT_DELAY_US",
                Long.toString(micros));
        try (Pkcs11Signer signer = signer(throughFaults(faults))) {
            faults.reset(callDelay);
            for (int threads : THREADS) {
                signWindow(signer, threads, Math.max(1.0, pairSeconds));
                List<Double> cRates = new ArrayList<>();
                List<Double> ourRates = new ArrayList<>();
                List<Double> ratios = new ArrayList<>();
                for (int pair = 0; pair < pairs; pair++) {
                    double cRate;
                    double ours;
                    if (pair % 2 == 0) {
                        cRate = cWindow(cEnvironment, threads);
                        ours = signWindow(signer, threads, pairSeconds);
                    } else {
                        ours = signWindow(signer, threads, pairSeconds);
                        cRate = cWindow(cEnvironment, threads);
                    }
                    cRates.add(cRate);
                    ourRates.add(ours);
                    ratios.add(ours / cRate);
                    System.out.printf(Locale.ROOT, "remote: delay %d us, %d thread(s), pair %d: C %.1f, ours %.1f, "
                            + "ours/C %.3f%n", micros, threads, pair + 1, cRate, ours, ours / cRate);
                }
                report.add(String.format(Locale.ROOT, "%7d %12.1f %12.1f %14.3f %19s %19s", threads,
                        Statistics.median(cRates), Statistics.median(ourRates), Statistics.median(ratios),
                        String.format(Locale.ROOT, "%.3f..%.3f", Statistics.percentile(ratios, 25),
                                Statistics.percentile(ratios, 75)),
                        String.format(Locale.ROOT, "%.3f..%.3f", Statistics.percentile(ratios, 0),
                                Statistics.percentile(ratios, 100))));
            }
        }
    }

    private double cWindow(Map<String, String> environment, int threads) {
        CBaseline.Result result = c.run(fixture, faultModule, environment, KEY, threads, 0.2, 1, pairSeconds);
        return result.signaturesPerSecond();
    }

    /** Signatures per second over one window, {@code threads} threads sharing the signer as an application would. */
    static double signWindow(Pkcs11Signer signer, int threads, double seconds) {
        LongAdder signatures = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    while (!stop.get()) {
                        signer.sign(SigningBenchmark.MESSAGE);
                        signatures.increment();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }, "remote-signer-" + i);
            workers.add(t);
            t.start();
        }
        try {
            started.await();
            long startCount = signatures.sum();
            long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            long count = signatures.sum() - startCount;
            long elapsed = System.nanoTime() - start;
            stop.set(true);
            for (Thread t : workers) {
                t.join();
            }
            if (failure.get() != null) {
                throw new IllegalStateException("A signing thread failed", failure.get());
            }
            return count / (elapsed / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            throw new IllegalStateException("Interrupted while measuring", e);
        }
    }

    private void buildCost(FaultModuleControl faults, List<CrowdedToken> crowded) {
        report.add("");
        report.add(String.format(Locale.ROOT, "Building a signer (URI naming the key) through p11fault with %d us per "
                + "call: median of %d builds, module already initialised by another signer", delay.toNanos() / 1000,
                builds));
        report.add(String.format(Locale.ROOT, "%17s %7s %13s %19s %9s   %s", "unrelated objects", "calls",
                "C_FindObjects", "C_GetAttributeValue", "wall ms", "all calls"));
        // Keeps the module initialised, so a build measures discovery and not SoftHSM2 reading its files.
        Pkcs11Signer keeper = signer(throughFaults(faults));
        try {
            for (int i = 0; i < crowded.size(); i++) {
                CrowdedToken token = crowded.get(i);
                List<Double> millis = new ArrayList<>();
                Map<String, Long> counts = Map.of();
                for (int b = 0; b < builds; b++) {
                    faults.reset(delay);
                    long start = System.nanoTime();
                    try (Pkcs11Signer built = signer(token.pkcs11Uri(faults.modulePath()))) {
                        millis.add((System.nanoTime() - start) / 1e6);
                        counts = faults.counts();
                        if (!built.certificate().equals(token.certificate())) {
                            throw new IllegalStateException("The build found another certificate than the key's");
                        }
                    }
                }
                long total = counts.values().stream().mapToLong(Long::longValue).sum();
                report.add(String.format(Locale.ROOT, "%17d %7d %13d %19d %9.1f   %s", unrelatedObjects[i], total,
                        counts.getOrDefault("C_FindObjects", 0L), counts.getOrDefault("C_GetAttributeValue", 0L),
                        Statistics.median(millis), counts));
            }
        } finally {
            keeper.close();
        }
    }

    private Path privateCopy(Path module) {
        try {
            Path copy = fixture.directory().resolve("fault-real-libsofthsm2.so");
            if (!Files.exists(copy)) {
                Files.copy(module.toRealPath(), copy);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy " + module + " for the fault module", e);
        }
    }
}
