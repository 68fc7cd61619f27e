package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.Inventories;
import dev.rolesanywhere.cli.internal.KeyPasswords;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import java.nio.file.Paths;
import java.util.Arrays;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags that locate a certificate and its key, spelled as the reference {@code aws_signing_helper} spells them;
 * every command that signs has them. As with the reference's parser, a repeated flag takes its last value and an
 * empty value ({@code --region=}) leaves the flag unset.
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
    String intermediates;

    @Option(names = "--pkcs11-lib", paramLabel = "FILE",
            description = "PKCS#11 module (default: p11-kit-proxy.so, or module-path in the URI)")
    String pkcs11Lib;

    @Option(names = "--reuse-pin", arity = "0..1",
            description = "Use the user PIN for keys that need a login before every signature")
    boolean reusePin;

    @Option(names = "--pkcs8-password", paramLabel = "PASSWORD",
            description = "Password of an encrypted PKCS#8 key or PKCS#12 file; visible to other users, so prefer "
                    + "--pkcs8-password-file or " + KeyPasswords.PASSWORD_VARIABLE + "; without any, it is asked for"
                    + " on the terminal")
    char[] pkcs8Password;

    @Option(names = "--pkcs8-password-file", paramLabel = "FILE",
            description = "File whose first line is the key's password")
    String pkcs8PasswordFile;

    @Option(names = "--debug", arity = "0..1", description = "Log requests and decisions on stderr (never secrets)")
    boolean debug;

    @Mixin
    ReferenceOnlyOptions referenceOnly;

    /** An empty value means unset, as in the reference's flag parser. */
    static String given(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The key flags as a key source: the password given without asking, and for a token the PIN from the URI, else
     * from {@link PinPrompt}. The password flag's array is wiped once copied.
     */
    SignerSpec signerSpec(CliContext context) {
        referenceOnly.check(context, debug);
        char[] password = null;
        try {
            String location = given(certificate);
            if (location == null) {
                throw new ConfigurationException("Missing --certificate; give a PEM, DER or PKCS#12 file, or a "
                        + "pkcs11: URI");
            }
            password = KeyPasswords.given(context, pkcs8Password == null || pkcs8Password.length == 0 ? null
                    : pkcs8Password, given(pkcs8PasswordFile));
            SignerSpec.Builder spec = SignerSpec.builder()
                    .certificate(location)
                    .privateKey(given(privateKey))
                    .intermediates(given(intermediates) == null ? null : Paths.get(intermediates))
                    .pkcs11Library(given(pkcs11Lib))
                    .reusePin(reusePin)
                    .contextPinCallback(PinPrompt.contextSpecific(context))
                    .pkcs8Password(password);
            if (!uriCarriesPin(location, "--certificate") && !uriCarriesPin(given(privateKey), "--private-key")) {
                spec.pinCallback(new PinPrompt(context));
            }
            return spec.build();
        } finally {
            wipe(pkcs8Password);
            wipe(password);
        }
    }

    /** The signer for {@code spec}; an encrypted key given no password is asked for at the terminal. */
    static Signer open(SignerSpec spec, CliContext context) {
        char[] given = spec.pkcs8Password().orElse(null);
        try {
            return KeyPasswords.load(context, given, password -> Signers.fromSpec(password == null || password == given
                    ? spec : spec.toBuilder().pkcs8Password(password).build()));
        } finally {
            wipe(given);
        }
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    /** A PIN written in the URI (pin-value, pin-source) wins; the environment and the prompt are the fallback. */
    static boolean uriCarriesPin(String location, String flag) {
        if (!SignerSpec.isPkcs11Uri(location)) {
            return false;
        }
        Pkcs11Uri uri = Inventories.parse(location, flag);
        return uri.hasPinValue() || uri.pinSource().isPresent();
    }
}
