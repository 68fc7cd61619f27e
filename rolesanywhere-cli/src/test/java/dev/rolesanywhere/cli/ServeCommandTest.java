package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/** serve as a separate process through the launcher: announced endpoint, SDK client, SIGTERM shutdown. */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void serve_announcesItsEndpoint_servesTheSdk_andStopsOnSigterm() throws Exception {
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            List<String> command = new ArrayList<>(List.of(Launcher.script("rolesanywhere").toString(),
                    "serve", "--port", "0", "--hop-limit", "1", "--print-endpoint"));
            command.addAll(fixture.sessionArgs());
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
            pb.environment().put("ROLESANYWHERE_CDS", "off");
            pb.redirectError(ProcessBuilder.Redirect.DISCARD);
            Process server = pb.start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line = out.readLine();
                assertThat(line).startsWith("export AWS_EC2_METADATA_SERVICE_ENDPOINT=http://127.0.0.1:");
                String endpoint = line.substring(line.indexOf('=') + 1);

                try (InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.builder()
                        .endpoint(endpoint).build()) {
                    assertThat(fixture.callerIdentity(provider).arn()).contains(":assumed-role/");
                }

                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
            } finally {
                server.destroyForcibly();
            }
        }
    }
}
