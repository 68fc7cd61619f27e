package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.Inventories;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * The flags that locate a certificate and its key, spelled as the reference {@code aws_signing_helper} spells them;
 * every command that signs has them.
 */
public final class SignerOptions {

    @Option(names = "--certificate", paramLabel = "FILE|URI",
            description = "Certificate: PEM or DER file, PKCS#12 file, or a pkcs11: URI")
    String certificate;

    @Option(names = "--private-key", paramLabel = "FILE|URI",
            description = "Private key: PEM or DER file, or a pkcs11: URI (omit for PKCS#12 or when the token holds it"
                    + " next to the certificate)")
    String privateKey;

    @Option(names = "--intermediates", paramLabel = "FILE", description = "PEM bundle of intermediate certificates")
    Path intermediates;

    @Option(names = "--pkcs11-lib", paramLabel = "FILE",
            description = "PKCS#11 module (default: p11-kit-proxy.so, or module-path in the URI)")
    String pkcs11Lib;

    @Option(names = "--reuse-pin", description = "Use the user PIN for keys that need a login before every signature")
    boolean reusePin;

    @Option(names = "--pkcs8-password", paramLabel = "PASSWORD", description = "Password of an encrypted PKCS#8 key")
    char[] pkcs8Password;

    @Option(names = "--debug", description = "Log requests and decisions on stderr (never secrets)")
    boolean debug;

    /**
     * The key flags as a key source; the token PIN comes from the URI, else from {@link PinPrompt}. The password
     * flag's array is wiped once copied.
     */
    SignerSpec signerSpec(CliContext context) {
        try {
            if (certificate == null || certificate.trim().isEmpty()) {
                throw new ConfigurationException("Missing --certificate; give a PEM, DER or PKCS#12 file, or a "
                        + "pkcs11: URI");
            }
            SignerSpec.Builder spec = SignerSpec.builder()
                    .certificate(certificate)
                    .privateKey(privateKey)
                    .intermediates(intermediates)
                    .pkcs11Library(pkcs11Lib)
                    .reusePin(reusePin)
                    .contextPinCallback(PinPrompt.contextSpecific(context))
                    .pkcs8Password(pkcs8Password);
            if (!uriCarriesPin(certificate, "--certificate") && !uriCarriesPin(privateKey, "--private-key")) {
                spec.pinCallback(new PinPrompt(context));
            }
            return spec.build();
        } finally {
            if (pkcs8Password != null) {
                Arrays.fill(pkcs8Password, '\0');
            }
        }
    }

    /** A PIN written in the URI (pin-value, pin-source) wins; the environment and the prompt are the fallback. */
    private static boolean uriCarriesPin(String location, String flag) {
        if (!SignerSpec.isPkcs11Uri(location)) {
            return false;
        }
        Pkcs11Uri uri = Inventories.parse(location, flag);
        return uri.hasPinValue() || uri.pinSource().isPresent();
    }
}
