package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.SessionCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionResponseParserTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDM";

    private static String response(String credentials) {
        return "{\"credentialSet\":[{\"assumedRoleUser\":{\"arn\":"
                + "\"arn:aws:sts::210987654321:assumed-role/Deploy/abc\",\"assumedRoleId\":\"AROAEXAMPLE:abc\"},"
                + "\"credentials\":" + credentials + ",\"packedPolicySize\":7,"
                + "\"roleArn\":\"arn:aws:iam::210987654321:role/Deploy\",\"sourceIdentity\":\"CN=host-1\"}],"
                + "\"subjectArn\":\"arn:aws:rolesanywhere:us-east-1:210987654321:subject/41cl0bae-6783-40d4\"}";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_readsEveryDocumentedField() {
        SessionCredentials c = SessionResponseParser.parse(bytes(response("{\"accessKeyId\":\"ASIAEXAMPLE\","
                + "\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":\"" + TOKEN + "\","
                + "\"expiration\":\"2026-01-15T16:04:05Z\"}")));

        assertThat(c.accessKeyId()).isEqualTo("ASIAEXAMPLE");
        assertThat(c.secretAccessKey()).isEqualTo(SECRET);
        assertThat(c.sessionToken()).isEqualTo(TOKEN);
        assertThat(c.expiration()).isEqualTo(Instant.parse("2026-01-15T16:04:05Z"));
        assertThat(c.roleArn()).isEqualTo("arn:aws:iam::210987654321:role/Deploy");
        assertThat(c.assumedRoleArn()).isEqualTo("arn:aws:sts::210987654321:assumed-role/Deploy/abc");
        assertThat(c.assumedRoleId()).isEqualTo("AROAEXAMPLE:abc");
        assertThat(c.accountId()).contains("210987654321");
        assertThat(c.sourceIdentity()).contains("CN=host-1");
        assertThat(c.subjectArn()).contains("arn:aws:rolesanywhere:us-east-1:210987654321:subject/41cl0bae-6783-40d4");
    }

    @Test
    void parse_acceptsAnExpirationWithOffsetAndFraction() {
        SessionCredentials c = SessionResponseParser.parse(bytes(response("{\"accessKeyId\":\"A\","
                + "\"secretAccessKey\":\"S\",\"sessionToken\":\"T\","
                + "\"expiration\":\"2026-01-15T18:04:05.250+02:00\"}")));

        assertThat(c.expiration()).isEqualTo(Instant.parse("2026-01-15T16:04:05.250Z"));
    }

    @Test
    void parse_withAMissingSecret_namesTheFieldButNotTheOtherValues() {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(response("{\"accessKeyId\":\"A\","
                + "\"sessionToken\":\"" + TOKEN + "\",\"expiration\":\"2026-01-15T16:04:05Z\"}"))))
                .isInstanceOf(SessionResponseParser.MalformedResponseException.class)
                .hasMessageContaining("'credentials.secretAccessKey' is missing")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void parse_withABadDate_saysSo() {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(response("{\"accessKeyId\":\"A\","
                + "\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":\"T\",\"expiration\":\"tomorrow\"}"))))
                .isInstanceOf(SessionResponseParser.MalformedResponseException.class)
                .hasMessageContaining("not an RFC 3339 date")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void parse_withNonJsonOrAnEmptySet_isMalformed() {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes("<html>login</html>")))
                .isInstanceOf(SessionResponseParser.MalformedResponseException.class)
                .hasMessage("the body is not JSON");
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes("{\"credentialSet\":[]}")))
                .isInstanceOf(SessionResponseParser.MalformedResponseException.class)
                .hasMessageContaining("'credentialSet' is missing or empty");
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes("[1,2]")))
                .isInstanceOf(SessionResponseParser.MalformedResponseException.class)
                .hasMessageContaining("not a JSON object");
    }
}
