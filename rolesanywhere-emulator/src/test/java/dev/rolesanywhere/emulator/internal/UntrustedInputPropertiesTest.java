package dev.rolesanywhere.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.rolesanywhere.emulator.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Properties of the code that reads what clients send: whatever arrives, the emulator answers with a typed error and
 * never fails inside (which would show as a 500 and hide the client's real problem).
 */
class UntrustedInputPropertiesTest {

    @Provide
    Arbitrary<String> text() {
        // Well-formed UTF-16 only: a lone surrogate cannot travel in a UTF-8 request anyway.
        return Arbitraries.strings().withCharRange('\u0000', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(40);
    }

    @Provide
    Arbitrary<List<Tuple2<String, String>>> parameters() {
        return Arbitraries.lazy(() -> text().tuple2()).list().ofMaxSize(6);
    }

    @Property
    void encode_thenPercentDecode_givesTheOriginal(@ForAll("text") String value) {
        assertThat(SigV4.percentDecode(SigV4.encode(value))).isEqualTo(value);
    }

    @Property
    void encode_producesOnlyUnreservedCharactersAndUpperCaseEscapes(@ForAll("text") String value) {
        assertThat(SigV4.encode(value)).matches("([A-Za-z0-9._~-]|%[0-9A-F]{2})*");
    }

    @Property
    void canonicalQuery_doesNotDependOnParameterOrderOrOnHowMuchTheClientEscaped(
            @ForAll("parameters") List<Tuple2<String, String>> parameters, @ForAll long seed) {
        Random random = new Random(seed);
        List<String> strict = new ArrayList<>();
        List<String> loose = new ArrayList<>();
        for (Tuple2<String, String> parameter : parameters) {
            strict.add(SigV4.encode(parameter.get1()) + "=" + SigV4.encode(parameter.get2()));
            loose.add(looselyEncode(parameter.get1(), random) + "=" + looselyEncode(parameter.get2(), random));
        }
        Collections.shuffle(loose, random);
        assertThat(SigV4.canonicalQuery(String.join("&", loose))).isEqualTo(SigV4.canonicalQuery(String.join("&",
                strict)));
    }

    /** Leaves characters that cannot break a query (not '&', '=', '%', '#', '+' or space) unescaped at random. */
    private static String looselyEncode(String value, Random random) {
        StringBuilder out = new StringBuilder();
        value.codePoints().forEach(codePoint -> {
            String character = new String(Character.toChars(codePoint));
            boolean safe = codePoint > 0x20 && codePoint < 0x7f && "&=%#+".indexOf(codePoint) < 0;
            out.append(safe && random.nextBoolean() ? character : SigV4.encode(character));
        });
        return out.toString();
    }

    @Property
    void canonicalHeaderValue_isTrimmedCollapsedAndIdempotent(@ForAll("text") String value) {
        String canonical = SigV4.canonicalHeaderValue(value);
        assertThat(canonical).doesNotContain("  ").doesNotStartWith(" ").doesNotEndWith(" ");
        assertThat(SigV4.canonicalHeaderValue(canonical)).isEqualTo(canonical);
    }

    @Property
    void authorizationHeader_refusesAnythingMalformedWithIllegalArgument(@ForAll("text") String header) {
        Throwable thrown = catchThrowable(() -> AuthorizationHeader.parse(header));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization"));
    }

    @Property
    void sessionParameters_answerAnyQueryAndBodyWithParametersOrAValidationError(@ForAll("text") String query,
            @ForAll byte[] body) {
        Throwable thrown = catchThrowable(() -> SessionParameters.parse(query, body));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOfSatisfying(ServiceError.class,
                        e -> assertThat(e.status()).isEqualTo(400)));
    }

    @Property
    void sessionParameters_answerAnyJsonShapedBodyWithParametersOrAValidationError(
            @ForAll("jsonish") String body) {
        Throwable thrown = catchThrowable(() -> SessionParameters.parse("",
                body.getBytes(StandardCharsets.UTF_8)));
        assertThat(thrown).satisfiesAnyOf(t -> assertThat(t).isNull(),
                t -> assertThat(t).isInstanceOfSatisfying(ServiceError.class,
                        e -> assertThat(e.type()).isEqualTo("ValidationException")));
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> values = Arbitraries.oneOf(text().map(s -> "\"" + s.replace("\\", "").replace("\"", "")
                + "\""), Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "[1,\"a\"]", "1e999", "-0", "99999999999999999999"));
        Arbitrary<String> names = Arbitraries.of("durationSeconds", "roleSessionName", "roleArn", "profileArn",
                "trustAnchorArn", "other");
        return Combinators.combine(names, values).as(Tuple::of).list().ofMaxSize(5).map(fields -> {
            StringBuilder out = new StringBuilder("{");
            for (Tuple2<String, String> field : fields) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append('"').append(field.get1()).append("\":").append(field.get2());
            }
            return out.append('}').toString();
        });
    }

    @Property(tries = 300)
    void verifier_answersAnyHeadersWithAccessDenied(@ForAll("text") String authorization,
            @ForAll("text") String amzDate, @ForAll("text") String certificate, @ForAll byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("authorization", Collections.singletonList(authorization));
        headers.put("x-amz-date", Collections.singletonList(amzDate));
        headers.put("x-amz-x509", Collections.singletonList(certificate));
        headers.put("host", Collections.singletonList("127.0.0.1:1"));
        X509RequestVerifier verifier = new X509RequestVerifier("us-east-1", new HashSet<>());
        Throwable thrown = catchThrowable(() -> verifier.verify("POST", "/sessions", "", headers, body,
                Instant.now(), LoggedRequest.builder()));
        assertThat(thrown).isInstanceOfSatisfying(ServiceError.class,
                e -> assertThat(e.type()).isEqualTo("AccessDeniedException"));
    }
}
