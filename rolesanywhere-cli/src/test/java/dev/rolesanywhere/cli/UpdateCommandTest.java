package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.FaultType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

/** update --once through the built launcher, read back by the SDK's own credentials-file parser. */
class UpdateCommandTest {

    @TempDir
    Path dir;

    @Test
    void updateOnce_writesAProfileTheSdkReads_andKeepsTheRestOfTheFile() throws IOException {
        Path file = dir.resolve("shared-credentials");
        String before = "# team keys\r\n[default]\r\naws_access_key_id = AKIDDEFAULT\r\n"
                + "aws_secret_access_key = secretDEFAULT\r\n";
        Files.writeString(file, before);
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            List<String> args = new ArrayList<>(List.of("update", "--once", "--profile", "ra"));
            args.addAll(fixture.sessionArgs());

            Launcher.Result result = Launcher.run("aws_signing_helper", args,
                    Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "ROLESANYWHERE_CDS", "off"), dir);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEmpty();
            String after = Files.readString(file);
            assertThat(after).startsWith(before + "\r\n[ra]\r\naws_access_key_id = ");
            ProfileFile profiles = ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build();
            try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                    .profileFile(profiles).profileName("ra").build()) {
                assertThat(fixture.callerIdentity(provider).arn()).contains(":assumed-role/");
            }
        }
    }

    @Test
    void updateOnce_whenTheEndpointSmugglesACredentialProcessLine_refusesIt_andLeavesTheFileUntouched()
            throws IOException {
        Path file = dir.resolve("shared-credentials");
        String before = "[default]\naws_access_key_id = AKIDDEFAULT\n\n[ra]\naws_access_key_id = AKIDOLD\n";
        Files.writeString(file, before);
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            fixture.emulator.faults().hostileCredentialsNext(3);
            List<String> args = new ArrayList<>(List.of("update", "--once", "--profile", "ra"));
            args.addAll(fixture.sessionArgs());

            Launcher.Result result = Launcher.run("aws_signing_helper", args,
                    Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "ROLESANYWHERE_CDS", "off"), dir);

            assertThat(result.exitCode()).as(result.stderr()).isEqualTo(1);
            assertThat(result.stderr()).contains("sessionToken").contains("refused")
                    .doesNotContain(FaultType.HOSTILE_LINE);
            assertThat(Files.readString(file)).isEqualTo(before);
            assertThat(fixture.emulator.requestLog().count()).as("CreateSession calls").isEqualTo(1);
            // The line would run this in the directory of whatever process read the profile next.
            assertThat(dir.resolve("rolesanywhere-hostile-endpoint-ran")).doesNotExist();
            ProfileFile profiles = ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build();
            assertThat(profiles.profile("ra").orElseThrow().property("credential_process")).isEmpty();
        }
    }

    @Test
    void updateOnce_withoutAnExplicitFile_createsHomeAwsCredentials_privately() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            List<String> args = new ArrayList<>(List.of("update", "--once"));
            args.addAll(fixture.sessionArgs());

            Launcher.Result result = Launcher.run("rolesanywhere", args,
                    Map.of("HOME", home.toString(), "ROLESANYWHERE_CDS", "off"), dir);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            Path aws = home.resolve(".aws");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(aws))).isEqualTo("rwx------");
            Path credentials = aws.resolve("credentials");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
            assertThat(Files.readString(credentials)).startsWith("[default]\naws_access_key_id = ");
        }
    }
}
