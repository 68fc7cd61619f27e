package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionCredentialsTest {
    private static final String SECRET = "very/secret+key0123456789abcdefghijklmno";
    private static final String TOKEN = "very-secret_token/0123456789+abcdefghijklmnopqrstuvwxyz==";

    private static SessionCredentials.Builder full() {
        return SessionCredentials.builder().accessKeyId("ASIAEXAMPLE0000KEY12").secretAccessKey(SECRET)
                .sessionToken(TOKEN).expiration(Instant.parse("2026-01-15T16:04:05Z"))
                .roleArn("arn:aws:iam::123456789012:role/R");
    }

    @Test
    void toString_showsTheKeyIdAndExpiryButNoSecret() {
        String text = full().build().toString();

        assertThat(text).contains("ASIAEXAMPLE0000KEY12").contains("2026-01-15T16:04:05Z")
                .doesNotContain(SECRET).doesNotContain(TOKEN);
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
        assertThat(full().secretAccessKey("other0secret0key").build()).isNotEqualTo(full().build());
    }

    @Test
    void build_withoutASessionToken_isRefusedByName() {
        assertThatThrownBy(() -> full().sessionToken(null).build())
                .isInstanceOf(MalformedCredentialsException.class)
                .hasMessageContaining("sessionToken is missing");
    }

    @Test
    void build_withALineBreakInAnyCredentialPart_isRefused_withoutQuotingTheValue() {
        String line = "\ncredential_process = /tmp/x";

        assertRefused(full().sessionToken(TOKEN + line), "sessionToken");
        assertRefused(full().secretAccessKey(SECRET + "\r"), "secretAccessKey");
        assertRefused(full().accessKeyId("ASIAEXAMPLE0000KEY12\n"), "accessKeyId");
        assertRefused(full().sourceIdentity("CN=a\u2029b"), "sourceIdentity");
        assertRefused(full().roleArn("arn:aws:iam::123456789012:role/R\u0085"), "roleArn");
    }

    @Test
    void build_withAnExpirationBeyondTheYear9999OrBefore1970_isRefused() {
        assertRefused(full().expiration(Instant.MAX), "expiration");
        assertRefused(full().expiration(Instant.parse("1969-12-31T23:59:59Z")), "expiration");
        assertThat(full().expiration(Instant.parse("9999-12-31T00:00:00Z")).build().expiration().toString())
                .startsWith("9999-12-31");
    }

    @Test
    void build_withMalformedIds_isRefused() {
        assertRefused(full().accountId("12345678901"), "accountId");
        assertRefused(full().assumedRoleId("AROA EXAMPLE"), "assumedRoleId");
        assertRefused(full().subjectArn("not-an-arn"), "subjectArn");
    }

    private static void assertRefused(SessionCredentials.Builder builder, String field) {
        assertThatThrownBy(builder::build)
                .as(field)
                .isInstanceOf(MalformedCredentialsException.class)
                .hasMessageContaining(field)
                .hasMessageNotContaining(SECRET).hasMessageNotContaining(TOKEN).hasMessageNotContaining("credential_")
                .extracting(e -> ((MalformedCredentialsException) e).field()).isEqualTo(field);
    }
}
