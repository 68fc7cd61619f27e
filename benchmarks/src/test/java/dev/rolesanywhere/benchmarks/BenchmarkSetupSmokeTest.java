package dev.rolesanywhere.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.testing.TestKeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Catches a broken benchmark setup in CI: every benchmark method runs once (no timing is looked at), and the C
 * baseline signs with both token keys. The benchmarks' own setups verify a signature from each implementation
 * against the token certificate and check that the cached-provider run made exactly one CreateSession, so a run that
 * passes here measures real work.
 *
 * <p>Surefire sets {@code SOFTHSM2_CONF} and {@code ROLESANYWHERE_BENCH_FIXTURE} to {@code target/smoke-fixture},
 * which {@link #prepareFixture()} fills before anything in this JVM loads SoftHSM2. The two credential_process
 * benchmarks are left out: they need the CLI launcher from rolesanywhere-cli/target, which this module's build does
 * not produce; run.sh runs them.
 */
class BenchmarkSetupSmokeTest {
    private static BenchmarkFixture fixture;

    @BeforeAll
    static void prepareFixture() throws IOException {
        Path dir = Paths.get(System.getenv(BenchmarkFixture.DIRECTORY_VARIABLE));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.delete(p);
                }
            }
        }
        fixture = BenchmarkFixture.prepare(dir);
    }

    @Test
    void fixture_isTheOneSoftHsm2InThisJvmWillRead() {
        assertThat(BenchmarkFixture.fromEnvironment().softHsmConfig()).isEqualTo(fixture.softHsmConfig());
        assertThat(fixture.pkcs11Uri(TestKeyType.EC_P256)).startsWith("pkcs11:token=rolesanywhere-bench;")
                .doesNotContain("pin");
        assertThat(fixture.pkcs11UriWithPinSource(TestKeyType.EC_P256))
                .endsWith("&pin-source=file:" + fixture.pinFile());
    }

    @Test
    void prepare_refusesADirectoryThatAlreadyHoldsFiles() {
        assertThatThrownBy(() -> BenchmarkFixture.prepare(fixture.directory()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not empty");
    }

    @Test
    void cBaseline_signsWithBothTokenKeys_onOneAndTwoThreads() {
        CBaseline c = new CBaseline(Paths.get(System.getProperty("bench.cBinary")));
        for (TestKeyType type : BenchmarkFixture.TOKEN_KEY_TYPES) {
            for (int threads : new int[] {1, 2}) {
                CBaseline.Result result = c.run(fixture, type, threads, 0, 2, 0.15);
                assertThat(result.threads()).isEqualTo(threads);
                assertThat(result.signatures()).as("%s on %d thread(s)", type, threads).isPositive();
                assertThat(result.iterationRates()).hasSize(2);
                assertThat(result.medianSignaturesPerSecond()).isPositive();
            }
        }
    }

    @Test
    void remoteSuite_runsEachPartOnce_andCountsTheCallsOfASignature() {
        Path cBinary = Paths.get(System.getProperty("bench.cBinary"));
        List<String> report = new RemoteHsmSuite(fixture, new CBaseline(cBinary),
                Paths.get(System.getProperty("bench.nativeDir")), Duration.ofNanos(100_000), 1, 0.2, 1, 2, 5).run();

        String text = String.join("\n", report);
        assertThat(text).contains("100 us added to every PKCS#11 call")
                .contains("C_SignInit 1.00, C_Sign 1.00")
                .contains("ours/C median");
        assertThat(report).anyMatch(line -> line.trim().startsWith("2 ")).anyMatch(line -> line.trim().startsWith("5 "));
    }

    @Test
    void signatureCheck_rejectsASignatureThatDoesNotVerify() {
        byte[] garbage = new byte[256];
        assertThatThrownBy(() -> SigningBenchmark.checkSignature(fixture.tokenCertificate(TestKeyType.RSA_2048),
                TestKeyType.RSA_2048, garbage, "test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void everyInProcessBenchmark_runsOnceWithoutError() throws RunnerException {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(SigningBenchmark.class.getName() + "\\.")
                .include(ProviderBenchmark.class.getName() + "\\.")
                .include(FirstCredentialsBenchmark.class.getName() + "\\.inProcess")
                .forks(0)
                .mode(Mode.SingleShotTime)
                .warmupIterations(0)
                .measurementIterations(1)
                .shouldFailOnError(true)
                .build()).run();

        List<String> ran = results.stream()
                .map(r -> r.getParams().getBenchmark().replace(BenchmarkSetupSmokeTest.class.getPackageName() + ".",
                        "") + (r.getParams().getParam("keyType") == null ? "" : " " + r.getParams().getParam("keyType")))
                .collect(Collectors.toList());
        assertThat(ran).containsExactlyInAnyOrder(
                "SigningBenchmark.pkcs11Signer RSA_2048",
                "SigningBenchmark.pkcs11Signer EC_P256",
                "SigningBenchmark.sunPkcs11 RSA_2048",
                "SigningBenchmark.sunPkcs11 EC_P256",
                "ProviderBenchmark.rolesAnywhereCached",
                "ProviderBenchmark.sdkCachedSupplier",
                "ProviderBenchmark.sdkStatic",
                "FirstCredentialsBenchmark.inProcessFileKey",
                "FirstCredentialsBenchmark.inProcessToken");
        assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getSampleCount()).isEqualTo(1));
    }
}
