package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.JavaCommand;
import dev.rolesanywhere.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build that excludes Bouncy Castle (a FIPS build running bc-fips, which cannot share a class path with bcprov)
 * gets a typed error naming the dependency when a key source needs it, not a NoClassDefFoundError from deep inside.
 */
class WithoutBouncyCastleTest {

    @TempDir
    Path dir;

    @Test
    void keyFiles_withoutBouncyCastleOnTheClassPath_failWithAMessageNamingTheDependency() {
        IssuedCertificate leaf = TestCertificateAuthority.create().issueClientCertificate();
        JavaCommand command = JavaCommand.main(WithoutBouncyCastleMain.class)
                .withoutJars(name -> name.startsWith("bcprov-") || name.startsWith("bcpkix-")
                        || name.startsWith("bcutil-"))
                .arguments(leaf.writeCertificatePem(dir.resolve("leaf.pem")).toString(),
                        leaf.writePrivateKeyPem(dir.resolve("leaf.key")).toString());
        assertThat(command.classPath()).noneMatch(entry -> entry.contains("bouncycastle"));

        ProcessRunner.Result result = ProcessRunner.command(command.toList()).timeout(Duration.ofSeconds(60)).run()
                .check();

        assertThat(result.stdout()).startsWith("KeySourceException: Loading the key ")
                .contains("needs Bouncy Castle", "org.bouncycastle:bcprov-jdk18on", "bc-fips");
        assertThat(result.stderr()).doesNotContain("NoClassDefFoundError");
    }
}
