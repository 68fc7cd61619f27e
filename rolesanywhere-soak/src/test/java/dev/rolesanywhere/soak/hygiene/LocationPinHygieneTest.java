package dev.rolesanywhere.soak.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.cli.Main;
import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.provider.RolesAnywhereCredentialsProvider;
import dev.rolesanywhere.testing.LogCapture;
import dev.rolesanywhere.testing.SecretRecorder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Key locations that carry a {@code pin-value} without being recognised as {@code pkcs11:} URIs, given to every
 * surface (provider builder, profile, command line with {@code --debug}). Each PIN is fresh and recorded for the
 * build's {@link SecretScan}, and everything the surfaces say is printed into this test's report, so that the scan
 * checks their log lines and stack traces too, not only what is asserted here.
 */
class LocationPinHygieneTest {
    private static final String TA = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0a1b2c3d";
    private static final String PR = "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/4e5f6a7b";
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";

    @TempDir
    Path dir;

    private static String freshPin() {
        String pin = String.format("%06d", new SecureRandom().nextInt(1_000_000));
        SecretRecorder.pin(pin.toCharArray());
        return pin;
    }

    private List<String> disguises(String pin) {
        return List.of(" pkcs11:token=no-such;pin-value=" + pin,
                "\tpkcs11:token=no-such;object=leaf;pin-value=" + pin,
                "file:pkcs11:token=t;pin-value=" + pin,
                "PKCS11:token=t?PIN-VALUE=" + pin + "&module-path=/nonexistent/x.so",
                dir.resolve("pkcs11:token=t;Pin-Value = " + pin).toString(),
                "pkcs11:token=t?pin-value=%" + String.format("%02X", (int) pin.charAt(0)) + pin.substring(1));
    }

    @Test
    void providerBuilder_andProfile_neverPassOnThePin() {
        String pin = freshPin();
        for (String location : disguises(pin)) {
            RolesAnywhereCredentialsProvider.Builder asCertificate = RolesAnywhereCredentialsProvider.builder()
                    .trustAnchorArn(TA).profileArn(PR).roleArn(ROLE).certificate(location)
                    .pkcs11Library("/nonexistent/libpkcs11.so");
            RolesAnywhereCredentialsProvider.Builder asKey = RolesAnywhereCredentialsProvider.builder()
                    .trustAnchorArn(TA).profileArn(PR).roleArn(ROLE)
                    .certificate(dir.resolve("leaf.pem").toString()).privateKey(location);
            ProfileFile profile = ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION)
                    .content(new ByteArrayInputStream(("[profile p]\ncredential_process = aws_signing_helper "
                            + "credential-process --certificate '" + location + "' --trust-anchor-arn " + TA
                            + " --profile-arn " + PR + " --role-arn " + ROLE + "\n").getBytes(StandardCharsets.UTF_8)))
                    .build();
            for (RolesAnywhereCredentialsProvider.Builder builder : List.of(asCertificate, asKey,
                    RolesAnywhereCredentialsProvider.builder().profileFile(profile).profileName("p"))) {
                assertThatThrownBy(builder::build)
                        .isInstanceOf(RolesAnywhereException.class)
                        .satisfies(e -> assertThat(reported(e)).doesNotContain(pin));
            }
        }
    }

    @Test
    void commandLine_withDebug_neverPrintsThePin() {
        String pin = freshPin();
        for (String location : disguises(pin)) {
            List<String[]> commands = new ArrayList<>();
            commands.add(new String[] {"credential-process", "--debug", "--certificate", location,
                "--trust-anchor-arn", TA, "--profile-arn", PR, "--role-arn", ROLE});
            commands.add(new String[] {"credential-process", "--debug", "--certificate",
                dir.resolve("leaf.pem").toString(), "--private-key", location, "--trust-anchor-arn", TA,
                "--profile-arn", PR, "--role-arn", ROLE});
            commands.add(new String[] {"read-certificate-data", "--debug", "--certificate", location});
            commands.add(new String[] {"credential-process", "--debug", location});
            for (String[] command : commands) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), () -> null, Clock.systemUTC(),
                        dir);

                int status = Main.run(context, command);

                String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
                System.out.println(said);
                assertThat(status).isEqualTo(1);
                assertThat(said).as(String.join(" ", command)).doesNotContain(pin);
            }
        }
    }

    /** The exception as a log line with its stack trace would show it, printed for the scan as well. */
    private static String reported(Throwable e) {
        String text = LogCapture.stackTrace(e);
        System.out.println(text);
        return text;
    }
}
