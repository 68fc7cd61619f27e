package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** The emulator command starts an endpoint whose printed files and ARNs work with credential-process as printed. */
class EmulatorCommandTest {

    @TempDir
    Path dir;

    /** "  name   value  (comment)" lines, until the trust file, which the emulator prints last. */
    private static Map<String, String> readSettings(BufferedReader out) {
        Map<String, String> printed = new HashMap<>();
        try {
            String line;
            while (!printed.containsKey("server trust PEM") && (line = out.readLine()) != null) {
                String[] parts = line.trim().split("\\s{2,}");
                if (parts.length >= 2) {
                    printed.put(parts[0], parts[1]);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return printed;
    }

    @Test
    void emulator_printsAWorkingConfiguration() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Launcher.script("rolesanywhere").toString(), "emulator", "--port", "0",
                "--dir", dir.resolve("emu").toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("ROLESANYWHERE_CDS_DIR", dir.resolve("cds").toString());
        Process emulator = pb.start();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8))) {
            // Read on another thread so that unexpected output fails the test after a bound instead of hanging it.
            Map<String, String> printed = CompletableFuture.supplyAsync(() -> readSettings(out))
                    .get(90, TimeUnit.SECONDS);
            Launcher.Result result = Launcher.run("aws_signing_helper", List.of("credential-process",
                    "--certificate", printed.get("client cert"), "--private-key", printed.get("client key"),
                    "--trust-anchor-arn", printed.get("trust anchor ARN"), "--profile-arn", printed.get("profile ARN"),
                    "--role-arn", printed.get("role ARN"), "--endpoint", printed.get("endpoint"),
                    "--ca-bundle", printed.get("server trust PEM")), Map.of("ROLESANYWHERE_CDS", "off"), dir);

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(JsonNode.parser().parse(result.stdout()).field("SessionToken")).isPresent();
        } finally {
            // SIGTERM to the launcher must reach the JVM behind it, whichever way the launcher started it.
            List<ProcessHandle> jvms = emulator.descendants().collect(java.util.stream.Collectors.toList());
            emulator.destroy();
            assertThat(emulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (ProcessHandle jvm : jvms) {
                assertThat(jvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            }
        }
    }
}
