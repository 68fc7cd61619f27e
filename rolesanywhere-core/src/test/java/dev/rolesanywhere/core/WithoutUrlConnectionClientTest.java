package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
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
 * The SDK's url-connection client is an implementation detail: a user who brings their own SdkHttpClient can exclude
 * it. CreateSession runs in a JVM without it on the class path, against the emulator in this one.
 */
class WithoutUrlConnectionClientTest {
    private static final TestCertificateAuthority CA = TestCertificateAuthority.create();
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

    private static ProcessRunner.Result runWithout(String mode) {
        IssuedCertificate leaf = CA.issueClientCertificate();
        JavaCommand command = JavaCommand.main(WithoutUrlConnectionMain.class)
                .withoutJars(name -> name.startsWith("url-connection-client-"))
                .arguments(mode, emulator.endpoint().toString(), emulator.trustAnchorArn(), emulator.profileArn(),
                        emulator.roleArn(), leaf.writeCertificatePem(dir.resolve(mode + ".pem")).toString(),
                        leaf.writePrivateKeyPem(dir.resolve(mode + ".key")).toString(),
                        emulator.writeTrustBundle(dir.resolve("ca.pem")).toString());
        assertThat(command.classPath()).noneMatch(entry -> entry.contains("url-connection-client"));
        return ProcessRunner.command(command.toList()).timeout(Duration.ofSeconds(60)).run().check();
    }

    @Test
    void withTheCallersHttpClient_createSessionWorks_withoutTheUrlConnectionClient() {
        ProcessRunner.Result result = runWithout("own");

        assertThat(result.stdout()).startsWith("access key ASIA");
        assertThat(result.stderr()).doesNotContain("NoClassDefFoundError");
    }

    @Test
    void withoutAnyHttpClient_theErrorNamesTheDependency_andTheAlternative() {
        ProcessRunner.Result result = runWithout("none");

        assertThat(result.stdout()).contains("ConfigurationException: No HTTP client for CreateSession")
                .contains("software.amazon.awssdk:url-connection-client").contains("httpClient(...)");
    }
}
