package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** credential-process through the built launcher, against the emulator over HTTPS, read by real SDK clients. */
class CredentialProcessTest {

    @TempDir
    Path dir;

    private Map<String, String> env() {
        return Map.of("ROLESANYWHERE_CDS", "off", "HOME", dir.toString());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void credentialProcess_printsOnlyTheDocumentedJson_andStsAcceptsTheCredentials(KeyType keyType) {
        try (EmulatorFixture fixture = EmulatorFixture.start(dir, keyType)) {
            List<String> args = new ArrayList<>(List.of("credential-process"));
            args.addAll(fixture.sessionArgs());

            Launcher.Result result = Launcher.run("aws_signing_helper", args, env(), dir);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout().strip()).doesNotContain("\n");
            JsonNode json = JsonNode.parser().parse(result.stdout());
            assertThat(json.asObject().keySet())
                    .containsExactly("Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration");
            assertThat(json.field("Version").get().asNumber()).isEqualTo("1");
            Instant expiration = Instant.parse(json.field("Expiration").get().asString());
            assertThat(expiration).isAfter(Instant.now().plus(Duration.ofMinutes(50)));

            AwsSessionCredentials credentials = AwsSessionCredentials.create(
                    json.field("AccessKeyId").get().asString(),
                    json.field("SecretAccessKey").get().asString(),
                    json.field("SessionToken").get().asString());
            GetCallerIdentityResponse identity = fixture.callerIdentity(StaticCredentialsProvider.create(credentials));
            assertThat(identity.account()).isEqualTo(fixture.emulator.accountId());
            assertThat(identity.arn()).contains(":assumed-role/" + roleName(fixture.emulator.roleArn()) + "/");
            assertThat(fixture.emulator.requestLog().last().get().serialNumber())
                    .contains(fixture.client.serialNumber().toString());
        }
    }

    @Test
    void sdkProfile_withCredentialProcess_runsTheLauncherAndCallsSts() throws IOException {
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            List<String> args = new ArrayList<>();
            args.add(Launcher.script("aws_signing_helper").toString());
            args.add("credential-process");
            args.addAll(fixture.sessionArgs());
            Path config = dir.resolve("config");
            // The launcher must find its own jars and pick its own JVM flags whatever the SDK's working directory.
            Files.writeString(config, "[profile roles-anywhere]\n"
                    + "credential_process = env ROLESANYWHERE_CDS=off " + String.join(" ", args) + "\n");
            ProfileFile profileFile = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

            try (ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                    .profileFile(profileFile).profileName("roles-anywhere").build()) {
                GetCallerIdentityResponse identity = fixture.callerIdentity(provider);
                assertThat(identity.arn()).contains(":assumed-role/" + roleName(fixture.emulator.roleArn()) + "/");
            }
            assertThat(fixture.emulator.requestLog().count()).isEqualTo(1);
        }
    }

    @Test
    void sessionDuration_isSentToTheService() {
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            List<String> args = new ArrayList<>(List.of("credential-process", "--session-duration", "900"));
            args.addAll(fixture.sessionArgs());

            Launcher.Result result = Launcher.run("rolesanywhere", args, env(), dir);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            Instant expiration = Instant.parse(JsonNode.parser().parse(result.stdout()).field("Expiration").get().asString());
            assertThat(expiration).isBetween(Instant.now().plusSeconds(800), Instant.now().plusSeconds(960));
        }
    }

    @Test
    void badInput_exitsWithStatusOneAndOneLineOnStderr_andNothingOnStdout() {
        Launcher.Result result = Launcher.run("aws_signing_helper",
                List.of("credential-process", "--certificate", dir.resolve("missing.pem").toString(),
                        "--trust-anchor-arn", "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a",
                        "--profile-arn", "arn:aws:rolesanywhere:us-east-1:123456789012:profile/p",
                        "--role-arn", "arn:aws:iam::123456789012:role/r",
                        "--private-key", dir.resolve("missing.key").toString()),
                env(), dir);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderr().strip().lines().collect(Collectors.toList())).hasSize(1);
        assertThat(result.stderr()).startsWith("aws_signing_helper: ").contains("missing.pem");
    }

    private static String roleName(String roleArn) {
        return roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }
}
