package dev.rolesanywhere.cli.internal.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImdsTokensTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final ImdsTokens tokens = new ImdsTokens(clock);

    @Test
    void issue_afterAFloodOfLongLivedTokens_stillGivesANewClientAValidToken() {
        List<String> flood = new ArrayList<>();
        for (int i = 0; i < 10_050; i++) {
            flood.add(tokens.issue(ImdsTokens.MAX_TTL_SECONDS));
        }

        String newcomer = tokens.issue(60);

        assertThat(newcomer).isNotNull();
        assertThat(tokens.isValid(newcomer)).isTrue();
        assertThat(tokens.isValid(flood.get(0))).isTrue();
        assertThat(flood).doesNotHaveDuplicates();
    }

    @Test
    void isValid_untilTheTtlHasPassed() {
        String token = tokens.issue(60);

        clock.advance(Duration.ofSeconds(59));
        assertThat(tokens.isValid(token)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.isValid(token)).isFalse();
    }

    @Test
    void isValid_refusesForgedAlteredAndForeignTokens() {
        String token = tokens.issue(60);
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        // Moving the expiry (bytes 1..8) invalidates the MAC.
        bytes[8]++;
        String extended = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(tokens.isValid(extended)).isFalse();
        assertThat(tokens.isValid(new ImdsTokens(clock).issue(60))).as("another process's token").isFalse();
        assertThat(tokens.isValid(token + "A")).isFalse();
        assertThat(tokens.isValid(token.substring(1))).isFalse();
        assertThat(tokens.isValid("!".repeat(token.length()))).isFalse();
        assertThat(tokens.isValid("")).isFalse();
        assertThat(tokens.isValid(null)).isFalse();
    }
}
