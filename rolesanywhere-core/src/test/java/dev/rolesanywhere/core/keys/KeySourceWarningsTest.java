package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.LogCapture;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the key sources log: warnings a person must see, each once, and never a secret. */
class KeySourceWarningsTest {

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static Path key;
    private static Path cert;

    @BeforeAll
    static void generate() {
        ssl = new OpenSsl(dir);
        key = ssl.ecKey("P-256");
        cert = ssl.selfSigned(key, "warned");
    }

    @Test
    void build_withExpiredCertificate_logsExpiryWarning() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        X509Certificate expired = BcCertificates.v3(pair, "long-gone", Instant.parse("2023-01-01T00:00:00Z"),
                Instant.parse("2023-06-01T00:00:00Z"), pair.getPrivate(), "long-gone");

        try (LogCapture log = new LogCapture()) {
            PrivateKeySigner.create(pair.getPrivate(), expired);

            assertThat(log.text()).contains("WARN").contains("CN=long-gone").contains("expired at 2023-06-01T00:00:00Z");
        }
    }

    @Test
    void build_withCertificateNotYetValid_logsWarning() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        X509Certificate future = BcCertificates.v3(pair, "future", Instant.now().plus(Duration.ofDays(2)),
                Instant.now().plus(Duration.ofDays(30)), pair.getPrivate(), "future");

        try (LogCapture log = new LogCapture()) {
            PrivateKeySigner.create(pair.getPrivate(), future);

            assertThat(log.text()).contains("CN=future").contains("is not valid before");
        }
    }

    @Test
    void build_withIntermediatesOutOfOrder_warnsAndNamesTheOrder() {
        CertificateChainFixture chain = new CertificateChainFixture(ssl);
        Path reversed = OpenSsl.concat(ssl.file("reversed.pem"), chain.root, chain.intermediate);

        try (LogCapture log = new LogCapture()) {
            FileSigner.builder().certificateFile(chain.leaf).privateKeyFile(chain.leafKey)
                    .intermediatesFile(reversed).build().close();

            assertThat(log.text()).contains("not in issuing order")
                    .contains("'CN=leaf' was issued by 'CN=intermediate-ca'")
                    .contains("next certificate is 'CN=root-ca'");
        }
    }

    @Test
    void build_withIntermediatesInOrder_doesNotWarnAboutOrder() {
        CertificateChainFixture chain = new CertificateChainFixture(ssl);
        Path ordered = OpenSsl.concat(ssl.file("ordered.pem"), chain.intermediate, chain.root);

        try (LogCapture log = new LogCapture()) {
            FileSigner.builder().certificateFile(chain.leaf).privateKeyFile(chain.leafKey)
                    .intermediatesFile(ordered).build().close();

            assertThat(log.text()).doesNotContain("issuing order");
        }
    }

    @Test
    void build_withWorldReadableKeyFile_warnsOnceForThatPath() throws IOException {
        Path exposed = Files.copy(key, ssl.file("world-readable.pem"));
        Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));

        try (LogCapture log = new LogCapture()) {
            FileSigner.builder().certificateFile(cert).privateKeyFile(exposed).build().close();
            FileSigner.builder().certificateFile(cert).privateKeyFile(exposed).build().close();

            assertThat(log.count("chmod 600 " + exposed)).isEqualTo(1);
        }
    }

    @Test
    void build_withOwnerOnlyKeyFile_doesNotWarn() throws IOException {
        Path restricted = Files.copy(key, ssl.file("owner-only.pem"));
        Files.setPosixFilePermissions(restricted, PosixFilePermissions.fromString("rw-------"));

        try (LogCapture log = new LogCapture()) {
            FileSigner.builder().certificateFile(cert).privateKeyFile(restricted).build().close();

            assertThat(log.text()).doesNotContain(restricted.toString());
        }
    }

    @Test
    void reload_whenNewPairDoesNotMatch_warnsOnceAndNeverShowsPassword() throws IOException {
        Path live = Files.createDirectories(dir.resolve("live"));
        Path liveCert = Files.copy(cert, live.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
        Path liveKey = Files.copy(KeyFormat.encryptPkcs8(ssl, key, "-v2", "aes-256-cbc"), live.resolve("key.pem"),
                StandardCopyOption.REPLACE_EXISTING);
        Path otherKey = ssl.ecKey("P-256");
        MutableClock clock = new MutableClock();

        try (LogCapture log = new LogCapture();
             FileSigner signer = FileSigner.builder().certificateFile(liveCert).privateKeyFile(liveKey)
                     .password(KeyFormat.PASSWORD.toCharArray()).reloadCheckInterval(Duration.ofSeconds(1))
                     .clock(clock).build()) {
            Files.write(liveKey, Files.readAllBytes(KeyFormat.encryptPkcs8(ssl, otherKey, "-v2", "aes-256-cbc")));
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(1));
                assertThat(signer.current().certificate().getSubjectX500Principal().getName())
                        .isEqualTo("CN=warned");
            }

            assertThat(log.count("stays in use")).isEqualTo(1);
            assertThat(log.text()).contains("does not match").doesNotContain(KeyFormat.PASSWORD);
        }
    }
}
