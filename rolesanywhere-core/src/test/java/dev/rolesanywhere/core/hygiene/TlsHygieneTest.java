package dev.rolesanywhere.core.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionIoException;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.LogCapture;
import dev.rolesanywhere.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CreateSession client's TLS: certificates are verified unless the caller explicitly turns that off (and then it
 * says so loudly), and servers that only speak TLS 1.0/1.1 are refused.
 */
class TlsHygieneTest {
    private static TestCertificateAuthority ca;
    private static RolesAnywhereEmulator emulator;
    private static IssuedCertificate leaf;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        ca = TestCertificateAuthority.create();
        leaf = ca.issueClientCertificate();
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static CreateSessionRequest request() {
        return CreateSessionRequest.builder()
                .signer(PrivateKeySigner.create(leaf.privateKey(), leaf.certificate()))
                .trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn())
                .roleArn(emulator.roleArn())
                .build();
    }

    @Test
    void createSession_withoutTrustConfigured_refusesTheSelfSignedServer() {
        emulator.requestLog().clear();
        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .maxAttempts(1).build()) {
            assertThatThrownBy(() -> client.createSession(request()))
                    .isInstanceOf(CreateSessionIoException.class)
                    .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
        }
        // The handshake failed before any request was sent: the signed request never reached the server.
        assertThat(emulator.requestLog().count()).isZero();
    }

    @Test
    void createSession_withTheServersCertificateTrusted_succeeds() {
        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .trustStore(emulator.trustStore()).maxAttempts(1).build()) {
            SessionCredentials credentials = client.createSession(request());

            assertThat(credentials.expiration()).isAfter(Instant.now());
        }
    }

    @Test
    void build_withCertificateVerificationDisabled_warnsAtWarnLevelAndNamesTheRisk() {
        String log;
        try (LogCapture capture = new LogCapture();
             CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                     .trustAllCertificatesEnabled(true).build()) {
            client.createSession(request());
            log = capture.text();
        }
        List<String> warnings = new ArrayList<>();
        for (String line : log.split("\n")) {
            if (line.contains(" WARN ") && line.contains("certificate verification is DISABLED")) {
                warnings.add(line);
            }
        }
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("impersonate").contains("test endpoint");
    }

    @Test
    void build_withCertificateVerificationOn_doesNotWarnAboutTls() {
        String log;
        try (LogCapture capture = new LogCapture();
             CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                     .trustStore(emulator.trustStore()).build()) {
            client.createSession(request());
            log = capture.text();
        }
        assertThat(log).doesNotContain("certificate verification is DISABLED");
    }

    @Test
    void createSession_againstAServerOfferingOnlyTls11_isRefused() throws Exception {
        Path key = dir.resolve("tls11.key");
        Path cert = dir.resolve("tls11.crt");
        openssl(new String[] {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1"});
        int port = freePort();
        // OPENSSL_CONF=/dev/null: Debian's system configuration would stop openssl itself from offering TLS 1.1.
        ProcessBuilder serverCommand = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", cert.toString(), "-key", key.toString(), "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0")
                .redirectErrorStream(true);
        serverCommand.environment().put("OPENSSL_CONF", "/dev/null");
        Process server = serverCommand.start();
        try {
            BlockingQueue<String> serverOutput = lines(server.getInputStream());
            assertThat(awaitLine(serverOutput, "ACCEPT")).as("openssl s_server listening").isTrue();

            // Control: the server really completes a TLS 1.1 handshake with a client willing to speak it.
            String control = openssl(new String[] {"openssl", "s_client", "-connect", "127.0.0.1:" + port,
                    "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"});
            assertThat(control).contains("Protocol  : TLSv1.1").doesNotContain("Cipher is (NONE)");

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = java.nio.file.Files.newInputStream(cert)) {
                trust.setCertificateEntry("tls11", (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(in));
            }
            try (CreateSessionClient client = CreateSessionClient.builder()
                    .endpoint(URI.create("https://127.0.0.1:" + port + "/"))
                    .trustStore(trust).maxAttempts(1).build()) {
                assertThatThrownBy(() -> client.createSession(request()))
                        .isInstanceOf(CreateSessionIoException.class)
                        .hasCauseInstanceOf(SSLHandshakeException.class)
                        // the server's protocol_version alert: refused for the version, not for trust or names
                        .satisfies(e -> assertThat(e.getCause().getMessage()).contains("protocol_version"));
            }
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String openssl(String[] command) {
        return ProcessRunner.command(command).environment(Map.of("OPENSSL_CONF", "/dev/null"))
                .timeout(Duration.ofSeconds(30)).run().output();
    }

    private static BlockingQueue<String> lines(InputStream in) {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    queue.add(line);
                }
            } catch (IOException e) {
                queue.add("read failed: " + e);
            }
        }, "s_server-output");
        reader.setDaemon(true);
        reader.start();
        return queue;
    }

    private static boolean awaitLine(BlockingQueue<String> lines, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line != null && line.contains(wanted)) {
                return true;
            }
        }
        return false;
    }
}
