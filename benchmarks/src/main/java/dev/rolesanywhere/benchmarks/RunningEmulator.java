package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator a benchmark fork talks to over real HTTPS, trusting the fixture's CA, and the settings every client
 * of it needs. Credentials last 12 hours, so nothing is refreshed while a benchmark measures.
 */
final class RunningEmulator implements AutoCloseable {
    static final Duration SESSION_DURATION = Duration.ofHours(12);

    private final RolesAnywhereEmulator emulator;
    private final Path trustBundle;

    RunningEmulator(BenchmarkFixture fixture) {
        this.emulator = RolesAnywhereEmulator.builder().trustAnchor(fixture.caCertificate()).build().start();
        try {
            this.trustBundle = emulator.writeTrustBundle(Files.createTempFile("emulator-trust-", ".pem"));
        } catch (IOException e) {
            emulator.close();
            throw new UncheckedIOException(e);
        }
    }

    RolesAnywhereEmulator emulator() {
        return emulator;
    }

    /** A provider builder pointed at this emulator; the caller adds the certificate and key. */
    RolesAnywhereCredentialsProvider.Builder providerBuilder() {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn())
                .roleArn(emulator.roleArn())
                .endpoint(emulator.endpoint())
                .caBundle(trustBundle)
                .sessionDuration(SESSION_DURATION);
    }

    /** The {@code credential-process} command line for the CLI launcher, the same settings as {@link #providerBuilder}. */
    List<String> credentialProcessCommand(Path launcher, String certificate, String privateKey) {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "credential-process",
                "--certificate", certificate));
        if (privateKey != null) {
            command.add("--private-key");
            command.add(privateKey);
        }
        command.addAll(List.of(
                "--trust-anchor-arn", emulator.trustAnchorArn(),
                "--profile-arn", emulator.profileArn(),
                "--role-arn", emulator.roleArn(),
                "--endpoint", emulator.endpoint().toString(),
                "--ca-bundle", trustBundle.toString(),
                "--session-duration", Long.toString(SESSION_DURATION.toSeconds())));
        return command;
    }

    @Override
    public void close() {
        try {
            emulator.close();
        } finally {
            try {
                Files.deleteIfExists(trustBundle);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it eventually
            }
        }
    }
}
