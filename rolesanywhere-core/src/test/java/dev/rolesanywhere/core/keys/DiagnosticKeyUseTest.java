package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PasswordRequiredException;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What diagnostics need from key files beyond CreateSession: other digests, certificates and keys read alone, and
 * clear words for inputs this library cannot use (TPM key files and handles, a missing password).
 */
class DiagnosticKeyUseTest {

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static Path rsaKey;
    private static Path rsaCert;
    private static Path ecKey;
    private static Path ecCert;

    @BeforeAll
    static void generate() {
        ssl = new OpenSsl(dir);
        rsaKey = ssl.rsaKey(2048);
        rsaCert = ssl.selfSigned(rsaKey, "rsa-diagnostics");
        ecKey = ssl.ecKey("P-256");
        ecCert = ssl.selfSigned(ecKey, "ec-diagnostics");
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void sign_withAnotherDigest_producesWhatTheJdkVerifiesWithThatDigest(HashAlgorithm hash) throws Exception {
        byte[] data = "sign-string".getBytes(StandardCharsets.UTF_8);
        for (Path[] pair : new Path[][] {{rsaCert, rsaKey}, {ecCert, ecKey}}) {
            try (FileSigner signer = FileSigner.builder().certificateFile(pair[0]).privateKeyFile(pair[1]).build()) {
                byte[] signature = signer.sign(data, hash);

                Signature verifier = Signature.getInstance(hash.signatureName(signer.algorithm()));
                verifier.initVerify(signer.certificate().getPublicKey());
                verifier.update(data);
                assertThat(verifier.verify(signature)).as("%s %s", signer.algorithm(), hash).isTrue();
            }
        }
    }

    @Test
    void keyFiles_readTheCertificateAlone_andTheKeyAlone() throws Exception {
        X509Certificate certificate = KeyFiles.certificates(ecCert, null).get(0);

        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=ec-diagnostics");
        assertThat(KeyFiles.privateKey(ecKey, null).getAlgorithm()).isEqualTo("EC");
        assertThatThrownBy(() -> KeyFiles.privateKey(ecCert, null))
                .isInstanceOf(KeySourceException.class).hasMessageContaining("holds no private key");
        assertThatThrownBy(() -> KeyFiles.certificates(ecKey, null))
                .isInstanceOf(KeySourceException.class).hasMessageContaining("holds no certificate");
    }

    @Test
    void anEncryptedKeyWithoutPassword_isATypedError_namingTheCommandLineOption() {
        Path encrypted = KeyFormat.encryptPkcs8(ssl, ecKey, "-v2", "aes-256-cbc");

        assertThatThrownBy(() -> KeyFiles.privateKey(encrypted, null))
                .isInstanceOf(PasswordRequiredException.class)
                .hasMessageContaining("--pkcs8-password")
                .hasMessageNotContaining("FileSigner.Builder");
        assertThat(KeyFiles.privateKey(encrypted, KeyFormat.PASSWORD.toCharArray()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aTss2KeyFile_isExplainedAsATpmKey() throws Exception {
        Path tss2 = Files.writeString(dir.resolve("tpm.key"), "-----BEGIN TSS2 PRIVATE KEY-----\n"
                + "MIIBBgYGZ4EFCgEDoAMBAf8CBEAAAAEEggEBAA==\n-----END TSS2 PRIVATE KEY-----\n");

        assertThatThrownBy(() -> Signers.fromSpec(SignerSpec.builder().certificate(ecCert.toString())
                .privateKey(tss2.toString()).build()))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("TPM 2.0 key file")
                .hasMessageContaining("tpm2-pkcs11");
    }

    @ParameterizedTest
    @ValueSource(strings = {"handle:0x81000001", " HANDLE:0x81000002"})
    void aTpmHandle_isExplainedAsATpmKey(String location) {
        assertThatThrownBy(() -> Signers.fromSpec(SignerSpec.builder().certificate(ecCert.toString())
                .privateKey(location).build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("TPM 2.0 persistent key handle")
                .hasMessageContaining("pkcs11: URI");
    }
}
