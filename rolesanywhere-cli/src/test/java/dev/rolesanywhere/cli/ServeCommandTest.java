package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
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

    @Test
    void serveContainer_withTheOperatorsToken_usesItButNeverPrintsIt() throws Exception {
        String operatorToken = "operator-chosen-bearer-0123456789";
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            ProcessBuilder pb = serveContainer(fixture);
            pb.environment().put("AWS_CONTAINER_AUTHORIZATION_TOKEN", operatorToken);
            Process server = pb.start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            CompletableFuture<Void> stdout = CompletableFuture.runAsync(() -> readLines(server, lines));
            CompletableFuture<String> stderr = Launcher.drain(server.getErrorStream());
            try {
                String first = lines.poll(Launcher.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertThat(first).startsWith("export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:");
                String uri = first.substring(first.indexOf('=') + 1);

                HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri))
                        .header("Authorization", operatorToken).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(served.statusCode()).isEqualTo(200);

                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
                stdout.join();
                assertThat(lines).as("the rest of stdout").noneMatch(line -> line.contains(operatorToken));
                assertThat(stderr.join()).doesNotContain(operatorToken).contains("(not printed)");
            } finally {
                server.destroyForcibly();
            }
        }
    }

    /** serve --container through the launcher, with none of the developer's AWS settings in its environment. */
    private ProcessBuilder serveContainer(EmulatorFixture fixture) {
        List<String> command = new ArrayList<>(List.of(Launcher.script("rolesanywhere").toString(),
                "serve", "--container", "--port", "0", "--hop-limit", "1"));
        command.addAll(fixture.sessionArgs());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ROLESANYWHERE_"));
        pb.environment().put("ROLESANYWHERE_CDS", "off");
        return pb;
    }

    private static void readLines(Process process, BlockingQueue<String> lines) {
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void serveContainer_withoutAToken_printsTheOneItMade() throws Exception {
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            Process server = serveContainer(fixture).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String uri = out.readLine();
                String token = out.readLine();
                assertThat(token).matches("export AWS_CONTAINER_AUTHORIZATION_TOKEN=[A-Za-z0-9_-]{43}");

                HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(uri.substring(uri.indexOf('=') + 1)))
                        .header("Authorization", token.substring(token.indexOf('=') + 1)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(served.statusCode()).isEqualTo(200);
            } finally {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
                server.destroyForcibly();
            }
        }
    }
}
