package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.testing.ProcessRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-alone launcher: options, the files it writes and what it prints. */
class EmulatorMainTest {
    @Test
    void start_writesUsableFilesAndPrintsEndpointAndArns(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        EmulatorMain.Options options = EmulatorMain.Options.parse(new String[] {"--dir", dir.toString(), "--key-type", "RSA_2048",
            "--region", "eu-central-1"});
        try (RolesAnywhereEmulator emulator = EmulatorMain.start(options, new PrintStream(printed, true, "UTF-8"))) {
            String out = printed.toString(StandardCharsets.UTF_8);
            assertThat(out).contains(emulator.endpoint().toString()).contains(emulator.stsEndpoint().toString())
                    .contains(emulator.trustAnchorArn()).contains(emulator.profileArn()).contains(emulator.roleArn())
                    .contains(dir.resolve("client.pem").toString()).doesNotContain("PRIVATE KEY");
            assertThat(emulator.region()).isEqualTo("eu-central-1");
            for (String file : new String[] {"ca.pem", "ca-key.pem", "client.pem", "client-key.pem",
                "server-trust.pem"}) {
                assertThat(dir.resolve(file)).isNotEmptyFile();
            }
            ProcessRunner.Result verify = ProcessRunner.command("openssl", "verify", "-CAfile",
                    dir.resolve("ca.pem").toString(),
                    dir.resolve("client.pem").toString()).run();
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            ProcessRunner.Result key = ProcessRunner.command("openssl", "pkey", "-in",
                    dir.resolve("client-key.pem").toString(), "-pubout").run();
            ProcessRunner.Result cert = ProcessRunner.command("openssl", "x509", "-in",
                    dir.resolve("client.pem").toString(), "-noout",
                    "-pubkey").run();
            assertThat(key.output()).isEqualTo(cert.output());
            assertThat(Files.readString(dir.resolve("server-trust.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void start_inADirectoryWithPlantedLinks_replacesTheLinks_andWritesKeysOwnerOnly(@TempDir Path base)
            throws Exception {
        Path dir = Files.createDirectories(base.resolve("shared"));
        Path victim = Files.writeString(base.resolve("victim.txt"), "precious\n");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Files.createSymbolicLink(dir.resolve("client-key.pem"), victim);
        Files.createSymbolicLink(dir.resolve("ca.pem"), victim);
        EmulatorMain.Options options = EmulatorMain.Options.parse(new String[] {"--dir", dir.toString()});

        // The files stay after the emulator stops.
        EmulatorMain.start(options, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8")).close();

        assertThat(Files.readString(victim)).isEqualTo("precious\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-r--r--");
        for (String key : new String[] {"client-key.pem", "ca-key.pem"}) {
            Path file = dir.resolve(key);
            assertThat(Files.isSymbolicLink(file)).as(key).isFalse();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(key)
                    .isEqualTo("rw-------");
            assertThat(Files.readString(file)).as(key).startsWith("-----BEGIN PRIVATE KEY-----");
        }
        assertThat(Files.isSymbolicLink(dir.resolve("ca.pem"))).isFalse();
        assertThat(Files.readString(dir.resolve("ca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .allMatch(name -> name.endsWith(".pem"));
        }
    }

    @Test
    void start_withANewDirectory_makesItOwnerOnly(@TempDir Path base) throws Exception {
        Path dir = base.resolve("new/emulator");
        EmulatorMain.Options options = EmulatorMain.Options.parse(new String[] {"--dir", dir.toString()});

        EmulatorMain.start(options, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8")).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(dir.resolve("client-key.pem")).isNotEmptyFile();
    }

    @Test
    void options_areValidated() {
        assertThat(EmulatorMain.Options.parse(new String[] {"--port", "8443"}).port).isEqualTo(8443);
        assertThat(EmulatorMain.Options.parse(new String[] {"--help"}).help).isTrue();
        assertThatThrownBy(() -> EmulatorMain.Options.parse(new String[] {"--port", "x"})).hasMessageContaining("number");
        assertThatThrownBy(() -> EmulatorMain.Options.parse(new String[] {"--dir"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> EmulatorMain.Options.parse(new String[] {"--key-type", "DSA"}))
                .hasMessageContaining("EC_P256");
        assertThatThrownBy(() -> EmulatorMain.Options.parse(new String[] {"--verbose"})).hasMessageContaining("unknown");
    }
}
