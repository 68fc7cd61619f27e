package dev.rolesanywhere.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Prints the version alone on stdout, as {@code aws_signing_helper version} does, for scripts that compare it. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version number alone (--version adds the name and the Java version).")
final class VersionCommand implements Callable<Integer> {

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Override
    public Integer call() {
        parent.context().out().println(RolesAnywhereCommand.version());
        parent.context().out().flush();
        return 0;
    }
}
