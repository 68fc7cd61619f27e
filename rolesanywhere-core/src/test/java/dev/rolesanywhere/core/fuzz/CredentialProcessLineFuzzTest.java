package dev.rolesanywhere.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessLine;
import dev.rolesanywhere.core.internal.ShellWords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The provider serves the {@code credential_process} lines written for the signing helper in AWS config files.
 * Whatever a person (or a config-management tool) wrote there, the parser must answer with settings or a
 * {@link ConfigurationException}, promptly, and never repeat the PKCS#8 password in a message.
 */
class CredentialProcessLineFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(5);
    private static final String SOURCE = "credential_process of profile 'fuzz'";

    private static final String[] OPTIONS = {"--certificate", "--private-key", "--intermediates",
        "--trust-anchor-arn", "--profile-arn", "--role-arn", "--session-duration", "--region", "--endpoint",
        "--role-session-name", "--pkcs11-lib", "--pkcs8-password", "--reuse-pin", "--debug", "--with-proxy",
        "--no-verify-ssl", "--cert-selector", "--tpm-key-password", "--unknown", "-certificate", "-", "--"};

    private static final String[] VALUES = {"cert.pem", "'a b'", "\"a \\\" b\"", "C:\\certs\\k.pem", "a\\ b",
        "pkcs11:token=t;object=o", "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/x", "3600", "PT1H",
        "-5", "99999999999999999999", "\u0663\u0666\u0660\u0660", "true", "false", "yes", "https://host:8443/p",
        "http://", "::", "%zz", "\u0000", "'", "\"", "\\", "", "=", "--region"};

    @Property
    void credentialProcess_ofArbitraryLine_givesSettingsOrConfigurationException(@ForAll String line) {
        parseOrConfigurationError(line);
    }

    @Property
    void credentialProcess_ofHelperShapedLine_givesSettingsOrConfigurationException(
            @ForAll("helperLines") String line) {
        parseOrConfigurationError(line);
    }

    @Property
    void credentialProcess_neverRepeatsThePkcs8Password(@ForAll("optionWords") List<String> words,
            @ForAll("positions") int position, @ForAll boolean inline, @ForAll("secrets") String password) {
        List<String> all = new ArrayList<>(words);
        int at = Math.floorMod(position, all.size() + 1);
        if (inline) {
            all.add(at, "--pkcs8-password=" + password);
        } else {
            all.add(at, password);
            all.add(at, "--pkcs8-password");
        }
        String line = "aws_signing_helper credential-process " + String.join(" ", all);

        try {
            within(() -> CredentialProcessLine.parse(line, SOURCE));
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).doesNotContain(password);
        }
    }

    @Property
    void shellWords_ofArbitraryLine_givesWordsOrConfigurationException(@ForAll("quotingHeavy") String line) {
        try {
            List<String> words = within(() -> ShellWords.split(line, SOURCE));
            // Whatever was read must be what a shell would read back after quoting each word.
            List<String> quoted = new ArrayList<>();
            for (String w : words) {
                quoted.add("'" + w.replace("'", "'\\''") + "'");
            }
            assertThat(ShellWords.split(String.join(" ", quoted), SOURCE)).isEqualTo(words);
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).contains("quote");
        }
    }

    @Example
    void optionMissingItsValueBeforeThePassword_doesNotQuoteThePassword() {
        // Found by credentialProcess_neverRepeatsThePkcs8Password: '--certificate' took '--pkcs8-password' as its
        // value, and the password that followed was then quoted as an unexpected argument. Now the missing value is
        // reported instead.
        String line = "aws_signing_helper credential-process --certificate --pkcs8-password PWSECRETSECRET";

        Optional<String> message = parseOrConfigurationError(line);

        assertThat(message).hasValueSatisfying(m -> assertThat(m).doesNotContain("PWSECRETSECRET")
                .contains("--certificate").contains("has no value"));
    }

    @Example
    void trailingBackslashBeforeThePassword_doesNotQuoteThePassword() {
        // Found by the same property: a Windows directory ending in '\' escapes the following blank, so the
        // password became a stray word of its own and was quoted back as an unexpected argument.
        String line = "aws_signing_helper credential-process --certificate C:\\certs\\ "
                + "--pkcs8-password PWSECRETSECRET";

        Optional<String> message = parseOrConfigurationError(line);

        assertThat(message).hasValueSatisfying(m -> assertThat(m).doesNotContain("PWSECRETSECRET")
                .contains("--pkcs8-password"));
    }

    private static Optional<String> parseOrConfigurationError(String line) {
        try {
            within(() -> CredentialProcessLine.parse(line, SOURCE));
            return Optional.empty();
        } catch (ConfigurationException e) {
            assertThat(e.getMessage()).contains(SOURCE);
            return Optional.of(e.getMessage());
        }
    }

    private static <T> T within(org.junit.jupiter.api.function.ThrowingSupplier<T> work) {
        return assertTimeoutPreemptively(PER_INPUT, work);
    }

    @Provide
    Arbitrary<String> secrets() {
        // Upper-case letters only, which no generated option word contains: a hit can only be the password.
        return Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(10).ofMaxLength(16).map(s -> "PW" + s);
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers();
    }

    @Provide
    Arbitrary<List<String>> optionWords() {
        Arbitrary<String> word = Arbitraries.oneOf(Arbitraries.of(OPTIONS), Arbitraries.of(VALUES),
                Combinators.combine(Arbitraries.of(OPTIONS), Arbitraries.of(VALUES)).as((o, v) -> o + "=" + v));
        return word.list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<String> helperLines() {
        Arbitrary<String> program = Arbitraries.of("aws_signing_helper credential-process",
                "/usr/local/bin/aws_signing_helper credential-process", "'aws signing helper' credential-process",
                "aws_signing_helper update", "aws_signing_helper", "");
        return Combinators.combine(program, optionWords()).as((p, w) -> p + " " + String.join(" ", w));
    }

    @Provide
    Arbitrary<String> quotingHeavy() {
        return Arbitraries.strings().withChars("'\"\\ \t\nab=-").ofMaxLength(30);
    }
}
