package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.JavaCommand;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FIPS class paths carry bc-fips, which cannot share one with bcprov, so signing with a token key must need no Bouncy
 * Castle at all. Each case runs in a JVM without bcprov, bcpkix and bcutil: keys that {@code pkcs11-tool} generated
 * on a SoftHSM2 token sign CreateSession against the emulator in this JVM, which verifies each signature with its own
 * code (and needs Bouncy Castle itself, so it stays here). Certificate requests, the one step that needs Bouncy
 * Castle, are refused naming it.
 */
class WithoutBouncyCastleTest {
    private static TestCertificateAuthority ca;
    private static RolesAnywhereEmulator emulator;
    private static SoftHsmToken token;
    private static TokenKey ec;
    private static TokenKey rsa;
    private static TokenKey rawRsaOnly;
    private static TokenKey certifiedLater;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() {
        ca = TestCertificateAuthority.create();
        emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start();
        token = SoftHsmFixture.shared().createToken();
        ec = token.key("ec-p256").type(TestKeyType.EC_P256).generatedOnToken()
                .certifiedBy(key -> ca.issueClientCertificate(key, "CN=ec-p256").certificate()).create();
        rsa = token.key("rsa-2048").type(TestKeyType.RSA_2048).generatedOnToken()
                .certifiedBy(key -> ca.issueClientCertificate(key, "CN=rsa-2048").certificate()).create();
        // Only CKM_RSA_PKCS: the signer builds the DigestInfo itself.
        rawRsaOnly = token.key("raw-rsa-only").type(TestKeyType.RSA_2048).generatedOnToken()
                .allowedMechanisms("RSA-PKCS")
                .certifiedBy(key -> ca.issueClientCertificate(key, "CN=raw-rsa-only").certificate()).create();
        // Its certificate is imported by TokenProvisioner in the JVM without Bouncy Castle.
        certifiedLater = token.key("certified-later").type(TestKeyType.EC_P256).generatedOnToken()
                .withoutCertificate().create();
    }

    @AfterAll
    static void tearDown() {
        emulator.close();
    }

    @BeforeEach
    void clearLog() {
        emulator.requestLog().clear();
    }

    private static String run(String... arguments) {
        JavaCommand command = JavaCommand.main(WithoutBouncyCastleMain.class)
                .withoutJars(name -> name.startsWith("bcprov-") || name.startsWith("bcpkix-")
                        || name.startsWith("bcutil-"))
                .arguments(arguments);
        assertThat(command.classPath()).noneMatch(entry -> entry.contains("bouncycastle"));
        ProcessRunner.Result result = ProcessRunner.command(command.toList())
                .environment(SoftHsmFixture.shared().environment()).secret(new String(token.userPin()))
                .timeout(Duration.ofSeconds(60)).run().check();
        assertThat(result.stderr()).doesNotContain("NoClassDefFoundError").doesNotContain("bouncycastle");
        return result.stdout();
    }

    private static String createSession(String route, TokenKey key) {
        String uri = Pkcs11Uri.parse(key.uri()).toBuilder().pinSource(token.writePinFile().toString()).build()
                .toString();
        return run(route, uri, emulator.endpoint().toString(), emulator.trustAnchorArn(), emulator.profileArn(),
                emulator.roleArn(), emulator.writeTrustBundle(dir.resolve("ca.pem")).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"builder", "spec"})
    void anEcP256KeyOnTheToken_signsCreateSession_verifiedByTheEmulator(String route) {
        assertThat(createSession(route, ec)).startsWith("access key ASIA")
                .contains("signed by a pkcs11 ECDSA_SHA256 key");

        LoggedRequest logged = emulator.requestLog().last().get();
        assertThat(logged.succeeded()).isTrue();
        assertThat(logged.algorithm()).contains("AWS4-X509-ECDSA-SHA256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"builder", "spec"})
    void anRsaKeyOnTheToken_signsCreateSession_verifiedByTheEmulator(String route) {
        assertThat(createSession(route, rsa)).startsWith("access key ASIA")
                .contains("signed by a pkcs11 RSA_SHA256 key");

        LoggedRequest logged = emulator.requestLog().last().get();
        assertThat(logged.succeeded()).isTrue();
        assertThat(logged.algorithm()).contains("AWS4-X509-RSA-SHA256");
    }

    @Test
    void anRsaKeyAllowedOnlyRawRsa_signsWithADigestInfoBuiltWithoutBouncyCastle() {
        assertThat(createSession("builder", rawRsaOnly)).startsWith("access key ASIA");

        assertThat(emulator.requestLog().last().get().succeeded()).isTrue();
    }

    @Test
    void provisioning_generatesKeysAndImportsCertificates_butRefusesTheCertificateRequestNamingWhatToAdd() {
        String uri = Pkcs11Uri.parse(token.uri()).toBuilder().pinSource(token.writePinFile().toString()).build()
                .toString();
        Path certificate = ca.issueClientCertificate(certifiedLater.publicKey(), "CN=certified-later")
                .writeCertificatePem(dir.resolve("certified-later.pem"));

        String out = run("provision", uri, certificate.toString(), SoftHsmToken.hex(certifiedLater.id()),
                certifiedLater.label());

        assertThat(out).startsWith("generated EC_P256 EC key\nimported CN=certified-later\n");
        assertThat(out).contains("ConfigurationException: Creating a certificate request needs Bouncy Castle")
                .contains("org.bouncycastle:bcprov-jdk18on and bcpkix-jdk18on")
                .contains("signing with Pkcs11Signer all work")
                .doesNotContain("certificate request created");
        // The imported certificate is the one the signer finds for the key, and the service accepts it.
        assertThat(createSession("builder", certifiedLater)).startsWith("access key ASIA");
        assertThat(emulator.requestLog().last().get().succeeded()).isTrue();
    }
}
