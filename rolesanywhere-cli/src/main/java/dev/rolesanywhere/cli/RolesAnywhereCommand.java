package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level command: only a list of subcommands, as in the reference tool. */
@Command(name = "rolesanywhere", mixinStandardHelpOptions = true, versionProvider = RolesAnywhereCommand.Version.class,
        description = "AWS credentials from IAM Roles Anywhere, with the key in a file or a PKCS#11 token.",
        subcommands = {
            CredentialProcessCommand.class,
            SignStringCommand.class,
            ReadCertificateDataCommand.class,
            UpdateCommand.class,
            ServeCommand.class,
            Pkcs11Command.class,
            EmulatorCommand.class,
        })
public final class RolesAnywhereCommand {

    private final CliContext context;

    RolesAnywhereCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    /** The version from the jar manifest, written by the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RolesAnywhereCommand.class.getPackage().getImplementationVersion();
            return new String[] {"rolesanywhere " + (v == null ? "(development build)" : v)
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
