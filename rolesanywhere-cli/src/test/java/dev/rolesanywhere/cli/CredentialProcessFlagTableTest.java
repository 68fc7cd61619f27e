package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.CredentialProcessLine;
import dev.rolesanywhere.core.SessionSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's {@code credential-process} and the provider's profile parser read the same reference-tool flags:
 * the core table {@link CredentialProcessFlag} and the picocli options must name the same flags with the same arity,
 * and a line must mean the same session either way.
 */
class CredentialProcessFlagTableTest {

    /** What the command line offers beyond the reference tool's flags. */
    private static final Set<String> COMMAND_LINE_EXTRAS = Set.of("--ca-bundle", "--proxy", "--pkcs8-password-file",
            "-h", "--help", "-V", "--version");

    @TempDir
    Path dir;

    private CommandLine commandLine() {
        return Main.commandLine(TestContexts.capture(dir).context);
    }

    private CommandSpec credentialProcess() {
        return commandLine().getSubcommands().get("credential-process").getCommandSpec();
    }

    @Test
    void everyFlagOfTheTable_isAnOptionOfCredentialProcess_withTheSameArity_andHiddenWhenRefused() {
        CommandSpec command = credentialProcess();
        for (CredentialProcessFlag flag : CredentialProcessFlag.values()) {
            OptionSpec option = command.findOption(flag.flag());
            assertThat(option).as(flag.flag()).isNotNull();
            // A switch may be given a value too (--debug=false), as the reference's parser allows.
            assertThat(option.arity().min() > 0).as("%s takes a value", flag.flag()).isEqualTo(flag.takesValue());
            assertThat(option.hidden()).as("%s hidden", flag.flag()).isEqualTo(!flag.isSupported());
        }
    }

    @Test
    void everyOptionOfCredentialProcess_isInTheTable_orAListedExtra() {
        for (OptionSpec option : credentialProcess().options()) {
            for (String name : option.names()) {
                assertThat(CredentialProcessFlag.named(name).isPresent() || COMMAND_LINE_EXTRAS.contains(name))
                        .as("%s is a reference flag or a listed extra", name).isTrue();
            }
        }
    }

    @Test
    void theSameLine_meansTheSameSession_onTheCommandLineAndInAProfile() {
        Map<CredentialProcessFlag, String> values = new LinkedHashMap<>();
        // A PIN in the URI, so that the command line adds no prompt of its own.
        values.put(CredentialProcessFlag.CERTIFICATE, "pkcs11:token=t;object=leaf?pin-value=1234");
        values.put(CredentialProcessFlag.PRIVATE_KEY, "/etc/ra/key.pem");
        values.put(CredentialProcessFlag.INTERMEDIATES, "/etc/ra/chain.pem");
        values.put(CredentialProcessFlag.TRUST_ANCHOR_ARN, "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a");
        values.put(CredentialProcessFlag.PROFILE_ARN, "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/p");
        values.put(CredentialProcessFlag.ROLE_ARN, "arn:aws:iam::111122223333:role/r");
        values.put(CredentialProcessFlag.SESSION_DURATION, "900");
        values.put(CredentialProcessFlag.REGION, "eu-west-1");
        values.put(CredentialProcessFlag.ENDPOINT, "https://ra.example.test/prefix");
        values.put(CredentialProcessFlag.ROLE_SESSION_NAME, "ci");
        values.put(CredentialProcessFlag.PKCS11_LIB, "/usr/lib/softhsm/libsofthsm2.so");
        values.put(CredentialProcessFlag.PKCS8_PASSWORD, "pw");
        values.put(CredentialProcessFlag.REUSE_PIN, null);
        values.put(CredentialProcessFlag.DEBUG, null);
        values.put(CredentialProcessFlag.NO_VERIFY_SSL, null);
        Set<CredentialProcessFlag> settingFields = EnumSet.noneOf(CredentialProcessFlag.class);
        for (CredentialProcessFlag flag : CredentialProcessFlag.values()) {
            flag.field().ifPresent(field -> settingFields.add(flag));
        }
        assertThat(values.keySet()).as("every flag that sets a field").isEqualTo(settingFields);
        List<String> args = new ArrayList<>(List.of("credential-process"));
        values.forEach((flag, value) -> {
            args.add(flag.flag());
            if (value != null) {
                args.add(value);
            }
        });

        CommandLine.ParseResult parsed = commandLine().parseArgs(args.toArray(new String[0]));
        SessionOptions options = (SessionOptions) parsed.subcommand().commandSpec().mixins().get("options")
                .userObject();
        SessionSpec fromCommandLine = options.sessionSpec(TestContexts.capture(dir).context);
        SessionSpec fromProfile = CredentialProcessLine.parse("aws_signing_helper '" + String.join("' '", args) + "'",
                "test").sessionSpec();

        assertThat(fromCommandLine).isEqualTo(fromProfile);
    }
}
