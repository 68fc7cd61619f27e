package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.JavaCommand;
import dev.rolesanywhere.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIPS builds run bc-fips, which cannot share a class path with bcprov: the plain key sources must work on the JDK
 * alone. Each case runs CreateSession in a JVM without any Bouncy Castle jar, against the emulator in this JVM, which
 * verifies the signature; a format that needs Bouncy Castle is refused naming it.
 */
class WithoutBouncyCastleTest {
    private static final TestCertificateAuthority CA = TestCertificateAuthority.create();
    private static final String PASSWORD = "fips-test-password";
    private static RolesAnywhereEmulator emulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        emulator = RolesAnywhereEmulator.builder().trustAnchor(CA.certificate()).build().start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String run(String kind, Path first, Path second, String password) {
        JavaCommand command = JavaCommand.main(WithoutBouncyCastleMain.class)
                .withoutJars(name -> name.startsWith("bcprov-") || name.startsWith("bcpkix-")
                        || name.startsWith("bcutil-"))
                .arguments(kind, first.toString(), second == null ? "-" : second.toString(),
                        password == null ? "-" : password, emulator.endpoint().toString(), emulator.trustAnchorArn(),
                        emulator.profileArn(), emulator.roleArn(),
                        emulator.writeTrustBundle(dir.resolve("ca.pem")).toString());
        assertThat(command.classPath()).noneMatch(entry -> entry.contains("bouncycastle"));
        ProcessRunner.Result result = ProcessRunner.command(command.toList()).secret(PASSWORD)
                .timeout(Duration.ofSeconds(60)).run().check();
        assertThat(result.stderr()).doesNotContain("NoClassDefFoundError");
        return result.stdout();
    }

    private static String openssl(String... args) {
        return ProcessRunner.command(args).secret(PASSWORD).run().check().stdout();
    }

    @Test
    void pkcs8PemFiles_withRsaAndEcKeys_signCreateSession() {
        for (KeyType type : new KeyType[] {KeyType.EC_P256, KeyType.RSA_2048, KeyType.EC_P384}) {
            IssuedCertificate leaf = CA.issueClientCertificate(type);
            String out = run("files", leaf.writeCertificatePem(dir.resolve(type + ".pem")),
                    leaf.writePrivateKeyPem(dir.resolve(type + ".key")), null);
            assertThat(out).as("%s", type).startsWith("access key ASIA").contains("signed by a file");
        }
    }

    @Test
    void anEncryptedPkcs8Key_withPbes2_isDecryptedByTheJdk() {
        IssuedCertificate leaf = CA.issueClientCertificate(KeyType.EC_P256);
        Path plain = leaf.writePrivateKeyPem(dir.resolve("plain.key"));
        Path encrypted = dir.resolve("encrypted.key");
        openssl("openssl", "pkcs8", "-topk8", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256", "-in",
                plain.toString(), "-out", encrypted.toString(), "-passout", "pass:" + PASSWORD);

        Path certificate = leaf.writeCertificatePem(dir.resolve("encrypted.pem"));
        assertThat(run("files", certificate, encrypted, PASSWORD)).startsWith("access key ASIA");
        assertThat(run("files", certificate, encrypted, "wrong-password"))
                .startsWith("KeySourceException: ").contains("the password is wrong");
    }

    @Test
    void aPkcs12File_andAJdkKeyStore_signCreateSession() {
        IssuedCertificate leaf = CA.issueClientCertificate(KeyType.RSA_2048);
        Path store = leaf.writePkcs12(dir.resolve("client.p12"), PASSWORD.toCharArray());

        assertThat(run("files", store, null, PASSWORD)).startsWith("access key ASIA").contains("signed by a file");
        assertThat(run("keystore", store, null, PASSWORD)).startsWith("access key ASIA")
                .contains("signed by a keystore");
    }

    @Test
    void aSec1EcKey_whichOnlyBouncyCastleReads_isRefusedNamingTheDependencyAndTheConversion() {
        IssuedCertificate leaf = CA.issueClientCertificate(KeyType.EC_P256);
        Path sec1 = dir.resolve("sec1.key");
        openssl("openssl", "ec", "-in", leaf.writePrivateKeyPem(dir.resolve("for-sec1.key")).toString(),
                "-out", sec1.toString());

        String out = run("files", leaf.writeCertificatePem(dir.resolve("sec1.pem")), sec1, null);

        assertThat(out).startsWith("KeySourceException: ").contains("'EC PRIVATE KEY'")
                .contains("org.bouncycastle:bcprov-jdk18on").contains("openssl pkcs8 -topk8");
    }
}
