package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.core.KeySourceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input in-process: exit status 1, one line on stderr naming the problem and the fix, nothing on stdout. */
class CommandLineErrorsTest {

    private static final String TA = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a";
    private static final String PROFILE = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/p";
    private static final String ROLE = "arn:aws:iam::123456789012:role/r";

    @TempDir
    Path dir;

    private TestContexts.Captured run(String... args) {
        TestContexts.Captured captured = TestContexts.capture(dir);
        int status = Main.run(captured.context, args);
        assertThat(status).as("exit status; stderr: %s", captured.stderr()).isEqualTo(1);
        assertThat(captured.stdout()).isEmpty();
        assertThat(captured.stderr().strip()).doesNotContain("\n");
        return captured;
    }

    private String[] withArns(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--trust-anchor-arn", TA, "--profile-arn", PROFILE, "--role-arn", ROLE));
        return all.toArray(new String[0]);
    }

    @Test
    void unknownFlag_isNamed_withTheHelpCommand() {
        assertThat(run("credential-process", "--bogus").stderr())
                .contains("Unknown option: '--bogus'").contains("credential-process --help");
    }

    @Test
    void aPinInALocationThatIsNotAUri_neverReachesStderr_whereverTheLocationIsGiven() {
        String pin = "Q6610492q";
        String[] locations = {" pkcs11:token=no-such;pin-value=" + pin, "file:pkcs11:token=t;pin-value=" + pin,
            dir.resolve("PKCS11:token=t;PIN-VALUE=" + pin).toString(), "pkcs11:token=t?Pin-Value =" + pin};
        for (String location : locations) {
            List<String[]> commands = List.of(
                    withArns("credential-process", "--certificate", location, "--pkcs11-lib", "/nonexistent/x.so"),
                    withArns("credential-process", "--certificate", dir.resolve("c.pem").toString(), "--private-key",
                            location),
                    new String[] {"read-certificate-data", "--certificate", location},
                    new String[] {"credential-process", location},
                    new String[] {"credential-process", "--session-duration", location},
                    new String[] {"pkcs11", "import-cert", "--cert", location, "--token", "pkcs11:token=t", "--id",
                        "01", "--label", "k", "--pkcs11-lib", "/nonexistent/x.so"},
                    new String[] {"pkcs11", "import-cert", "--token", location, "--cert", location, "--id", "01",
                        "--label", "k"});
            for (String[] command : commands) {
                assertThat(run(command).stderr()).as(String.join(" ", command)).doesNotContain(pin);
            }
        }
    }

    @Test
    void unknownCommand_isNamed() {
        assertThat(run("credentials-process").stderr()).contains("credentials-process");
    }

    @Test
    void missingCertificate_saysWhatToGive() {
        assertThat(run(withArns("credential-process")).stderr())
                .contains("Missing --certificate").contains("pkcs11:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--trust-anchor-arn", "--profile-arn", "--role-arn"})
    void missingArn_isNamed(String flag) {
        List<String> args = new ArrayList<>(List.of("credential-process", "--certificate", "c.pem",
                "--trust-anchor-arn", TA, "--profile-arn", PROFILE, "--role-arn", ROLE));
        int i = args.indexOf(flag);
        args.remove(i + 1);
        args.remove(i);
        assertThat(run(args.toArray(new String[0])).stderr()).contains("Missing " + flag);
    }

    @Test
    void malformedArn_isRejectedBeforeAnyRequest() {
        assertThat(run("credential-process", "--certificate", "c.pem", "--trust-anchor-arn", "not-an-arn",
                "--profile-arn", PROFILE, "--role-arn", ROLE).stderr()).containsIgnoringCase("arn");
    }

    @Test
    void unreadableCertificateFile_isNamed() {
        Path missing = dir.resolve("nope.pem");
        assertThat(run(withArns("credential-process", "--certificate", missing.toString(),
                "--private-key", dir.resolve("nope.key").toString())).stderr()).contains("nope.pem");
    }

    @Test
    void sessionDurationOutOfRange_isRejected() throws Exception {
        Path cert = Files.writeString(dir.resolve("c.pem"), "x");
        assertThat(run(withArns("credential-process", "--certificate", cert.toString(), "--session-duration", "60"))
                .stderr()).contains("900");
    }

    @Test
    void malformedEndpoint_isRejected() {
        assertThat(run(withArns("credential-process", "--certificate", "c.pem", "--endpoint", "not a url"))
                .stderr()).contains("--endpoint").contains("https://");
    }

    @Test
    void malformedPkcs11Uri_isRejected() {
        assertThat(run(withArns("credential-process", "--certificate", "pkcs11:token=%ZZ")).stderr())
                .contains("pkcs11: URI of --certificate").contains("%ZZ").contains("%25");
    }

    @Test
    void caBundleThatIsNotPem_isRejected() throws Exception {
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), "not a certificate");
        assertThat(run(withArns("credential-process", "--certificate", "c.pem", "--ca-bundle", bundle.toString()))
                .stderr()).contains("--ca-bundle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--cert-selector=Subject=CN=x", "--system-store-name=MY", "--use-latest-expiring-certificate",
        "--tpm-key-password=x", "--no-tpm-key-password"})
    void platformStoreAndTpmFlags_areAccepted_andAnsweredWithAClearRefusal(String flag) {
        assertThat(run(withArns("credential-process", "--certificate", "c.pem", flag)).stderr())
                .contains("the reference tool reads").contains("pkcs11:");
    }

    @Test
    void pinPrompt_withoutATerminal_failsAtOnce_namingTheAlternatives() {
        CliContext noTerminal = TestContexts.capture(dir).context;
        PinPrompt prompt = new PinPrompt(noTerminal);
        org.assertj.core.api.Assertions.assertThatThrownBy(prompt::pin)
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("no terminal")
                .hasMessageContaining("pin-source")
                .hasMessageContaining(PinPrompt.PIN_VARIABLE);
        assertThat(prompt.isReusable()).isFalse();
    }

    @Test
    void pinPrompt_takesThePinFromTheEnvironment() {
        CliContext context = TestContexts.capture(Map.of(PinPrompt.PIN_VARIABLE, "1234"), Clock.systemUTC(), dir).context;
        PinPrompt prompt = new PinPrompt(context);
        assertThat(prompt.pin()).containsExactly('1', '2', '3', '4');
        assertThat(prompt.isReusable()).isTrue();
    }
}
