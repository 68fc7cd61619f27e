package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionCredentialsTest {
    private static SessionCredentials.Builder full() {
        return SessionCredentials.builder().accessKeyId("ASIAEXAMPLE").secretAccessKey("very-secret-key")
                .sessionToken("very-secret-token").expiration(Instant.parse("2026-01-15T16:04:05Z"))
                .roleArn("arn:aws:iam::123456789012:role/R");
    }

    @Test
    void toString_showsTheKeyIdAndExpiryButNoSecret() {
        String text = full().build().toString();

        assertThat(text).contains("ASIAEXAMPLE").contains("2026-01-15T16:04:05Z")
                .doesNotContain("very-secret-key").doesNotContain("very-secret-token");
    }

    @Test
    void optionalParts_areEmptyWhenUnset() {
        SessionCredentials c = full().build();

        assertThat(c.accountId()).isEmpty();
        assertThat(c.sourceIdentity()).isEmpty();
        assertThat(c.subjectArn()).isEmpty();
        assertThat(c.toBuilder().accountId("123456789012").build().accountId()).contains("123456789012");
    }

    @Test
    void equality_coversTheSecrets() {
        assertThat(full().build()).isEqualTo(full().build()).hasSameHashCodeAs(full().build());
        assertThat(full().secretAccessKey("other").build()).isNotEqualTo(full().build());
    }

    @Test
    void build_withoutASessionToken_isRejected() {
        assertThatThrownBy(() -> full().sessionToken(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessionToken must be set");
    }
}
