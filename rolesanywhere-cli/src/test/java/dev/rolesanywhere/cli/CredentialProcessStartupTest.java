package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** What a credential-process run does before it answers: only the work the command needs, and a trace of it. */
class CredentialProcessStartupTest {

    @TempDir
    Path dir;

    private Launcher.Result run(EmulatorFixture fixture, String jvmOptions) {
        List<String> args = new ArrayList<>(List.of("credential-process"));
        args.addAll(fixture.sessionArgs());
        return run(args, Map.of(), jvmOptions);
    }

    private Launcher.Result run(List<String> args, Map<String, String> environment, String jvmOptions) {
        Map<String, String> env = new HashMap<>(environment);
        env.put("HOME", dir.toString());
        env.put("ROLESANYWHERE_CDS", "off");
        env.put("ROLESANYWHERE_OPTS", jvmOptions);
        Launcher.Result result = Launcher.run("aws_signing_helper", args, env, dir);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(JsonNode.parser().parse(result.stdout()).field("SessionToken")).isPresent();
        return result;
    }

    private List<String> loadedClasses(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", ""))
                    .map(l -> l.split(" ")[0]).collect(Collectors.toList());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256"})
    void credentialProcess_withAFileKey_loadsNoOtherCommand_noDefaultTlsContext_andNoBouncyCastle(KeyType keyType)
            throws IOException {
        Path log = dir.resolve("classes.log");
        try (EmulatorFixture fixture = EmulatorFixture.start(dir, keyType)) {
            run(fixture, "-Xlog:class+load=info:file=" + log);
        }
        List<String> loaded = loadedClasses(log);
        assertThat(loaded).as("the log names the classes loaded").contains(
                "dev.rolesanywhere.cli.CredentialProcessCommand", "sun.security.ssl.SSLContextImpl",
                "dev.rolesanywhere.core.keys.FileSigner");
        assertThat(loaded).doesNotContain(
                "dev.rolesanywhere.cli.SignStringCommand",
                "dev.rolesanywhere.cli.ReadCertificateDataCommand",
                "dev.rolesanywhere.cli.UpdateCommand",
                "dev.rolesanywhere.cli.ServeCommand",
                "dev.rolesanywhere.cli.Pkcs11Command",
                "dev.rolesanywhere.cli.EmulatorCommand",
                "sun.security.ssl.SSLContextImpl$DefaultSSLContext");
        // Touching any class of Bouncy Castle's signed jars costs every run the check of their signatures.
        assertThat(loaded).noneMatch(name -> name.startsWith("org.bouncycastle."));
    }

    @Test
    void credentialProcess_withATokenKey_loadsNoBouncyCastle() throws IOException {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
        Path log = dir.resolve("classes.log");
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            Path caBundle = emulator.writeTrustBundle(dir.resolve("token-emulator-ca.pem"));
            run(List.of("credential-process", "--certificate", token.uri(),
                    "--pkcs11-lib", token.module().toString(),
                    "--trust-anchor-arn", emulator.trustAnchorArn(), "--profile-arn", emulator.profileArn(),
                    "--role-arn", emulator.roleArn(), "--endpoint", emulator.endpoint().toString(),
                    "--ca-bundle", caBundle.toString()),
                    withPin(token.environment()), "-Xlog:class+load=info:file=" + log);
        }
        List<String> loaded = loadedClasses(log);
        assertThat(loaded).as("the log names the classes loaded")
                .contains("dev.rolesanywhere.pkcs11.internal.token.PublicKeyMatch");
        assertThat(loaded).noneMatch(name -> name.startsWith("org.bouncycastle."));
    }

    private static Map<String, String> withPin(Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(environment);
        env.put(PinPrompt.PIN_VARIABLE, SoftHsmTokens.PIN);
        return env;
    }

    @Test
    void startupTrace_namesEveryPhaseOnStderr_andLeavesStdoutToTheCredentials() {
        Launcher.Result result;
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            result = run(fixture, "-Drolesanywhere.startup.trace=true");
        }
        List<String> phases = result.stderr().lines().map(l -> l.split("\\s+")[1]).collect(Collectors.toList());
        assertThat(phases).containsExactly("jvm", "command-line", "http-client", "key", "create-session", "json",
                "finished");
        assertThat(result.stderr().lines()).allMatch(l -> l.matches("startup \\S+ +\\d+\\.\\d ms wall .*"));
    }
}
