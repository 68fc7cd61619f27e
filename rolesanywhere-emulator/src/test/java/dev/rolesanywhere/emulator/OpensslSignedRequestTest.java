package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Signatures made by {@code openssl dgst -sha256 -sign} are accepted: the emulator's verification agrees with an
 * implementation that is neither the JDK nor Bouncy Castle.
 */
class OpensslSignedRequestTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "RSA_4096", "EC_P256", "EC_P384", "EC_P521"})
    void createSession_signedByOpenssl_isAccepted(KeyType keyType) throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate client = ca.issueClientCertificate(keyType);
        Path key = client.writePrivateKeyPem(dir.resolve("key.pem"));
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            IssuedCredentials.from(new TestCreateSessionRequest(emulator, EmulatorHttp.client(emulator), client)
                    .signingFunction(stringToSign -> opensslSign(key, stringToSign)).send());
        }
    }

    @Test
    void rsaSignature_isDeterministicSoOpensslAndTheJdkAgreeByteForByte() throws Exception {
        IssuedCertificate client = TestCertificateAuthority.create().issueClientCertificate(KeyType.RSA_2048);
        Path key = client.writePrivateKeyPem(dir.resolve("key.pem"));
        byte[] message = "AWS4-X509-RSA-SHA256\n20260101T000000Z\nscope\nhash".getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA");
        jdk.initSign(client.privateKey());
        jdk.update(message);
        assertThat(opensslSign(key, message)).isEqualTo(jdk.sign());
    }

    private byte[] opensslSign(Path key, byte[] stringToSign) throws Exception {
        Path input = Files.write(Files.createTempFile(dir, "sts", ".txt"), stringToSign);
        Path signature = dir.resolve(input.getFileName() + ".sig");
        ProcessRunner.Result result = ProcessRunner.command("openssl", "dgst", "-sha256", "-sign", key.toString(),
                "-out", signature.toString(),
                input.toString()).run();
        assertThat(result.exitCode()).as(result.output()).isZero();
        return Files.readAllBytes(signature);
    }
}
