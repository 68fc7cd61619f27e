package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.SignerSpec;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the reference tool accepts that this one cannot honour: the Windows/macOS certificate-store and TPM flags,
 * refused with an explanation on every command (rather than an unknown-option error on some), and stray words, which
 * the reference's parser ignores on a command and so are ignored here too (said on stderr with {@code --debug}).
 */
public final class ReferenceOnlyOptions {

    @Option(names = "--cert-selector", hidden = true)
    String certSelector;

    @Option(names = "--system-store-name", hidden = true)
    String systemStoreName;

    @Option(names = "--use-latest-expiring-certificate", hidden = true, arity = "0..1")
    boolean useLatestExpiringCertificate;

    @Option(names = "--tpm-key-password", hidden = true)
    String tpmKeyPassword;

    @Option(names = "--no-tpm-key-password", hidden = true, arity = "0..1")
    boolean noTpmKeyPassword;

    @Parameters(hidden = true)
    List<String> strayArguments;

    /**
     * @throws dev.rolesanywhere.core.ConfigurationException naming the first unsupported flag given, where the
     *     reference supports it and what to use here
     */
    void check(CliContext context, boolean debug) {
        CredentialProcessFlag refused = certSelector != null ? CredentialProcessFlag.CERT_SELECTOR
                : systemStoreName != null ? CredentialProcessFlag.SYSTEM_STORE_NAME
                : useLatestExpiringCertificate ? CredentialProcessFlag.USE_LATEST_EXPIRING_CERTIFICATE
                : tpmKeyPassword != null ? CredentialProcessFlag.TPM_KEY_PASSWORD
                : noTpmKeyPassword ? CredentialProcessFlag.NO_TPM_KEY_PASSWORD
                : null;
        if (refused != null) {
            throw refused.unsupported(null);
        }
        if (debug && strayArguments != null && !strayArguments.isEmpty()) {
            context.err().println("Ignoring the argument(s) " + SignerSpec.redact(strayArguments.toString())
                    + ": every argument of this command is "
                    + "an option such as --certificate (the reference tool ignores them too)");
        }
    }
}
