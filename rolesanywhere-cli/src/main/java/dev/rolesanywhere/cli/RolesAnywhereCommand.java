package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command: a list of subcommands, as in the reference tool; alone, it prints its help on stdout. */
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
            VersionCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class RolesAnywhereCommand implements Runnable {

    private final CliContext context;

    @Spec
    CommandSpec spec;

    RolesAnywhereCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    /** No subcommand: the help, on stdout, exit status 0, as the reference tool does. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar manifest, written by the build. */
    static String version() {
        String v = RolesAnywhereCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development-build" : v;
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rolesanywhere " + version() + " (Java " + Runtime.version() + ")"};
        }
    }
}
