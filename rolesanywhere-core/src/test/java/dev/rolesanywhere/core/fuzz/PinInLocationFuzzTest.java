package dev.rolesanywhere.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CredentialProcessLine;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.testing.LogCapture;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A key location may carry a {@code pin-value} and still not be recognised as a {@code pkcs11:} URI: a blank before the
 * scheme, {@code file:pkcs11:…}, a scheme or attribute name in another case, blanks around {@code =}. Such a location
 * travels on to the file reader or the option parser, whose messages quote it. Whatever the disguise and wherever the
 * location is given, the PIN must reach no message, no cause and no stack trace.
 */
class PinInLocationFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(5);
    private static final String SOURCE = "credential_process of profile 'fuzz'";

    @Property
    void redact_leavesNoPinInAnyDisguise(@ForAll("locations") Located location) {
        assertThat(SignerSpec.redact(location.text)).doesNotContain(location.pin);
    }

    @Property
    void signerFromSpec_neverQuotesThePin(@ForAll("locations") Located location, @ForAll boolean asKey) {
        SignerSpec spec = asKey
                ? SignerSpec.builder().certificate("/nonexistent/leaf.pem").privateKey(location.text).build()
                : SignerSpec.builder().certificate(location.text).build();
        try {
            assertTimeoutPreemptively(PER_INPUT, () -> Signers.fromSpec(spec)).close();
        } catch (RolesAnywhereException e) {
            assertThat(LogCapture.stackTrace(e)).doesNotContain(location.pin);
        }
    }

    @Property
    void credentialProcessLine_neverQuotesThePin(@ForAll("locations") Located location,
            @ForAll("placements") String placement) {
        String line = "aws_signing_helper credential-process " + placement.replace("{}", quoted(location.text));
        try {
            assertTimeoutPreemptively(PER_INPUT, () -> CredentialProcessLine.parse(line, SOURCE));
        } catch (ConfigurationException e) {
            assertThat(LogCapture.stackTrace(e)).doesNotContain(location.pin);
        }
    }

    @Provide
    Arbitrary<Located> locations() {
        Arbitrary<String> pin = Arbitraries.strings().withCharRange('0', '9').ofMinLength(5).ofMaxLength(9)
                .map(digits -> "Q" + digits + "q");
        Arbitrary<String> before = Arbitraries.of("", " ", "\t", "  ", "file:", "FILE:", "./", "/tmp/", "x");
        Arbitrary<String> scheme = Arbitraries.of("pkcs11:", "PKCS11:", "Pkcs11:", "pkcs11 :", "pkcs11%3A", "pkcs11",
                "");
        Arbitrary<String> name = Arbitraries.of("pin-value=", "PIN-VALUE=", "Pin-Value=", "pin-value =",
                "pin-value= ", "pin-VALUE\t=");
        Arbitrary<String> attribute = Arbitraries.of("token=prod", "object=leaf", "id=%01", "type=private",
                "module-path=/usr/lib/x.so", "pin-source=file:/etc/pin", "");
        Arbitrary<Boolean> inQuery = Arbitraries.of(true, false);
        return Combinators.combine(pin, before, scheme, name, attribute, attribute, inQuery)
                .as((p, b, s, n, a1, a2, q) -> new Located(p, b + s + a1 + (q ? "?" : ";") + n + p + (q ? "&" : ";")
                        + a2));
    }

    @Provide
    Arbitrary<String> placements() {
        return Arbitraries.of("--certificate {}", "--private-key {}", "--certificate={}", "{}",
                "--session-duration {}", "--endpoint {}", "--reuse-pin={}", "--intermediates {}", "--pkcs11-lib {}",
                "--unknown {}", "--certificate\\ {}", "--region {} {}");
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }


    /** A location and the PIN hidden in it. */
    static final class Located {
        final String pin;
        final String text;

        Located(String pin, String text) {
            this.pin = pin;
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
