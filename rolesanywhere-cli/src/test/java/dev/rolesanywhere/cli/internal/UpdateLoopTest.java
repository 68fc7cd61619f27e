package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.cli.EmulatorFixture;
import dev.rolesanywhere.cli.TestContexts;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.Sleeper;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The update loop against the emulator, with a clock that moves by each nap instead of waiting. */
class UpdateLoopTest {

    @TempDir
    Path dir;

    @Test
    void run_refreshesInThePrefetchWindow_andBacksOffThroughFailures() throws Exception {
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            Instant start = Instant.now();
            MutableClock clock = new MutableClock(start);
            TestContexts.Captured captured = TestContexts.capture(Map.of(), clock, dir);
            Path file = dir.resolve("credentials");
            List<Instant> fetches = new ArrayList<>();
            List<String> before = new ArrayList<>();

            try (CredentialsFetcher fetcher = CredentialsFetcher.open(fixture.sessionSpec())) {
                Supplier<SessionCredentials> recording = () -> {
                    fetches.add(clock.instant());
                    if (fetches.size() > 1) {
                        before.add(read(file));
                    }
                    if (fetches.size() == 2 || fetches.size() == 3) {
                        // One failed fetch = the client's three attempts, all answered 500.
                        fixture.emulator.faults().failNext(3, FaultType.INTERNAL_ERROR);
                    }
                    return fetcher.get();
                };
                Sleeper sleeper = nap -> {
                    if (fetches.size() == 4) {
                        throw new InterruptedException("test done");
                    }
                    clock.advance(nap);
                };
                UpdateLoop loop = new UpdateLoop(recording, new CredentialsFileWriter(file), "ra", false, clock,
                        sleeper, captured.context.err());
                assertThatThrownBy(loop::run).isInstanceOf(InterruptedException.class);
            }
            Instant end = Instant.now();

            // Emulator sessions last an hour by its own (real) clock: refresh 55 to 58 minutes after the fetch.
            assertThat(fetches.get(1)).isBetween(start.plus(Duration.ofMinutes(55)).minusSeconds(2),
                    end.plus(Duration.ofMinutes(58)));
            assertThat(Duration.between(fetches.get(1), fetches.get(2))).isBetween(Duration.ofMillis(500),
                    Duration.ofSeconds(1));
            assertThat(Duration.between(fetches.get(2), fetches.get(3))).isBetween(Duration.ofSeconds(1),
                    Duration.ofSeconds(2));
            // Failures left the first credentials in place; the fourth round wrote new ones.
            assertThat(before.get(1)).isEqualTo(before.get(0));
            assertThat(before.get(2)).isEqualTo(before.get(0));
            String last = read(file);
            assertThat(last).isNotEqualTo(before.get(0)).contains("[ra]\naws_access_key_id = ");
            assertThat(captured.stderr()).contains("Refresh failed (attempt 1)", "Refresh failed (attempt 2)");
            String secret = last.replaceAll("(?s).*aws_secret_access_key = (\\S+).*", "$1");
            assertThat(captured.stderr()).doesNotContain(secret);
            assertThat(captured.stdout()).isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
