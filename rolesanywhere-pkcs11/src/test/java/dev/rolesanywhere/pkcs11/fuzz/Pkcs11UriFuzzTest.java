package dev.rolesanywhere.pkcs11.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.Pkcs11Uri.LibraryVersion;
import dev.rolesanywhere.pkcs11.Pkcs11Uri.ObjectType;
import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Pkcs11Uri#parse} reads text from configuration files, environment variables and command lines. Whatever it
 * is given it must answer with a value or a {@link Pkcs11UriException}, promptly, and never quote a PIN; and every URI
 * the builder can express must survive {@code format} then {@code parse} unchanged.
 */
class Pkcs11UriFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(5);

    // Pieces that make random text look enough like a URI to get past the scheme check and into the attribute code.
    private static final String[] URI_PIECES = {"pkcs11:", "PKCS11:", ";", "&", "?", "=", "%", "%2", "%zz", "%41",
        "%C3%A9", "%FF", "%00", "#", " ", "\t", "\n", "token", "object", "id", "type", "slot-id", "library-version",
        "module-path", "module-name", "pin-source", "pin-value", "x-", "x-vendor", "private", "cert", "0", "255",
        "256", "18446744073709551616", "-1", "2.", ".6", "é", "\u0000", "\uD800", "a", "/"};

    @Property
    void parse_ofArbitraryText_returnsValueOrTypedError(@ForAll String text) {
        parseOrTypedError(text);
    }

    @Property
    void parse_ofUriShapedText_returnsValueOrTypedError(@ForAll("uriShaped") String text) {
        Optional<Pkcs11Uri> parsed = parseOrTypedError(text);
        // Whatever was accepted must be printable in a form that reads back as the same URI.
        parsed.ifPresent(u -> assertThat(Pkcs11Uri.parse(u.format())).isEqualTo(u));
    }

    @Property
    void parse_ofMutatedValidUri_returnsValueOrTypedError(@ForAll("uris") Pkcs11Uri uri,
            @ForAll("edits") List<Edit> edits) {
        StringBuilder text = new StringBuilder(uri.format());
        for (Edit edit : edits) {
            edit.applyTo(text);
        }
        Optional<Pkcs11Uri> parsed = parseOrTypedError(text.toString());
        parsed.ifPresent(u -> assertThat(Pkcs11Uri.parse(u.format())).isEqualTo(u));
    }

    @Property
    void formatThenParse_ofAnyBuildableUri_givesTheSameUri(@ForAll("uris") Pkcs11Uri uri) {
        String formatted = uri.format();

        Pkcs11Uri reparsed = Pkcs11Uri.parse(formatted);

        assertThat(reparsed).isEqualTo(uri);
        assertThat(reparsed.hashCode()).isEqualTo(uri.hashCode());
        assertThat(reparsed.format()).isEqualTo(formatted);
        assertThat(reparsed.id().orElse(null)).isEqualTo(uri.id().orElse(null));
        assertThat(reparsed.pinValue().orElse(null)).isEqualTo(uri.pinValue().orElse(null));
    }

    @Property
    void parse_neverQuotesThePin_whateverElseIsWrong(@ForAll("pins") String pin,
            @ForAll("garbageAttributes") List<String> garbage, @ForAll boolean pinFirst) {
        List<String> query = new ArrayList<>(garbage);
        query.add(pinFirst ? 0 : query.size(), "pin-value=" + pin);
        String text = "pkcs11:token=t?" + String.join("&", query);

        try {
            Pkcs11Uri parsed = Pkcs11Uri.parse(text);
            assertThat(parsed.toString()).doesNotContain(pin);
        } catch (Pkcs11UriException e) {
            assertThat(e.getMessage()).doesNotContain(pin);
        }
    }

    @Example
    void sameVendorAttributeInPathAndQuery_roundTrips() {
        // Found by formatThenParse: the builder accepts x-a in both components, the parser used to call it a repeat.
        Pkcs11Uri uri = Pkcs11Uri.builder().putVendorPathAttribute("x-a", "1").putVendorQueryAttribute("x-a", "2")
                .build();

        assertThat(Pkcs11Uri.parse(uri.format())).isEqualTo(uri);
    }

    private static Optional<Pkcs11Uri> parseOrTypedError(String text) {
        return assertTimeoutPreemptively(PER_INPUT, () -> {
            try {
                return Optional.of(Pkcs11Uri.parse(text));
            } catch (Pkcs11UriException e) {
                assertThat(e.getMessage()).isNotBlank();
                return Optional.empty();
            }
        });
    }

    @Provide
    Arbitrary<String> uriShaped() {
        return Arbitraries.of(URI_PIECES).list().ofMaxSize(20).map(pieces -> "pkcs11:" + String.join("", pieces));
    }

    @Provide
    Arbitrary<String> pins() {
        // Upper-case letters never occur in garbageAttributes, so finding the PIN in a message can only be a leak.
        return Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(6).ofMaxLength(12).map(s -> "Q" + s);
    }

    @Provide
    Arbitrary<List<String>> garbageAttributes() {
        Arbitrary<String> piece = Arbitraries.of("pin-value", "pin-source", "=", "%", "%4", "%g1", "#", "", "x-",
                "bogus", "/etc/pin", "module-path", "?", ";", "\u0001", "é");
        return piece.list().ofMaxSize(4).map(p -> String.join("", p)).list().ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 400);
        Arbitrary<Character> character = Arbitraries.oneOf(Arbitraries.of(';', '&', '?', '=', '%', '#', ' ', '\n'),
                Arbitraries.chars());
        return Combinators.combine(Arbitraries.of(EditKind.values()), position, character).as(Edit::new)
                .list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<Pkcs11Uri> uris() {
        Arbitrary<String> text = text();
        Arbitrary<String> vendorName = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('-', '_').ofMinLength(1).ofMaxLength(8).map(s -> "x-" + s);
        Arbitrary<Map<String, String>> vendor = Arbitraries.maps(vendorName, text).ofMaxSize(3);
        Arbitrary<byte[]> id = Arbitraries.bytes().array(byte[].class).ofMaxSize(32);
        Arbitrary<LibraryVersion> version = Combinators.combine(Arbitraries.integers().between(0, 255),
                Arbitraries.integers().between(0, 255)).as(LibraryVersion::of);
        Arbitrary<char[]> pin = text.map(String::toCharArray);

        return Builders.withBuilder(Pkcs11Uri::builder)
                .use(text).withProbability(0.5).in(Pkcs11Uri.Builder::token)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::manufacturer)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::serial)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::model)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::libraryManufacturer)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::libraryDescription)
                .use(version).withProbability(0.3).in(Pkcs11Uri.Builder::libraryVersion)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::slotDescription)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::slotManufacturer)
                .use(Arbitraries.longs()).withProbability(0.3).in(Pkcs11Uri.Builder::slotId)
                .use(text).withProbability(0.5).in(Pkcs11Uri.Builder::object)
                .use(Arbitraries.of(ObjectType.class)).withProbability(0.3).in(Pkcs11Uri.Builder::type)
                .use(id).withProbability(0.5).in(Pkcs11Uri.Builder::id)
                .use(vendor).withProbability(0.2).in((b, m) -> {
                    m.forEach(b::putVendorPathAttribute);
                    return b;
                })
                .use(text.filter(t -> t.indexOf('/') < 0 && t.indexOf('\\') < 0)).withProbability(0.3)
                .in(Pkcs11Uri.Builder::moduleName)
                .use(text).withProbability(0.3).in(Pkcs11Uri.Builder::modulePath)
                .use(Arbitraries.oneOf(pin.map(PinChoice::value), text.map(PinChoice::source)))
                .withProbability(0.5).in((b, choice) -> choice.applyTo(b))
                .use(vendor).withProbability(0.2).in((b, m) -> {
                    m.forEach(b::putVendorQueryAttribute);
                    return b;
                })
                .build(Pkcs11Uri.Builder::build);
    }

    /** Well-formed Unicode text (no lone surrogates: they are not text and cannot be UTF-8 encoded). */
    private static Arbitrary<String> text() {
        Arbitrary<String> reserved = Arbitraries.strings().withChars("%;&?=/#|:[]@!$'()*+,~ \t\r\n\u0000")
                .withCharRange('a', 'z').ofMaxLength(16);
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u0000', '\uD7FF')
                .withCharRange('\uE000', '\uFFFF').ofMaxLength(16);
        Arbitrary<String> supplementary = Arbitraries.integers().between(0x10000, 0x10FFFF)
                .map(cp -> new String(Character.toChars(cp))).list().ofMaxSize(4).map(l -> String.join("", l));
        return Arbitraries.oneOf(reserved, unicode, supplementary);
    }

    private static final class PinChoice {
        private final char[] value;
        private final String source;

        private PinChoice(char[] value, String source) {
            this.value = value;
            this.source = source;
        }

        static PinChoice value(char[] value) {
            return new PinChoice(value, null);
        }

        static PinChoice source(String source) {
            return new PinChoice(null, source);
        }

        Pkcs11Uri.Builder applyTo(Pkcs11Uri.Builder b) {
            return value != null ? b.pinValue(value) : b.pinSource(source);
        }
    }

    enum EditKind { INSERT, DELETE, REPLACE }

    static final class Edit {
        private final EditKind kind;
        private final int position;
        private final char character;

        Edit(EditKind kind, int position, char character) {
            this.kind = kind;
            this.position = position;
            this.character = character;
        }

        void applyTo(StringBuilder text) {
            if (text.length() == 0) {
                text.append(character);
                return;
            }
            int at = position % text.length();
            switch (kind) {
                case INSERT:
                    text.insert(at, character);
                    break;
                case DELETE:
                    text.deleteCharAt(at);
                    break;
                default:
                    text.setCharAt(at, character);
            }
        }

        @Override
        public String toString() {
            return kind + "@" + position + ":U+" + String.format("%04X", (int) character);
        }
    }
}
