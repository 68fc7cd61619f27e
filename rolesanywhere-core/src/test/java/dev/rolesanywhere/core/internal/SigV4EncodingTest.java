package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigV4EncodingTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "AZaz09-_.~                       | AZaz09-_.~",
            "arn:aws:iam::1:role/x            | arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fx",
            "\"a b\"                          | a%20b",
            "a+b*c=d,e@f                      | a%2Bb%2Ac%3Dd%2Ce%40f",
            "é                                | %C3%A9",
            "%                                | %25",
            "€                                | %E2%82%AC",
    })
    void uriEncode_keepsOnlyUnreservedCharacters(String raw, String encoded) {
        assertThat(SigV4Encoding.uriEncode(raw)).isEqualTo(encoded);
    }

    @Test
    void uriEncode_agreesWithTheJdkFormEncoderAfterSigV4Adjustments() {
        // URLEncoder differs from SigV4 in exactly three ways: space as '+', '*' kept, '~' escaped.
        Random random = new Random(20260115L);
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(20);
            for (int j = 0; j < length; j++) {
                s.appendCodePoint(random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : 0xa0 + random.nextInt(0x2000));
            }
            String jdk = URLEncoder.encode(s.toString(), StandardCharsets.UTF_8)
                    .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
            assertThat(SigV4Encoding.uriEncode(s.toString())).as("encoding of %s", s).isEqualTo(jdk);
        }
    }

    @Test
    void hex_isLowerCaseAndCoversEveryByte() {
        byte[] all = new byte[256];
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            expected.append(Character.forDigit(i >> 4, 16)).append(Character.forDigit(i & 0xf, 16));
        }
        assertThat(SigV4Encoding.hex(all)).isEqualTo(expected.toString());
    }

    @Test
    void sha256_ofTheEmptyString_isTheWellKnownValue() {
        assertThat(SigV4Encoding.hex(SigV4Encoding.sha256(new byte[0])))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void canonicalHeaderValue_trimsAndCollapsesSpaces() {
        assertThat(SigV4Encoding.canonicalHeaderValue("  application/json   ;  charset=utf-8 "))
                .isEqualTo("application/json ; charset=utf-8");
    }
}
