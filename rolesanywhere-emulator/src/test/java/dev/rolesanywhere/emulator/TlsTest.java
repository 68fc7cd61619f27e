package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS side: trusted through {@code trustStore()} or the PEM bundle, and by nothing else. */
class TlsTest {
    static RolesAnywhereEmulator emulator;

    @BeforeAll
    static void start() {
        emulator = RolesAnywhereEmulator.builder().trustAnchor(TestCertificateAuthority.create().certificate())
                .build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static HttpRequest post(URI uri) {
        return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void defaultTrust_doesNotTrustTheEmulator() {
        HttpClient untrusting = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        assertThatThrownBy(() -> untrusting.send(post(emulator.endpoint().resolve("/sessions")),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void trustStore_trustsTheEmulatorBy127001AndLocalhost() throws Exception {
        HttpClient http = EmulatorHttp.client(emulator);
        HttpResponse<String> byIp = http.send(post(emulator.endpoint().resolve("/sessions")),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> byName = http.send(post(URI.create("https://localhost:" + emulator.port() + "/sessions")),
                HttpResponse.BodyHandlers.ofString());
        // Unsigned requests are refused, but only after a successful TLS handshake.
        assertThat(byIp.statusCode()).isEqualTo(403);
        assertThat(byName.statusCode()).isEqualTo(403);
        assertThat(byIp.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
    }

    @Test
    void serverCertificate_namesTheLoopbackAddressAndLocalhost() throws Exception {
        X509Certificate certificate = emulator.serverCertificate();
        List<String> names = new ArrayList<>();
        for (List<?> name : certificate.getSubjectAlternativeNames()) {
            names.add(name.get(1).toString());
        }
        assertThat(names).containsExactlyInAnyOrder("127.0.0.1", "localhost");
        assertThat(certificate.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        assertThat(emulator.trustStore().getCertificate("rolesanywhere-emulator")).isEqualTo(certificate);
    }

    @Test
    void writeTrustBundle_writesThePemOfTheServerCertificate(@TempDir Path dir) throws Exception {
        Path bundle = emulator.writeTrustBundle(dir.resolve("trust/server.pem"));
        Collection<java.security.cert.Certificate> parsed = new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(bundle))));
        assertThat(parsed).containsExactly(emulator.serverCertificate());
        ProcessRunner.Result text = ProcessRunner.command("openssl", "x509", "-in", bundle.toString(), "-noout",
                "-ext", "subjectAltName").run();
        assertThat(text.output()).contains("IP Address:127.0.0.1").contains("DNS:localhost");
    }

    @Test
    void eachEmulator_hasItsOwnCertificate() {
        try (RolesAnywhereEmulator other = RolesAnywhereEmulator.builder()
                .trustAnchor(TestCertificateAuthority.create().certificate()).build().start()) {
            assertThat(other.serverCertificate()).isNotEqualTo(emulator.serverCertificate());
            assertThat(other.port()).isNotEqualTo(emulator.port());
        }
    }
}
