package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CredentialProcessOutput;
import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Prints one set of temporary credentials in the {@code credential_process} format, for the AWS SDKs and CLI. */
@Command(name = "credential-process", mixinStandardHelpOptions = true,
        description = {"Print temporary credentials as JSON for the credential_process setting of an AWS profile.",
            "A token PIN comes from the pkcs11: URI (pin-value, pin-source), from the environment variable "
                    + "ROLESANYWHERE_PKCS11_PIN, or from a prompt on the terminal (/dev/tty, so it works under "
                    + "credential_process too); a key password likewise from --pkcs8-password-file, "
                    + "ROLESANYWHERE_PKCS8_PASSWORD or the terminal."})
final class CredentialProcessCommand implements Callable<Integer> {

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SessionOptions options;

    @Override
    public Integer call() {
        try (CredentialsFetcher fetcher = options.open(parent.context())) {
            parent.context().out().println(CredentialProcessOutput.json(fetcher.get()));
            parent.context().out().flush();
        }
        return 0;
    }
}
