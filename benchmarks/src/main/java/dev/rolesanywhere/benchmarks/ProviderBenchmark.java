package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * What every AWS call pays once credentials are cached: {@link RolesAnywhereCredentialsProvider#resolveCredentials()}
 * against the SDK's {@link StaticCredentialsProvider} holding the same credentials (the floor for any provider: it
 * returns a field), and against the SDK's own {@link CachedSupplier}, which the SDK's refreshing providers (instance
 * profile, container, SSO) put in front of every call, holding the same credentials with the same expiry.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ProviderBenchmark {

    /** One provider shared by all threads, after the single CreateSession of the run. */
    @State(Scope.Benchmark)
    public static class Providers {
        RunningEmulator emulator;
        RolesAnywhereCredentialsProvider rolesAnywhere;
        StaticCredentialsProvider sdkStatic;
        CachedSupplier<AwsCredentials> sdkCachedSupplier;

        @Setup(Level.Trial)
        public void setUp() {
            BenchmarkFixture fixture = BenchmarkFixture.fromEnvironment();
            emulator = new RunningEmulator(fixture);
            rolesAnywhere = emulator.providerBuilder()
                    .certificate(fixture.fileCertificate().toString())
                    .privateKey(fixture.filePrivateKey().toString())
                    .build();
            AwsSessionCredentials first = rolesAnywhere.resolveCredentials();
            if (first.expirationTime().orElseThrow().isBefore(Instant.now().plusSeconds(3600))) {
                throw new IllegalStateException("The emulator issued credentials expiring at "
                        + first.expirationTime().get() + ": a refresh could fall inside the measurement");
            }
            sdkStatic = StaticCredentialsProvider.create(AwsSessionCredentials.create(first.accessKeyId(),
                    first.secretAccessKey(), first.sessionToken()));
            // The stale and prefetch instants this provider's cache uses (1 and 5 minutes before expiry).
            Instant expiry = first.expirationTime().get();
            RefreshResult<AwsCredentials> cached = RefreshResult.builder((AwsCredentials) first)
                    .staleTime(expiry.minusSeconds(60))
                    .prefetchTime(expiry.minusSeconds(300))
                    .build();
            sdkCachedSupplier = CachedSupplier.builder(() -> cached).cachedValueName("bench").build();
            sdkCachedSupplier.get();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            try {
                int calls = emulator.emulator().requestLog().count();
                if (calls != 1) {
                    throw new IllegalStateException("Expected exactly one CreateSession during the run, the emulator "
                            + "received " + calls + ": the measurement included refreshes");
                }
            } finally {
                sdkCachedSupplier.close();
                rolesAnywhere.close();
                emulator.close();
            }
        }
    }

    @Benchmark
    public AwsCredentials rolesAnywhereCached(Providers providers) {
        return providers.rolesAnywhere.resolveCredentials();
    }

    @Benchmark
    public AwsCredentials sdkCachedSupplier(Providers providers) {
        return providers.sdkCachedSupplier.get();
    }

    @Benchmark
    public AwsCredentials sdkStatic(Providers providers) {
        return providers.sdkStatic.resolveCredentials();
    }
}
