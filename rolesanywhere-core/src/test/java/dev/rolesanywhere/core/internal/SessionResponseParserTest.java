package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.MalformedCredentialsException;
import dev.rolesanywhere.core.SessionCredentials;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionResponseParserTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "FwoGZXIvYXdzEXAMPLETOKEN//////////wEaDM";
    private static final String KEY_ID = "ASIAEXAMPLE0000KEY12";

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
        SessionCredentials c = SessionResponseParser.parse(bytes(response("{\"accessKeyId\":\"" + KEY_ID + "\","
                + "\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":\"" + TOKEN + "\","
                + "\"expiration\":\"2026-01-15T16:04:05Z\"}")));

        assertThat(c.accessKeyId()).isEqualTo(KEY_ID);
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
        SessionCredentials c = SessionResponseParser.parse(bytes(credentials("2026-01-15T18:04:05.250+02:00")));

        assertThat(c.expiration()).isEqualTo(Instant.parse("2026-01-15T16:04:05.250Z"));
    }

    @Test
    void parse_withAMissingSecret_namesTheFieldButNotTheOtherValues() {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(response("{\"accessKeyId\":\"" + KEY_ID + "\","
                + "\"sessionToken\":\"" + TOKEN + "\",\"expiration\":\"2026-01-15T16:04:05Z\"}"))))
                .isInstanceOf(SessionResponseParser.MalformedResponseException.class)
                .hasMessageContaining("'credentials.secretAccessKey' is missing")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void parse_withABadDate_saysSo() {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(credentials("tomorrow"))))
                .isInstanceOf(MalformedCredentialsException.class)
                .hasMessageContaining("not an RFC 3339 date-time")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void parse_withAYearOfNineDigits_refusesIt_althoughJavaWouldParseIt() {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(credentials("+999999999-12-31T23:59:59Z"))))
                .isInstanceOf(MalformedCredentialsException.class)
                .extracting(e -> ((MalformedCredentialsException) e).field()).isEqualTo("expiration");
    }

    @Test
    void parse_withALineBreakInTheSessionToken_refusesTheWholeResponse_withoutQuotingTheToken() {
        String hostile = TOKEN + "\\ncredential_process = sh -c id";

        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(credentials(KEY_ID, SECRET, hostile,
                "2026-01-15T16:04:05Z"))))
                .isInstanceOf(MalformedCredentialsException.class)
                .hasMessageContaining("sessionToken").hasMessageContaining("control character")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining("credential_process")
                .extracting(e -> ((MalformedCredentialsException) e).field()).isEqualTo("sessionToken");
    }

    @Test
    void parse_withValuesOutsideTheirAlphabets_refusesEachByName() {
        String date = "2026-01-15T16:04:05Z";
        assertRefused(credentials("ASIAexample0000key12", SECRET, TOKEN, date), "accessKeyId");
        assertRefused(credentials("ASIA123", SECRET, TOKEN, date), "accessKeyId");
        assertRefused(credentials(KEY_ID, SECRET + " ", TOKEN, date), "secretAccessKey");
        assertRefused(credentials(KEY_ID, SECRET, TOKEN + "\\u0000", date), "sessionToken");
        assertRefused(credentials(KEY_ID, SECRET, TOKEN + ";x", date), "sessionToken");
        assertRefused(credentials(KEY_ID, SECRET, "A".repeat(16 * 1024 + 1), date), "sessionToken");
        assertRefused(credentials(KEY_ID, "A".repeat(1025), TOKEN, date), "secretAccessKey");
    }

    @Test
    void parse_withAControlCharacterInWhatIsServedAlongside_refusesTheWholeResponse() {
        String valid = credentials("2026-01-15T16:04:05Z");

        assertRefused(valid.replace("role/Deploy\"", "role/Deploy\\r\\nX-Injected: 1\""), "roleArn");
        assertRefused(valid.replace("assumed-role/Deploy/abc", "assumed-role/Deploy/a b"), "assumedRoleUser.arn");
        assertRefused(valid.replace("AROAEXAMPLE:abc", "AROAEXAMPLE:abc\\n"), "assumedRoleId");
        assertRefused(valid.replace("CN=host-1", "CN=host-1\\u001b[2J"), "sourceIdentity");
        assertRefused(valid.replace("subject/41cl0bae", "subject/41cl\\u2028bae"), "subjectArn");
    }

    private static void assertRefused(String body, String field) {
        assertThatThrownBy(() -> SessionResponseParser.parse(bytes(body)))
                .as(field)
                .isInstanceOf(MalformedCredentialsException.class)
                .hasMessageContaining(field)
                .hasMessageNotContaining(SECRET).hasMessageNotContaining(TOKEN)
                .extracting(e -> ((MalformedCredentialsException) e).field()).isEqualTo(field);
    }

    private static String credentials(String keyId, String secret, String token, String expiration) {
        return response("{\"accessKeyId\":\"" + keyId + "\",\"secretAccessKey\":\"" + secret
                + "\",\"sessionToken\":\"" + token + "\",\"expiration\":\"" + expiration + "\"}");
    }

    private static String credentials(String expiration) {
        return credentials(KEY_ID, SECRET, TOKEN, expiration);
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
