package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.testing.TestKeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
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
import software.amazon.awssdk.auth.credentials.ProcessCredentialsProvider;

/**
 * The time from "I need credentials" to having them, for a provider that has none yet: a new
 * {@link RolesAnywhereCredentialsProvider} in this JVM (loads the key, opens the token if any, TLS handshake,
 * CreateSession) against the SDK's {@link ProcessCredentialsProvider} running the CLI launcher's
 * {@code credential-process} (a new JVM each time, which is how credential_process works). Each invocation is one
 * sample; the report compares medians.
 *
 * <p>The fork sets {@code sun.net.httpserver.nodelay}: without it the emulator's JDK HTTPS server leaves Nagle's
 * algorithm on, and its small handshake writes meet the client's delayed ACK, adding a stall of about 40 ms to every
 * new connection (seen in JFR socket-read events) that no real endpoint adds. Both variants talk to the same
 * emulator, so both get the same server.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class FirstCredentialsBenchmark {
    /** Names the CLI launcher ({@code rolesanywhere-cli/target/bin/aws_signing_helper}); run.sh sets it. */
    public static final String CLI_VARIABLE = "ROLESANYWHERE_BENCH_CLI";

    /** The token key both the in-process and the credential-process token variants use. */
    static final TestKeyType TOKEN_KEY = TestKeyType.EC_P256;

    @State(Scope.Benchmark)
    public static class Service {
        BenchmarkFixture fixture;
        RunningEmulator emulator;

        @Setup(Level.Trial)
        public void setUp() {
            fixture = BenchmarkFixture.fromEnvironment();
            emulator = new RunningEmulator(fixture);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            emulator.close();
        }
    }

    /** The launcher, checked once so a missing build fails the setup rather than every invocation. */
    @State(Scope.Benchmark)
    public static class Launcher {
        Path path;

        @Setup(Level.Trial)
        public void setUp() {
            String configured = System.getenv(CLI_VARIABLE);
            if (configured == null || configured.isEmpty()) {
                throw new IllegalStateException(CLI_VARIABLE + " is not set: point it at "
                        + "rolesanywhere-cli/target/bin/aws_signing_helper (build it with "
                        + "`mvn -o -q -pl rolesanywhere-cli install -DskipTests -Dquick`)");
            }
            path = Paths.get(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(path + " (" + CLI_VARIABLE + ") is not an executable launcher: build "
                        + "it with `mvn -o -q -pl rolesanywhere-cli install -DskipTests -Dquick`");
            }
        }
    }

    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 50)
    public AwsCredentials inProcessFileKey(Service service) {
        try (RolesAnywhereCredentialsProvider provider = service.emulator.providerBuilder()
                .certificate(service.fixture.fileCertificate().toString())
                .privateKey(service.fixture.filePrivateKey().toString())
                .build()) {
            return provider.resolveCredentials();
        }
    }

    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 50)
    public AwsCredentials inProcessToken(Service service) {
        try (RolesAnywhereCredentialsProvider provider = service.emulator.providerBuilder()
                .certificate(service.fixture.pkcs11UriWithPinSource(TOKEN_KEY))
                .build()) {
            return provider.resolveCredentials();
        }
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 10)
    public AwsCredentials credentialProcessFileKey(Service service, Launcher launcher) {
        return viaProcess(service.emulator.credentialProcessCommand(launcher.path,
                service.fixture.fileCertificate().toString(), service.fixture.filePrivateKey().toString()));
    }

    @Benchmark
    @Warmup(iterations = 2)
    @Measurement(iterations = 10)
    public AwsCredentials credentialProcessToken(Service service, Launcher launcher) {
        return viaProcess(service.emulator.credentialProcessCommand(launcher.path,
                service.fixture.pkcs11UriWithPinSource(TOKEN_KEY), null));
    }

    private static AwsCredentials viaProcess(List<String> command) {
        try (ProcessCredentialsProvider provider = ProcessCredentialsProvider.builder().command(command).build()) {
            return provider.resolveCredentials();
        }
    }
}
