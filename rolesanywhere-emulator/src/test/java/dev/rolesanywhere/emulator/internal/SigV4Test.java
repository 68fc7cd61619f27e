package dev.rolesanywhere.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The emulator's canonicalisation against values worked out by hand from the SigV4 rules and against the worked
 * example in the AWS General Reference (IAM ListUsers, 2015-08-30), never against its own earlier output.
 */
class SigV4Test {
    @Test
    void encode_keepsUnreservedAndPercentEncodesTheRestInUpperCase() {
        assertThat(SigV4.encode("AZaz09-_.~")).isEqualTo("AZaz09-_.~");
        assertThat(SigV4.encode("a b/c:d+e=f&g*")).isEqualTo("a%20b%2Fc%3Ad%2Be%3Df%26g%2A");
        assertThat(SigV4.encode("\u00e9")).isEqualTo("%C3%A9");
    }

    @Test
    void percentDecode_decodesEscapesButLeavesPlusAlone() {
        assertThat(SigV4.percentDecode("arn%3Aaws%3Aiam%3A%3A1%2Fx")).isEqualTo("arn:aws:iam::1/x");
        assertThat(SigV4.percentDecode("a+b")).isEqualTo("a+b");
        assertThat(SigV4.percentDecode("%C3%A9")).isEqualTo("\u00e9");
        assertThat(SigV4.percentDecode("100%")).isEqualTo("100%");
    }

    @Test
    void canonicalQuery_reencodesAndSortsByNameThenValue() {
        assertThat(SigV4.canonicalQuery("roleArn=arn:aws:iam::1:role/r&b=2&a=z&a=y&empty"))
                .isEqualTo("a=y&a=z&b=2&empty=&roleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr");
        assertThat(SigV4.canonicalQuery("x=a%20b")).isEqualTo("x=a%20b");
        assertThat(SigV4.canonicalQuery(null)).isEmpty();
    }

    @Test
    void canonicalUri_encodesEachSegmentOnceMore() {
        assertThat(SigV4.canonicalUri("/prefix/sessions")).isEqualTo("/prefix/sessions");
        assertThat(SigV4.canonicalUri("/a%20b/c")).isEqualTo("/a%2520b/c");
        assertThat(SigV4.canonicalUri("")).isEqualTo("/");
    }

    @Test
    void canonicalHeaderValue_trimsAndCollapsesSpaces() {
        assertThat(SigV4.canonicalHeaderValue("  a   b  c ")).isEqualTo("a b c");
    }

    @Test
    void canonicalRequest_matchesTheAwsWorkedExample() {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("content-type", Collections.singletonList("application/x-www-form-urlencoded; charset=utf-8"));
        headers.put("host", Collections.singletonList("iam.amazonaws.com"));
        headers.put("x-amz-date", Collections.singletonList("20150830T123600Z"));
        String canonical = SigV4.canonicalRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", headers,
                Arrays.asList("content-type", "host", "x-amz-date"), new byte[0]);
        assertThat(canonical).isEqualTo("GET\n/\nAction=ListUsers&Version=2010-05-08\n"
                + "content-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\n"
                + "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SigV4.hex(SigV4.sha256(canonical.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
    }

    @Test
    void canonicalRequest_joinsRepeatedHeaderValuesWithCommas() {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("x-multi", Arrays.asList("one", " two  words "));
        String canonical = SigV4.canonicalRequest("POST", "/sessions", "", headers,
                Collections.singletonList("x-multi"), "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(canonical).contains("\nx-multi:one,two words\n");
    }

    @Test
    void authorizationHeader_parsesEveryComponent() {
        AuthorizationHeader header = AuthorizationHeader.parse("AWS4-X509-ECDSA-SHA256 Credential=1234/20260101/"
                + "us-east-1/rolesanywhere/aws4_request, SignedHeaders=host;x-amz-date;x-amz-x509, Signature=ab01");
        assertThat(header.algorithm()).isEqualTo("AWS4-X509-ECDSA-SHA256");
        assertThat(header.credentialId()).isEqualTo("1234");
        assertThat(header.scope()).isEqualTo("20260101/us-east-1/rolesanywhere/aws4_request");
        assertThat(header.signedHeaders()).containsExactly("host", "x-amz-date", "x-amz-x509");
        assertThat(header.signature()).isEqualTo("ab01");
    }

    @Test
    void unhex_refusesOddLengthAndNonHex() {
        assertThat(SigV4.unhex("0aff")).containsExactly(0x0a, 0xff);
        assertThat(SigV4.unhex("abc")).isNull();
        assertThat(SigV4.unhex("zz")).isNull();
    }
}
