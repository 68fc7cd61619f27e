package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.pkcs11.Pkcs11Uri.LibraryVersion;
import dev.rolesanywhere.pkcs11.Pkcs11Uri.ObjectType;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Pkcs11UriTest {

    @Nested
    class Parsing {
        @Test
        void parse_readsEveryPathAttribute() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=tok;manufacturer=man;serial=ser;model=mod;"
                    + "library-manufacturer=lman;library-description=ldesc;library-version=2.6;"
                    + "object=obj;type=cert;id=%01%02;slot-description=sdesc;slot-manufacturer=sman;slot-id=42");
            assertThat(u.token()).contains("tok");
            assertThat(u.manufacturer()).contains("man");
            assertThat(u.serial()).contains("ser");
            assertThat(u.model()).contains("mod");
            assertThat(u.libraryManufacturer()).contains("lman");
            assertThat(u.libraryDescription()).contains("ldesc");
            assertThat(u.libraryVersion()).contains(LibraryVersion.of(2, 6));
            assertThat(u.object()).contains("obj");
            assertThat(u.type()).contains(ObjectType.CERT);
            assertThat(u.id()).hasValueSatisfying(id -> assertThat(id).containsExactly(1, 2));
            assertThat(u.slotDescription()).contains("sdesc");
            assertThat(u.slotManufacturer()).contains("sman");
            assertThat(u.slotId()).hasValue(42);
        }

        @Test
        void parse_readsEveryQueryAttribute() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:?module-name=softhsm2&module-path=/usr/lib/x.so&pin-source=/etc/pin"
                    + "&x-vendor=v");
            assertThat(u.moduleName()).contains("softhsm2");
            assertThat(u.modulePath()).contains("/usr/lib/x.so");
            assertThat(u.pinSource()).contains("/etc/pin");
            assertThat(u.vendorQueryAttributes()).containsEntry("x-vendor", "v");
            assertThat(u.hasPinValue()).isFalse();
        }

        @Test
        void parse_withNoAttributes_matchesAnything() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:");
            assertThat(u).isEqualTo(Pkcs11Uri.any());
            assertThat(u.matchesToken("a", "b", "c", "d")).isTrue();
            assertThat(u.matchesSlot("a", "b", 7)).isTrue();
        }

        @Test
        void slotIdZero_meansSlotZeroNotAny() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:slot-id=0");
            assertThat(u.slotId()).hasValue(0);
            assertThat(u.matchesSlot("d", "m", 0)).isTrue();
            assertThat(u.matchesSlot("d", "m", 1)).isFalse();
        }

        @Test
        void slotId_isUnsigned64Bit() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:slot-id=18446744073709551615");
            assertThat(u.slotId()).hasValue(-1L);
            assertThat(u.format()).isEqualTo("pkcs11:slot-id=18446744073709551615");
        }

        @Test
        void libraryVersion_withoutMinor_meansMinorZero() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:library-version=3");
            assertThat(u.libraryVersion()).contains(LibraryVersion.of(3, 0));
            assertThat(u.matchesLibrary("m", "d", 3, 0)).isTrue();
            assertThat(u.matchesLibrary("m", "d", 3, 1)).isFalse();
        }

        @Test
        void percentEscapes_decodeToUtf8Text() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=Name%20with%20acute:%20%C3%A1;object=a%25b%3Bc");
            assertThat(u.token()).contains("Name with acute: \u00e1");
            assertThat(u.object()).contains("a%b;c");
        }

        @Test
        void literalNonAsciiAndSpaces_areAcceptedAsTheyAre() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=My Token \u00e9");
            assertThat(u.token()).contains("My Token \u00e9");
        }

        @Test
        void id_mixesEscapesAndLiteralBytes() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:id=%01%02%03%Ba%dd%Ef%fe");
            assertThat(u.id()).hasValueSatisfying(id -> assertThat(id)
                    .containsExactly(0x01, 0x02, 0x03, 0xBA, 0xDD, 0xEF, 0xFE));
            assertThat(Pkcs11Uri.parse("pkcs11:id=ab").id())
                    .hasValueSatisfying(id -> assertThat(id).containsExactly('a', 'b'));
        }

        @Test
        void schemeIsCaseInsensitiveAndSurroundingWhitespaceIgnored() {
            assertThat(Pkcs11Uri.parse("  PKCS11:token=a \n").token()).contains("a");
        }

        @Test
        void pathValues_mayHoldAmpersandAndQueryValuesSlashAndQuestionMark() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=a&b?pin-source=/etc/pin?x&module-name=m");
            assertThat(u.token()).contains("a&b");
            assertThat(u.pinSource()).contains("/etc/pin?x");
        }

        @Test
        void vendorAttributes_areKeptInOrder() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=t;x-b=2;x-a=1?x-q=%20");
            assertThat(u.vendorPathAttributes()).containsExactly(
                    org.assertj.core.api.Assertions.entry("x-b", "2"), org.assertj.core.api.Assertions.entry("x-a", "1"));
            assertThat(u.vendorQueryAttributes()).containsEntry("x-q", " ");
            assertThat(u.format()).isEqualTo("pkcs11:token=t;x-b=2;x-a=1?x-q=%20");
        }

        @Test
        void sameVendorNameInPathAndQuery_areTwoAttributes() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:x-a=1?x-a=2");
            assertThat(u.vendorPathAttributes()).containsEntry("x-a", "1");
            assertThat(u.vendorQueryAttributes()).containsEntry("x-a", "2");
            assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:x-a=1;x-a=2"))
                    .isInstanceOf(Pkcs11UriException.class).hasMessageContaining("'x-a' appears more than once");
        }

        @Test
        void emptyValue_isAnEmptyStringNotAbsent() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:serial=");
            assertThat(u.serial()).contains("");
            assertThat(u.matchesToken("t", "m", "mod", "")).isTrue();
            assertThat(u.matchesToken("t", "m", "mod", "123")).isFalse();
        }
    }

    @Nested
    class Malformed {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.rolesanywhere.pkcs11.Pkcs11UriTest#malformed")
        void parse_rejectsWithATypedErrorQuotingTheProblem(String uri, String quoted) {
            assertThatThrownBy(() -> Pkcs11Uri.parse(uri))
                    .isInstanceOf(Pkcs11UriException.class)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(quoted);
        }

        @Test
        void parse_null_isATypedError() {
            assertThatThrownBy(() -> Pkcs11Uri.parse(null)).isInstanceOf(Pkcs11UriException.class)
                    .hasMessageContaining("null");
        }

        @Test
        void pinValueAndPinSourceTogether_areRejected() {
            assertThatThrownBy(() -> Pkcs11Uri.parse("pkcs11:?pin-value=1234&pin-source=/etc/pin"))
                    .isInstanceOf(Pkcs11UriException.class)
                    .hasMessageContaining("pin-value or pin-source, not both")
                    .hasMessageNotContaining("1234");
        }

        @ParameterizedTest
        @ValueSource(strings = {"pkcs11:?pin-value=s3cr%zzet", "pkcs11:?pin-value=s3cret%", "urn:x?pin-value=s3cret",
            "pkcs11:token=a;;b?pin-value=s3cret", "pkcs11:?pin-value=s3cret&pin-value=s3cret",
            "pkcs11:?pin-value=s3cr%FFet", "pkcs11:?pin-value=s3cret&bogus", "pkcs11:token=t?s3cret"})
        void errorMessages_neverContainThePin(String uri) {
            assertThatThrownBy(() -> Pkcs11Uri.parse(uri)).isInstanceOf(Pkcs11UriException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr"));
        }
    }

    @Nested
    class Formatting {
        @Test
        void format_encodesWhatRfc7512DoesNotAllowLiterally() {
            Pkcs11Uri u = Pkcs11Uri.builder().token("My Token/1;2&3?4").object("\u00e1%")
                    .pinSource("/etc/my pin?&").build();
            assertThat(u.format()).isEqualTo(
                    "pkcs11:token=My%20Token%2F1%3B2&3%3F4;object=%C3%A1%25?pin-source=/etc/my%20pin?%26");
        }

        @Test
        void format_writesIdAlwaysAsPercentEscapes() {
            Pkcs11Uri u = Pkcs11Uri.builder().id("ab".getBytes(StandardCharsets.US_ASCII)).build();
            assertThat(u.format()).isEqualTo("pkcs11:id=%61%62");
        }

        @Test
        void format_keepsUnreservedAndAllowedReservedCharactersLiteral() {
            Pkcs11Uri u = Pkcs11Uri.builder().token("a-b.c_d~e:f[g]h@i!j$k'l(m)n*o+p,q=r").build();
            assertThat(u.format()).isEqualTo("pkcs11:token=a-b.c_d~e:f[g]h@i!j$k'l(m)n*o+p,q=r");
        }

        @ParameterizedTest
        @MethodSource("dev.rolesanywhere.pkcs11.Pkcs11UriTest#roundTrips")
        void parseFormatParse_givesAnEqualUri(String text) {
            Pkcs11Uri parsed = Pkcs11Uri.parse(text);
            Pkcs11Uri again = Pkcs11Uri.parse(parsed.format());
            assertThat(again).isEqualTo(parsed);
            assertThat(again.hashCode()).isEqualTo(parsed.hashCode());
            assertThat(again.format()).isEqualTo(parsed.format());
        }

        @Test
        void toString_masksThePinButFormatKeepsIt() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=t?pin-value=12%2034");
            assertThat(u.toString()).isEqualTo("pkcs11:token=t?pin-value=***").doesNotContain("12");
            assertThat(u.toUriString(false)).isEqualTo(u.toString());
            assertThat(u.format()).isEqualTo("pkcs11:token=t?pin-value=12%2034");
            assertThat(u.toUriString(true)).isEqualTo(u.format());
            assertThat(u.pinValue()).hasValueSatisfying(p -> assertThat(new String(p)).isEqualTo("12 34"));
        }
    }

    @Nested
    class Building {
        @Test
        void toBuilder_copiesEverythingAndLeavesTheOriginalUnchanged() {
            Pkcs11Uri original = Pkcs11Uri.parse("pkcs11:token=t;id=%01;x-a=1?pin-value=1234&x-b=2");
            Pkcs11Uri changed = original.toBuilder().token("other").build();
            assertThat(changed.token()).contains("other");
            assertThat(original.token()).contains("t");
            assertThat(original.toBuilder().build()).isEqualTo(original);
        }

        @Test
        void idAndPin_areCopiedDefensively() {
            byte[] id = {1, 2};
            char[] pin = {'1', '2', '3', '4'};
            Pkcs11Uri u = Pkcs11Uri.builder().id(id).pinValue(pin).build();
            id[0] = 9;
            pin[0] = 'x';
            u.id().get()[1] = 9;
            u.pinValue().get()[1] = 'y';
            assertThat(u.id().get()).containsExactly(1, 2);
            assertThat(u.pinValue().get()).containsExactly('1', '2', '3', '4');
        }

        @Test
        void vendorAttributeNames_mustStartWithX() {
            assertThatThrownBy(() -> Pkcs11Uri.builder().putVendorPathAttribute("vendor-a", "v"))
                    .isInstanceOf(Pkcs11UriException.class).hasMessageContaining("'vendor-a'");
        }

        @Test
        void libraryVersion_outOfRange_isRejected() {
            assertThatThrownBy(() -> LibraryVersion.of(1, 300)).isInstanceOf(Pkcs11UriException.class)
                    .hasMessageContaining("1.300");
        }

        @Test
        void clearingAnAttributeWithNull_removesIt() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=t;slot-id=3").toBuilder().token(null).slotId(null).build();
            assertThat(u).isEqualTo(Pkcs11Uri.any());
        }
    }

    @Nested
    class Matching {
        @Test
        void matchesToken_ignoresTheBlankPaddingOfTokenInfoFields() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:token=prod;manufacturer=SoftHSM%20project;model=SoftHSM%20v2;"
                    + "serial=abc");
            assertThat(u.matchesToken("prod                            ", "SoftHSM project                 ",
                    "SoftHSM v2      ", "abc             ")).isTrue();
            assertThat(u.matchesToken("prod2", "SoftHSM project", "SoftHSM v2", "abc")).isFalse();
            assertThat(u.matchesToken(" prod", "SoftHSM project", "SoftHSM v2", "abc")).isFalse();
            assertThat(u.matchesToken(null, "SoftHSM project", "SoftHSM v2", "abc")).isFalse();
        }

        @Test
        void matchesSlot_comparesDescriptionManufacturerAndId() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:slot-description=Reader%201;slot-manufacturer=Acme;slot-id=5");
            assertThat(u.matchesSlot("Reader 1   ", "Acme  ", 5)).isTrue();
            assertThat(u.matchesSlot("Reader 2", "Acme", 5)).isFalse();
            assertThat(u.matchesSlot("Reader 1", "Acme", 6)).isFalse();
        }

        @Test
        void matchesLibrary_comparesManufacturerDescriptionAndVersion() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:library-manufacturer=SoftHSM;library-description=Implementation"
                    + "%20of%20PKCS11;library-version=2.6");
            assertThat(u.matchesLibrary("SoftHSM  ", "Implementation of PKCS11   ", 2, 6)).isTrue();
            assertThat(u.matchesLibrary("SoftHSM", "Implementation of PKCS11", 2, 5)).isFalse();
            assertThat(u.matchesLibrary("OpenSC", "Implementation of PKCS11", 2, 6)).isFalse();
        }

        @Test
        void matchesObject_comparesLabelIdAndType() {
            Pkcs11Uri u = Pkcs11Uri.parse("pkcs11:object=key;id=%01;type=private");
            assertThat(u.matchesObject("key", new byte[] {1}, ObjectType.PRIVATE)).isTrue();
            assertThat(u.matchesObject("key", new byte[] {2}, ObjectType.PRIVATE)).isFalse();
            assertThat(u.matchesObject("key", new byte[] {1}, ObjectType.CERT)).isFalse();
            assertThat(u.matchesObject("key2", new byte[] {1}, ObjectType.PRIVATE)).isFalse();
            assertThat(u.matchesObject("key", null, ObjectType.PRIVATE)).isFalse();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("token=foo", "token=foo"),
                Arguments.of("pkcs12:token=foo", "pkcs12:token=foo"),
                Arguments.of("pkcs11:token=a;token=b", "'token' appears more than once"),
                Arguments.of("pkcs11:token=%4", "'%4'"),
                Arguments.of("pkcs11:token=%zz1", "'%zz'"),
                Arguments.of("pkcs11:token=%C3%28", "UTF-8"),
                Arguments.of("pkcs11:slot-id=abc", "slot-id 'abc'"),
                Arguments.of("pkcs11:slot-id=-1", "slot-id '-1'"),
                Arguments.of("pkcs11:slot-id=", "slot-id ''"),
                Arguments.of("pkcs11:slot-id=18446744073709551616", "'18446744073709551616'"),
                Arguments.of("pkcs11:library-version=1.2.3", "library-version '1.2.3'"),
                Arguments.of("pkcs11:library-version=v2", "library-version 'v2'"),
                Arguments.of("pkcs11:library-version=256", "256.0"),
                Arguments.of("pkcs11:type=key", "type 'key'"),
                Arguments.of("pkcs11:tokne=a", "'tokne'"),
                Arguments.of("pkcs11:token", "'token' has no '='"),
                Arguments.of("pkcs11:token=a;;object=b", "empty attribute"),
                Arguments.of("pkcs11:token=a;", "empty attribute"),
                Arguments.of("pkcs11:=a", "''"),
                Arguments.of("pkcs11:?foo=bar", "'foo'"),
                Arguments.of("pkcs11:pin-source=/x", "'pin-source' is a query attribute"),
                Arguments.of("pkcs11:?module-path=/a&module-path=/b", "'module-path' appears more than once"),
                Arguments.of("pkcs11:?module-name=../lib/evil", "module-name '../lib/evil'"),
                Arguments.of("pkcs11:token=a#b", "'#'"),
                Arguments.of("pkcs11:token=a%0Ab;object=a\u0007b", "U+0007"));
    }

    static Stream<String> roundTrips() {
        return Stream.of("pkcs11:",
                "pkcs11:object=my-pubkey;type=public",
                "pkcs11:object=my-key;type=private?pin-source=file:/etc/token",
                "pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;"
                        + "object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial="
                        + "?pin-source=file:/etc/token_pin",
                "pkcs11:object=my-sign-key;type=private?module-name=mypkcs11",
                "pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1",
                "pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-value=the-pin",
                "pkcs11:slot-description=Sun%20Metaslot",
                "pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token%20Library;"
                        + "library-version=1.23",
                "pkcs11:token=My%20token%25%20created%20by%20Joe;library-version=3;id=%01%02%03%Ba%dd%Ef%fe",
                "pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert",
                "pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert",
                "pkcs11:token=my-token;object=my-certificate;type=cert;x-vend-aaa=value-a"
                        + "?pin-source=file:/etc/token_pin&x-vend-bbb=value-b",
                "pkcs11:slot-id=0;slot-manufacturer=Acme;type=secret-key",
                "pkcs11:type=data;object=%00a%7F");
    }
}
