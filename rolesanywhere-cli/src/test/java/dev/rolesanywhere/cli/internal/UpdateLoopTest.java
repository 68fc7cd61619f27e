package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.cli.TestContexts;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update loop against the emulator, with a clock that jumps to each wake-up instead of waiting. */
class UpdateLoopTest {

    @TempDir
    Path dir;

    @Test
    void run_refreshesFiveMinutesBeforeExpiry_andBacksOffExponentiallyThroughFailures() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate client = ca.issueClientCertificate();
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build().start()) {
            CredentialsFetcher.Settings s = new CredentialsFetcher.Settings();
            s.certificate = client.writeCertificatePem(dir.resolve("c.pem")).toString();
            s.privateKey = client.writePrivateKeyPem(dir.resolve("k.pem")).toString();
            s.trustAnchorArn = emulator.trustAnchorArn();
            s.profileArn = emulator.profileArn();
            s.roleArn = emulator.roleArn();
            s.endpoint = emulator.endpoint().toString();
            s.caBundle = emulator.writeTrustBundle(dir.resolve("ca.pem"));
            Instant start = Instant.now();
            MutableClock clock = new MutableClock(start);
            TestContexts.Captured captured = TestContexts.capture(java.util.Map.of(), clock, dir);
            Path file = dir.resolve("credentials");
            List<Instant> wakeUps = new ArrayList<>();
            List<String> contents = new ArrayList<>();

            Sleeper sleeper = deadline -> {
                wakeUps.add(deadline);
                try {
                    contents.add(Files.readString(file));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                clock.set(deadline);
                switch (wakeUps.size()) {
                    case 1:
                    case 2:
                        // One failed fetch = the client's three attempts, all answered 500.
                        emulator.faults().failNext(3, FaultType.INTERNAL_ERROR);
                        break;
                    case 4:
                        throw new InterruptedException("test done");
                    default:
                        break;
                }
            };
            try (CredentialsFetcher fetcher = CredentialsFetcher.create(captured.context, s)) {
                UpdateLoop loop = new UpdateLoop(fetcher, new CredentialsFileWriter(file), "ra", false, clock, sleeper,
                        captured.context.err());
                assertThatThrownBy(loop::run).isInstanceOf(InterruptedException.class);
            }
            Instant end = Instant.now();

            // Emulator sessions last an hour by its own (real) clock: refresh 55 minutes after the fetch.
            assertThat(wakeUps.get(0)).isBetween(start.plus(Duration.ofMinutes(55)).minusSeconds(2),
                    end.plus(Duration.ofMinutes(55)));
            assertThat(wakeUps.get(1)).isEqualTo(wakeUps.get(0).plusSeconds(1));
            assertThat(wakeUps.get(2)).isEqualTo(wakeUps.get(1).plusSeconds(2));
            // Failures left the first credentials in place; the fourth round wrote new ones.
            assertThat(contents.get(1)).isEqualTo(contents.get(0));
            assertThat(contents.get(2)).isEqualTo(contents.get(0));
            assertThat(contents.get(3)).isNotEqualTo(contents.get(0)).contains("[ra]\naws_access_key_id = ");
            assertThat(captured.stderr()).contains("Refresh failed (attempt 1)", "Refresh failed (attempt 2)");
            String secret = contents.get(3).replaceAll("(?s).*aws_secret_access_key = (\\S+).*", "$1");
            assertThat(captured.stderr()).doesNotContain(secret);
            assertThat(captured.stdout()).isEmpty();
        }
    }

    @Test
    void backoff_doublesFromOneSecond_andIsCappedAtFiveMinutes() {
        assertThat(RefreshPolicy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(RefreshPolicy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(RefreshPolicy.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(RefreshPolicy.backoff(9)).isEqualTo(Duration.ofSeconds(256));
        assertThat(RefreshPolicy.backoff(10)).isEqualTo(Duration.ofMinutes(5));
        assertThat(RefreshPolicy.backoff(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refreshAt_isFiveMinutesBeforeExpiry_butNeverWithinThirtySecondsOfNow() {
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        assertThat(RefreshPolicy.refreshAt(now.plusSeconds(3600), now)).isEqualTo(now.plusSeconds(3300));
        assertThat(RefreshPolicy.refreshAt(now.plusSeconds(60), now)).isEqualTo(now.plusSeconds(30));
    }
}
