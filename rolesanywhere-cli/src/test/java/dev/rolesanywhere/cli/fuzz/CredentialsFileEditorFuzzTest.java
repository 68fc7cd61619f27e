package dev.rolesanywhere.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.cli.internal.CredentialsFileEditor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.function.ThrowingSupplier;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * {@code update} rewrites a user's {@code ~/.aws/credentials}, which also holds their other profiles, comments and
 * whatever else they typed. For any file it must leave every line outside the target profile's sections untouched
 * (byte for byte, line endings included), and a file the AWS SDK could read before must still be readable after, with
 * the new values in the profile.
 */
class CredentialsFileEditorFuzzTest {

    private static final String PROFILE = "fuzz";

    @Property
    void update_preservesEveryLineOutsideTheProfile_andTheSdkReadsTheNewValues(
            @ForAll("files") String original, @ForAll("credentials") Map<String, String> values) {
        String updated = within(() -> CredentialsFileEditor.update(original, PROFILE, values));

        assertOutsideLinesPreserved(original, updated);
        if (sdkRead(original).isPresent()) {
            Optional<ProfileFile> after = sdkRead(updated);
            assertThat(after).as("the SDK read the file before the edit but not after:%n%s", updated).isPresent();
            Optional<Profile> profile = after.get().profile(PROFILE);
            assertThat(profile).isPresent();
            values.forEach((k, v) -> assertThat(profile.get().property(k)).as("%s in%n%s", k, escaped(updated))
                    .contains(v));
        }
    }

    @Property
    void update_isIdempotent(@ForAll("files") String original, @ForAll("credentials") Map<String, String> values) {
        String once = within(() -> CredentialsFileEditor.update(original, PROFILE, values));

        assertThat(within(() -> CredentialsFileEditor.update(once, PROFILE, values))).isEqualTo(once);
    }

    @Example
    void update_ofTwoHeadersOnOneLine_writesASectionTheSdkReads() {
        // Found by the first property: the editor took "[fuzz][fuzz]" for the profile's header, the SDK ignores that
        // line as a malformed name, so the written credentials were invisible to every AWS client.
        String updated = CredentialsFileEditor.update("[fuzz][fuzz] \n", PROFILE, Map.of("aws_access_key_id", "A"));

        assertThat(sdkRead(updated).flatMap(f -> f.profile(PROFILE)).flatMap(p -> p.property("aws_access_key_id")))
                .contains("A");
    }

    @Example
    void update_ofHeaderAfterAControlCharacter_isNotMistakenForTheProfile() {
        // Found by the first property: "\u0000[fuzz]" was trimmed into a header by the editor, but the SDK only takes
        // a line starting with '[' for one, so the credentials went where no client looks.
        String original = "[fuzz]\n\u0000[fuzz]\n";

        String updated = CredentialsFileEditor.update(original, PROFILE, Map.of("aws_access_key_id", "A"));

        assertThat(updated).isEqualTo("[fuzz]\naws_access_key_id = A\n\u0000[fuzz]\n");
    }

    @Example
    void update_ofFileEndingInCarriageReturnOnly_keepsIt() {
        String original = "[other]\r\nkey = v\r";

        String updated = CredentialsFileEditor.update(original, PROFILE, Map.of("aws_access_key_id", "ASIA1"));

        assertThat(updated).startsWith(original);
    }

    private static String within(ThrowingSupplier<String> edit) {
        return assertTimeoutPreemptively(Duration.ofSeconds(5), edit);
    }

    /** The lines of every section that is not the target (and any before the first header), with their endings. */
    private static List<String> outsideLines(String text) {
        List<String> out = new ArrayList<>();
        boolean inTarget = false;
        for (String line : lines(text)) {
            String name = sectionName(line);
            if (name != null) {
                inTarget = name.equals(PROFILE);
            }
            if (!inTarget) {
                out.add(line);
            }
        }
        return out;
    }

    private static void assertOutsideLinesPreserved(String original, String updated) {
        List<String> before = outsideLines(original);
        List<String> after = outsideLines(updated);
        assertThat(after.size()).as("lines outside the profile").isGreaterThanOrEqualTo(before.size());
        for (int i = 0; i < before.size(); i++) {
            String expected = before.get(i);
            String actual = after.get(i);
            if (i == before.size() - 1 && !expected.endsWith("\n")) {
                // The last line may gain a line ending so that a new section can follow it.
                assertThat(actual).startsWith(expected);
                assertThat(actual.substring(expected.length())).isIn("", "\n", "\r\n");
            } else {
                assertThat(actual).as("line %d", i).isEqualTo(expected);
            }
        }
        for (String extra : after.subList(before.size(), after.size())) {
            assertThat(extra.trim()).as("only blank lines may be added outside the profile").isEmpty();
        }
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** A section header as the AWS SDKs define it: '[' first on the line, a comment from the first '#' or ';'. */
    private static String sectionName(String line) {
        if (!line.startsWith("[")) {
            return null;
        }
        String c = line.replace("\r", "").replace("\n", "").split("[#;]", 2)[0].trim();
        return c.length() >= 2 && c.startsWith("[") && c.endsWith("]") ? c.substring(1, c.length() - 1).trim() : null;
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.toString();
    }

    private static Optional<ProfileFile> sdkRead(String text) {
        try {
            ProfileFile file = ProfileFile.builder()
                    .content(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)))
                    .type(ProfileFile.Type.CREDENTIALS)
                    .build();
            file.profiles();
            return Optional.of(file);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> header = Arbitraries.of("[fuzz]", "[ fuzz ]", "[fuzz] # mine", "[default]", "[other]",
                "[profile fuzz]", "[fuzz2]", "[", "[]");
        Arbitrary<String> property = Combinators.combine(
                Arbitraries.of("aws_access_key_id", "aws_secret_access_key", "aws_session_token", "region",
                        "x", "aws_access_key_id "),
                Arbitraries.of(" = ", "=", " =", "= "),
                Arbitraries.strings().withCharRange('!', '~').withChars(' ').ofMaxLength(12))
                .as((k, eq, v) -> k + eq + v);
        Arbitrary<String> other = Arbitraries.oneOf(
                Arbitraries.of("", " ", "# comment", "; comment", "  continued value", "\t= odd", "=novalue"),
                // Latin-1 view of arbitrary bytes, as the editor sees a file that is not UTF-8.
                Arbitraries.strings().withCharRange('\u0000', '\u00FF').excludeChars('\n', '\r', '[')
                        .ofMaxLength(12));
        Arbitrary<String> content = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, header), net.jqwik.api.Tuple.of(5, property),
                net.jqwik.api.Tuple.of(2, other));
        Arbitrary<String> ending = Arbitraries.of("\n", "\r\n", "\n", "\r\n", "");
        return Combinators.combine(content, ending).as((c, e) -> c + e).list().ofMaxSize(14)
                .map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<Map<String, String>> credentials() {
        Arbitrary<String> value = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z')
                .withCharRange('0', '9').withChars('+', '/', '=').ofMinLength(1).ofMaxLength(40);
        return Combinators.combine(value, value, value).as((a, s, t) -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("aws_access_key_id", a);
            m.put("aws_secret_access_key", s);
            m.put("aws_session_token", t);
            return m;
        });
    }
}
