package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The invocations documented for the reference aws_signing_helper parse here unchanged: every flag is recognised,
 * with the value it was given, in both "--flag value" and "--flag=value" spellings.
 */
class ReferenceFlagCompatibilityTest {

    private static final String TA = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/ta";
    private static final String PR = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/p";
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";

    @TempDir
    java.nio.file.Path dir;

    static Stream<String> documentedInvocations() {
        String arns = " --trust-anchor-arn " + TA + " --profile-arn " + PR + " --role-arn " + ROLE;
        return Stream.of(
                "credential-process --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem" + arns,
                "credential-process --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem"
                        + " --intermediates /etc/ra/chain.pem --session-duration 900 --region us-east-1"
                        + " --endpoint https://rolesanywhere.us-east-1.amazonaws.com --no-verify-ssl --with-proxy"
                        + " --role-session-name build-42 --debug" + arns,
                "credential-process --certificate pkcs11:token=ra;object=client --pkcs11-lib /usr/lib/softhsm/libsofthsm2.so"
                        + " --reuse-pin" + arns,
                "credential-process --certificate /etc/ra/cert.pem --private-key pkcs11:token=ra;object=client" + arns,
                "credential-process --certificate /etc/ra/cert.pem --private-key /etc/ra/key.p8"
                        + " --pkcs8-password hunter2" + arns,
                "credential-process --cert-selector Key=x509Subject,Value=CN=client --system-store-name MY" + arns,
                "credential-process --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem"
                        + " --use-latest-expiring-certificate" + arns,
                "credential-process --certificate /etc/ra/cert.pem --private-key /etc/ra/tpm.pem"
                        + " --tpm-key-password secret" + arns,
                "credential-process --certificate /etc/ra/cert.pem --private-key /etc/ra/tpm.pem --no-tpm-key-password"
                        + arns,
                "credential-process --certificate=/etc/ra/cert.pem --private-key=/etc/ra/key.pem"
                        + " --session-duration=3600 --trust-anchor-arn=" + TA + " --profile-arn=" + PR
                        + " --role-arn=" + ROLE,
                "update --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem --profile dev" + arns,
                "update --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem --profile dev --once" + arns,
                "serve --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem --port 1338 --hop-limit 1" + arns,
                "serve --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem" + arns,
                "sign-string --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem --digest SHA256 --format json",
                "sign-string --certificate /etc/ra/cert.pem --private-key /etc/ra/key.pem --format bin",
                "read-certificate-data --certificate /etc/ra/cert.pem",
                "read-certificate-data --certificate pkcs11:token=ra;object=client --pkcs11-lib /usr/lib/p11-kit-proxy.so");
    }

    @ParameterizedTest
    @MethodSource("documentedInvocations")
    void documentedInvocation_parses_withEveryFlagRecognised(String invocation) {
        String[] args = invocation.split(" ");
        CommandLine cli = Main.commandLine(TestContexts.capture(dir).context);

        ParseResult result = cli.parseArgs(args);

        ParseResult sub = result.subcommand();
        assertThat(sub).isNotNull();
        assertThat(sub.commandSpec().name()).isEqualTo(args[0]);
        assertThat(sub.unmatched()).isEmpty();
        List<String> flags = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--")) {
                flags.add(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
            }
        }
        for (String flag : flags) {
            assertThat(sub.hasMatchedOption(flag)).as("flag %s recognised", flag).isTrue();
        }
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].startsWith("--") && !args[i].contains("=") && !args[i + 1].startsWith("--")) {
                Object value = sub.matchedOptionValue(args[i], null);
                String expected = args[i + 1];
                String actual = value instanceof char[] ? new String((char[]) value) : String.valueOf(value);
                assertThat(actual).as("value of %s", args[i]).isEqualTo(expected);
            }
        }
    }
}
