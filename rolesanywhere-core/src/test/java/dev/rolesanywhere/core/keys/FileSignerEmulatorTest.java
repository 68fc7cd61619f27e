package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * File-based signers against the project's emulator over real HTTPS: the emulator checks the signature, the chain
 * and the trust anchor with its own code, so a key read wrongly or a chain sent wrongly fails here.
 */
class FileSignerEmulatorTest {

    private static TestCertificateAuthority root;
    private static TestCertificateAuthority intermediate;
    private static RolesAnywhereEmulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() {
        root = TestCertificateAuthority.builder().keyType(KeyType.EC_P256).build();
        intermediate = root.issueIntermediate(KeyType.EC_P384);
        emulator = RolesAnywhereEmulator.builder().trustAnchor(root.certificate()).build().start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    private static SessionCredentials createSession(Signer signer) {
        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                .trustStore(emulator.trustStore()).build()) {
            return client.createSession(CreateSessionRequest.builder().signer(signer)
                    .trustAnchorArn(emulator.trustAnchorArn()).profileArn(emulator.profileArn())
                    .roleArn(emulator.roleArn()).build());
        }
    }

    private static LoggedRequest lastRequest() {
        return emulator.requestLog().last().orElseThrow(() -> new AssertionError("no request reached the emulator"));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void createSession_withLeafKeyAndIntermediatesFromFiles_isAccepted(KeyType keyType) {
        IssuedCertificate leaf = intermediate.issueClientCertificate(keyType);
        Path cert = leaf.writeCertificatePem(dir.resolve("leaf.pem"));
        Path key = leaf.writePrivateKeyPem(dir.resolve("leaf.key"));
        Path intermediates = leaf.writeIntermediatesPem(dir.resolve("intermediates.pem"));

        try (FileSigner signer = FileSigner.builder().certificateFile(cert).privateKeyFile(key)
                .intermediatesFile(intermediates).build()) {
            SessionCredentials credentials = createSession(signer);

            assertThat(credentials.accessKeyId()).isNotBlank();
            assertThat(lastRequest().succeeded()).isTrue();
            assertThat(lastRequest().serialNumber()).contains(leaf.serialNumber().toString());
            assertThat(lastRequest().signedHeaders()).contains("x-amz-x509-chain");
        }
    }

    @Test
    void createSession_afterCertificateRotationOnDisk_presentsTheNewCertificate() throws IOException {
        IssuedCertificate first = intermediate.issueClientCertificate(KeyType.EC_P256);
        IssuedCertificate second = intermediate.issueClientCertificate(KeyType.EC_P256);
        Path chainFile = dir.resolve("chain.pem");
        Path keyFile = dir.resolve("key.pem");
        first.writeChainPem(chainFile);
        first.writePrivateKeyPem(keyFile);
        MutableClock clock = new MutableClock();

        try (FileSigner signer = FileSigner.builder().certificateFile(chainFile).privateKeyFile(keyFile)
                .reloadCheckInterval(Duration.ofMinutes(5)).clock(clock).build()) {
            createSession(signer);
            assertThat(lastRequest().serialNumber()).contains(first.serialNumber().toString());

            Files.move(second.writeChainPem(dir.resolve("chain.pem.new")), chainFile,
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(second.writePrivateKeyPem(dir.resolve("key.pem.new")), keyFile,
                    StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            clock.advance(Duration.ofMinutes(5));
            createSession(signer);

            assertThat(lastRequest().succeeded()).isTrue();
            assertThat(lastRequest().serialNumber()).contains(second.serialNumber().toString());
        }
    }
}
