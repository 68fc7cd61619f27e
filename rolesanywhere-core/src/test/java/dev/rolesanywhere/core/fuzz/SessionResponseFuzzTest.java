package dev.rolesanywhere.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.core.MalformedCredentialsException;
import dev.rolesanywhere.core.RolesAnywhereServiceException;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.internal.ServiceErrorMapper;
import dev.rolesanywhere.core.internal.SessionResponseParser;
import dev.rolesanywhere.core.internal.SessionResponseParser.MalformedResponseException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The CreateSession response body comes from the network (or from whatever sits between this process and the
 * service). The success parser must answer with credentials, its documented {@link MalformedResponseException} or a
 * {@link MalformedCredentialsException} (a value that breaks its field's rules: only base64 in a token), the
 * error mapper must always produce a {@link RolesAnywhereServiceException}, both promptly, and neither may put the
 * secret access key or session token of the body into a message.
 */
class SessionResponseFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(5);

    // Marked so that a hit in a message can only be a copy of the secret, never a coincidence.
    private static final String SECRET = "SECRETsecretKEY0123456789abcdefSECRET";
    private static final String TOKEN = "TOKENsessionTOKEN0123456789abcdefTOKEN";
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-";

    private static final String VALID = "{\"credentialSet\":[{\"assumedRoleUser\":{\"arn\":"
            + "\"arn:aws:sts::123456789012:assumed-role/role/session\",\"assumedRoleId\":\"AROAEXAMPLE:session\"},"
            + "\"credentials\":{\"accessKeyId\":\"ASIAEXAMPLE0000KEY12\",\"expiration\":\"2026-01-01T00:00:00Z\","
            + "\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":\"" + TOKEN + "\"},"
            + "\"packedPolicySize\":10,\"roleArn\":\"arn:aws:iam::123456789012:role/role\","
            + "\"sourceIdentity\":\"CN=leaf\"}],\"subjectArn\":\"arn:aws:rolesanywhere:us-east-1:123456789012:"
            + "subject/41cl0bae-6783-40d4-ab20-65dc5d922e45\"}";

    private static final String[] JSON_PIECES = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null",
        "true", "false", "0", "-1", "1e999999999", "1.5", "\"credentialSet\"", "\"credentials\"",
        "\"assumedRoleUser\"", "\"expiration\"", "\"2026-01-01T00:00:00Z\"", "\"accessKeyId\"", "\"secretAccessKey\"",
        "\"sessionToken\"", "\"roleArn\"", "\"arn\"", "\"" + SECRET + "\"", "\"" + TOKEN + "\"", "\"__type\"",
        "\"message\"", "\"code\"", " ", "\n", "\u0000", "\uFFFF", "é"};

    @Property
    void parse_ofArbitraryBytes_returnsCredentialsOrMalformed(@ForAll byte[] body) {
        parseOrMalformed(body);
    }

    @Property
    void parse_ofJsonShapedText_returnsCredentialsOrMalformed(@ForAll("jsonShaped") String body) {
        parseOrMalformed(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property
    void parse_ofMutatedValidBody_returnsCredentialsOrMalformed_andNeverQuotesSecrets(
            @ForAll("mutatedValidBodies") String body) {
        try {
            SessionCredentials credentials = within(() -> SessionResponseParser.parse(body.getBytes(
                    StandardCharsets.UTF_8)));
            assertThat(credentials.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
        } catch (MalformedResponseException | MalformedCredentialsException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET).doesNotContain(TOKEN);
        }
    }

    @Property
    void parse_ofATokenWithAnyText_acceptsOnlyBase64_andNeverQuotesIt(@ForAll String tail) {
        String body = VALID.replace(TOKEN, TOKEN + jsonEscape(tail));

        Optional<SessionCredentials> parsed = parseOrMalformed(body.getBytes(StandardCharsets.UTF_8));

        boolean base64 = tail.chars().allMatch(c -> BASE64.indexOf(c) >= 0);
        assertThat(parsed.isPresent()).as("accepted").isEqualTo(base64);
        parsed.ifPresent(c -> assertThat(c.sessionToken()).isEqualTo(TOKEN + tail));
    }

    @Property
    void parse_withAnyExpirationText_returnsCredentialsOrMalformed(@ForAll String expiration) {
        String body = VALID.replace("2026-01-01T00:00:00Z", jsonEscape(expiration));
        Optional<SessionCredentials> parsed = parseOrMalformed(body.getBytes(StandardCharsets.UTF_8));
        parsed.ifPresent(c -> assertThat(c.secretAccessKey()).isEqualTo(SECRET));
    }

    @Property
    void map_ofAnyErrorResponse_givesServiceExceptionForThatStatus(
            @ForAll @IntRange(min = 100, max = 599) int status, @ForAll("errorHeaders") String errorHeader,
            @ForAll("jsonShapedOrMutated") String body) {
        RolesAnywhereServiceException e = within(() -> ServiceErrorMapper.map(status, errorHeader, "req-1",
                body.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.getMessage()).contains("HTTP " + status);
        assertThat(e.requestId()).isEqualTo("req-1");
    }

    @Property
    void map_ofArbitraryBytes_givesServiceException(@ForAll @IntRange(min = 100, max = 599) int status,
            @ForAll byte[] body) {
        RolesAnywhereServiceException e = within(() -> ServiceErrorMapper.map(status, null, null, body));

        assertThat(e.statusCode()).isEqualTo(status);
    }

    @Example
    void parse_ofEmptyOrBlankBody_isMalformedNotNullPointer() {
        // Found by parse_ofArbitraryBytes: the JSON parser returns null for these and the parser dereferenced it.
        for (String body : new String[] {"", " ", "\r\n\t"}) {
            assertThat(parseOrMalformed(body.getBytes(StandardCharsets.UTF_8))).isEmpty();
        }
    }

    @Example
    void parse_ofDeeplyNestedArrays_isMalformedNotStackOverflow() {
        String body = "[".repeat(100_000) + "]".repeat(100_000);

        parseOrMalformed(body.getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void map_ofDeeplyNestedObjects_stillMapsTheStatus() {
        String body = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

        RolesAnywhereServiceException e = ServiceErrorMapper.map(403, null, null,
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(e.statusCode()).isEqualTo(403);
    }

    private static Optional<SessionCredentials> parseOrMalformed(byte[] body) {
        try {
            return Optional.of(within(() -> SessionResponseParser.parse(body)));
        } catch (MalformedResponseException | MalformedCredentialsException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain(SECRET).doesNotContain(TOKEN);
            return Optional.empty();
        }
    }

    private static <T> T within(org.junit.jupiter.api.function.ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(PER_INPUT, work);
    }

    @Provide
    Arbitrary<String> jsonShaped() {
        return Arbitraries.of(JSON_PIECES).list().ofMaxSize(40).map(p -> String.join("", p));
    }

    @Provide
    Arbitrary<String> mutatedValidBodies() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length() - 1);
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(JSON_PIECES), Arbitraries.strings().ofMaxLength(3));
        Arbitrary<Mutation> mutation = Combinators.combine(position, Arbitraries.integers().between(0, 8), insert)
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(5).map(SessionResponseFuzzTest::mutate);
    }

    @Provide
    Arbitrary<String> jsonShapedOrMutated() {
        return Arbitraries.oneOf(jsonShaped(), mutatedValidBodies(), Arbitraries.strings());
    }

    @Provide
    Arbitrary<String> errorHeaders() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.strings().ofMaxLength(20),
                Arbitraries.of("AccessDeniedException", "ValidationException:http://internal", ":", " : ",
                        "ThrottlingException", "#", "a#b"));
    }

    private static String mutate(List<Mutation> mutations) {
        StringBuilder text = new StringBuilder(VALID);
        for (Mutation m : mutations) {
            int at = Math.min(m.position, text.length());
            int end = Math.min(at + m.deleted, text.length());
            text.replace(at, end, m.inserted);
        }
        return text.toString();
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final class Mutation {
        final int position;
        final int deleted;
        final String inserted;

        Mutation(int position, int deleted, String inserted) {
            this.position = position;
            this.deleted = deleted;
            this.inserted = inserted;
        }
    }
}
