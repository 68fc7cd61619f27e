package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.testing.JcaTestSigner;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the client uses a {@link Signer}, and what it logs while signing. */
class CreateSessionClientSignerUseTest {
    private static TestCertificateAuthority ca;
    private static RolesAnywhereEmulator emulator;

    @BeforeAll
    static void start() {
        ca = TestCertificateAuthority.builder().keyType(KeyType.EC_P256).build();
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

    private static CreateSessionClient.Builder client() {
        return CreateSessionClient.builder().endpoint(emulator.endpoint()).trustStore(emulator.trustStore())
                .backoffBaseDelay(Duration.ofMillis(1)).backoffMaxDelay(Duration.ofMillis(2));
    }

    private static CreateSessionRequest request(Signer signer) {
        return CreateSessionRequest.builder().signer(signer).trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn()).roleArn(emulator.roleArn()).build();
    }

    /** A rotating source: each snapshot is a different certificate; the source itself must never sign. */
    private static final class RotatingSigner implements Signer {
        final AtomicInteger snapshots = new AtomicInteger();

        @Override
        public X509Certificate certificate() {
            throw new AssertionError("the client must use the snapshot's certificate");
        }

        @Override
        public List<X509Certificate> certificateChain() {
            throw new AssertionError("the client must use the snapshot's chain");
        }

        @Override
        public SigningAlgorithm algorithm() {
            throw new AssertionError("the client must use the snapshot's algorithm");
        }

        @Override
        public byte[] sign(byte[] data) {
            throw new AssertionError("the client must sign with the snapshot");
        }

        @Override
        public Signer current() {
            snapshots.incrementAndGet();
            IssuedCertificate fresh = ca.issueClientCertificate(KeyType.EC_P256);
            return new JcaTestSigner(fresh.privateKey(), fresh.certificate(), Collections.emptyList());
        }
    }

    /** A signer whose key has become unusable. */
    private static final class FailingSigner implements Signer {
        private final X509Certificate certificate;
        private final Supplier<RuntimeException> failure;

        FailingSigner(X509Certificate certificate, Supplier<RuntimeException> failure) {
            this.certificate = certificate;
            this.failure = failure;
        }

        @Override
        public X509Certificate certificate() {
            return certificate;
        }

        @Override
        public List<X509Certificate> certificateChain() {
            return Collections.emptyList();
        }

        @Override
        public SigningAlgorithm algorithm() {
            return SigningAlgorithm.ECDSA_SHA256;
        }

        @Override
        public byte[] sign(byte[] data) {
            throw failure.get();
        }
    }

    @Test
    void createSession_takesOneSnapshotPerAttemptAndUsesOnlyIt() {
        emulator.faults().serviceUnavailableNext(1);
        RotatingSigner rotating = new RotatingSigner();
        try (CreateSessionClient client = client().build()) {
            assertThat(client.createSession(request(rotating)).accessKeyId()).isNotBlank();
        }
        assertThat(rotating.snapshots.get()).isEqualTo(2);
        assertThat(emulator.requestLog().entries()).extracting(e -> e.serialNumber().orElseThrow())
                .doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void createSession_whenTheSignerFailsWithItsOwnError_passesItOnWithoutRetrying() {
        AtomicInteger calls = new AtomicInteger();
        Signer locked = new FailingSigner(ca.issueClientCertificate(KeyType.EC_P256).certificate(), () -> {
            calls.incrementAndGet();
            return new KeySourceException("token PIN is locked: unlock it with the SO PIN");
        });
        try (CreateSessionClient client = client().maxAttempts(5).build()) {
            assertThatThrownBy(() -> client.createSession(request(locked)))
                    .isInstanceOf(KeySourceException.class)
                    .hasMessage("token PIN is locked: unlock it with the SO PIN");
        }
        assertThat(calls.get()).isEqualTo(1);
        assertThat(emulator.requestLog().count()).isZero();
    }

    @Test
    void createSession_whenTheSignerThrowsAnythingElse_wrapsItAsASigningException() {
        Signer broken = new FailingSigner(ca.issueClientCertificate(KeyType.EC_P256).certificate(),
                () -> new IllegalStateException("device removed"));
        try (CreateSessionClient client = client().build()) {
            assertThatThrownBy(() -> client.createSession(request(broken)))
                    .isInstanceOf(SigningException.class)
                    .hasMessageContaining("device removed")
                    .hasCauseInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void debugLogging_showsTheCanonicalRequestAndStringToSignButNoCredentials() {
        IssuedCertificate leaf = ca.issueClientCertificate(KeyType.EC_P256);
        Signer signer = new JcaTestSigner(leaf.privateKey(), leaf.certificate(), Collections.emptyList());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        SessionCredentials credentials;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (CreateSessionClient client = client().debugLoggingEnabled(true).build()) {
            credentials = client.createSession(request(signer));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log).contains("INFO " + CreateSessionClient.DEBUG_LOGGER + " - CreateSession attempt 1")
                .contains("Canonical request:\nPOST\n/sessions\nprofileArn=")
                .contains("String to sign:\nAWS4-X509-ECDSA-SHA256\n")
                .contains("x-amz-date:" + emulator.requestLog().last().orElseThrow().amzDate().orElseThrow());
        assertThat(log).doesNotContain(credentials.secretAccessKey()).doesNotContain(credentials.sessionToken());
    }

    @Test
    void withoutTheFlag_theSigningLoggerAtDebugShowsTheSameTextAtDebugLevel() {
        // The module's surefire configuration sets this logger to DEBUG, as a user would in their SLF4J backend.
        IssuedCertificate leaf = ca.issueClientCertificate(KeyType.EC_P256);
        Signer signer = new JcaTestSigner(leaf.privateKey(), leaf.certificate(), Collections.emptyList());
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        SessionCredentials credentials;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (CreateSessionClient client = client().build()) {
            credentials = client.createSession(request(signer));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);

        assertThat(log).contains("DEBUG " + CreateSessionClient.DEBUG_LOGGER + " - CreateSession attempt 1")
                .contains("Canonical request:\nPOST\n/sessions\n")
                .doesNotContain("INFO " + CreateSessionClient.DEBUG_LOGGER);
        assertThat(log).doesNotContain(credentials.secretAccessKey()).doesNotContain(credentials.sessionToken());
    }
}
