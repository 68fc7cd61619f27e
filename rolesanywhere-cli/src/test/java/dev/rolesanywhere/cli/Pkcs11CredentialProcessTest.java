package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** credential-process with the key on a fresh SoftHSM2 token, through the launcher, against the emulator. */
class Pkcs11CredentialProcessTest {

    @TempDir
    Path dir;

    private Launcher.Result run(SoftHsmTokens token, RolesAnywhereEmulator emulator, Path caBundle, String certificate,
            Map<String, String> extraEnv) {
        return run(token, emulator, caBundle, certificate, extraEnv, List.of());
    }

    private Launcher.Result run(SoftHsmTokens token, RolesAnywhereEmulator emulator, Path caBundle, String certificate,
            Map<String, String> extraEnv, List<String> extraFlags) {
        List<String> args = new ArrayList<>(List.of("credential-process", "--certificate", certificate,
                "--pkcs11-lib", token.module().toString(),
                "--trust-anchor-arn", emulator.trustAnchorArn(), "--profile-arn", emulator.profileArn(),
                "--role-arn", emulator.roleArn(), "--endpoint", emulator.endpoint().toString(),
                "--ca-bundle", caBundle.toString()));
        args.addAll(extraFlags);
        Map<String, String> env = new HashMap<>(token.environment());
        env.put("ROLESANYWHERE_CDS", "off");
        env.putAll(extraEnv);
        return Launcher.run("aws_signing_helper", args, env, dir);
    }

    @Test
    void tokenKey_withPinSourceFile_getsCredentialsStsAccepts_andPinFromEnvironmentWorksToo() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
        Path pinFile = Files.writeString(dir.resolve("pin"), SoftHsmTokens.PIN + "\n");
        Files.setPosixFilePermissions(pinFile, PosixFilePermissions.fromString("rw-------"));
        try (EmulatorFixture fixture = EmulatorFixture.start(dir);
                RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                        .start()) {
            Path caBundle = emulator.writeTrustBundle(dir.resolve("token-emulator-ca.pem"));

            Launcher.Result fromFile = run(token, emulator, caBundle, token.uri() + "?pin-source=" + pinFile, Map.of());
            assertThat(fromFile.exitCode()).as(fromFile.stderr()).isZero();
            JsonNode json = JsonNode.parser().parse(fromFile.stdout());
            AwsSessionCredentials credentials = AwsSessionCredentials.create(json.field("AccessKeyId").get().asString(),
                    json.field("SecretAccessKey").get().asString(), json.field("SessionToken").get().asString());
            assertThat(emulator.requestLog().last().get().algorithm()).contains("AWS4-X509-ECDSA-SHA256");
            assertThat(emulator.requestLog().last().get().serialNumber())
                    .contains(token.certificate.serialNumber().toString());

            Launcher.Result fromEnv = run(token, emulator, caBundle, token.uri(),
                    Map.of(PinPrompt.PIN_VARIABLE, SoftHsmTokens.PIN));
            assertThat(fromEnv.exitCode()).as(fromEnv.stderr()).isZero();
            assertThat(fromEnv.stderr()).doesNotContain(SoftHsmTokens.PIN);
            assertThat(fixture.emulator.requestLog().count()).isZero();
            assertThat(credentials.accessKeyId()).isNotBlank();
        }
    }

    @Test
    void tokenKey_withoutPinOrTerminal_failsAtOnce_andAWrongPinFailsWithOneLine_leavingTheTokenUsable() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            Path caBundle = emulator.writeTrustBundle(dir.resolve("ca.pem"));

            Launcher.Result noPin = run(token, emulator, caBundle, token.uri(), Map.of());
            assertThat(noPin.exitCode()).isEqualTo(1);
            assertThat(noPin.stdout()).isEmpty();
            assertThat(noPin.stderr().strip().lines().count()).isEqualTo(1);
            assertThat(noPin.stderr()).contains("no terminal").contains(PinPrompt.PIN_VARIABLE);

            // The wrong PIN is reported, not echoed, and no request is sent; the token still accepts the right one.
            Launcher.Result wrong = run(token, emulator, caBundle, token.uri() + "?pin-value=000000", Map.of());
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.stderr()).doesNotContain("000000");
            assertThat(wrong.stderr().strip().lines().count()).isEqualTo(1);
            assertThat(emulator.requestLog().count()).isZero();

            Launcher.Result right = run(token, emulator, caBundle, token.uri() + "?pin-value=" + SoftHsmTokens.PIN,
                    Map.of());
            assertThat(right.exitCode()).as(right.stderr()).isZero();
        }
    }

    @Test
    void rejectedPinMarkers_aStalePinFileCostsOneTry_andTheNextRunRefusesItWithoutALogin() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
        Path pinFile = dir.resolve("stale-pin");
        Path markers = dir.resolve("state/rejected-pins");
        List<String> flags = List.of("--rejected-pin-markers", "--rejected-pin-marker-dir", markers.toString());
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            Path caBundle = emulator.writeTrustBundle(dir.resolve("ca.pem"));
            String certificate = token.uri() + "?pin-source=" + pinFile;
            writePin(pinFile, "97531");

            Launcher.Result first = run(token, emulator, caBundle, certificate, Map.of(), flags);
            assertThat(first.exitCode()).isEqualTo(1);
            assertThat(first.stderr()).doesNotContain("97531").doesNotContain("not presented again");
            List<Path> marked;
            try (Stream<Path> files = Files.list(markers)) {
                marked = files.collect(Collectors.toList());
            }
            assertThat(marked).hasSize(1);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(marked.get(0))))
                    .isEqualTo("rw-------");

            // A new process knows the PIN was rejected only from the marker, which is read before any C_Login.
            Launcher.Result second = run(token, emulator, caBundle, certificate, Map.of(), flags);
            assertThat(second.exitCode()).isEqualTo(1);
            // SoftHSM2 now reports CKF_USER_PIN_COUNT_LOW, which is logged as a warning before the error line.
            String error = second.stderr().strip().lines().reduce((a, b) -> b).orElse("");
            assertThat(error).startsWith("aws_signing_helper: C_Login failed with CKR_PIN_INCORRECT")
                    .contains("not presented again").contains("as recorded in " + marked.get(0));
            assertThat(second.stderr()).doesNotContain("97531");
            assertThat(emulator.requestLog().count()).isZero();

            writePin(pinFile, SoftHsmTokens.PIN);
            Launcher.Result corrected = run(token, emulator, caBundle, certificate, Map.of(), flags);
            assertThat(corrected.exitCode()).as(corrected.stderr()).isZero();
            assertThat(marked.get(0)).doesNotExist();
        }
    }

    private static void writePin(Path file, String pin) throws Exception {
        Files.writeString(file, pin + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
