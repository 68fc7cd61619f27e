package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** What a credential-process run does before it answers: only the work the command needs, and a trace of it. */
class CredentialProcessStartupTest {

    @TempDir
    Path dir;

    private Launcher.Result run(EmulatorFixture fixture, String jvmOptions) {
        List<String> args = new ArrayList<>(List.of("credential-process"));
        args.addAll(fixture.sessionArgs());
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("ROLESANYWHERE_CDS", "off");
        env.put("ROLESANYWHERE_OPTS", jvmOptions);
        Launcher.Result result = Launcher.run("aws_signing_helper", args, env, dir);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(JsonNode.parser().parse(result.stdout()).field("SessionToken")).isPresent();
        return result;
    }

    @Test
    void credentialProcess_loadsNoOtherCommand_noDefaultTlsContext_andNoBouncyCastleProvider() throws IOException {
        Path log = dir.resolve("classes.log");
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            run(fixture, "-Xlog:class+load=info:file=" + log);
        }
        List<String> loaded;
        try (Stream<String> lines = Files.lines(log)) {
            loaded = lines.map(l -> l.replaceFirst("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] ", ""))
                    .map(l -> l.split(" ")[0]).collect(Collectors.toList());
        }
        assertThat(loaded).as("the log names the classes loaded").contains(
                "dev.rolesanywhere.cli.CredentialProcessCommand", "sun.security.ssl.SSLContextImpl");
        assertThat(loaded).doesNotContain(
                "dev.rolesanywhere.cli.SignStringCommand",
                "dev.rolesanywhere.cli.ReadCertificateDataCommand",
                "dev.rolesanywhere.cli.UpdateCommand",
                "dev.rolesanywhere.cli.ServeCommand",
                "dev.rolesanywhere.cli.Pkcs11Command",
                "dev.rolesanywhere.cli.EmulatorCommand",
                "sun.security.ssl.SSLContextImpl$DefaultSSLContext",
                "org.bouncycastle.jce.provider.BouncyCastleProvider");
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
