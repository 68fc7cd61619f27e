package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The flags that locate a certificate and its key, for commands that do not talk to the service. */
public final class SignerOptions {

    @Option(names = "--certificate", paramLabel = "FILE|URI",
            description = "Certificate: PEM or DER file, PKCS#12 file, or a pkcs11: URI")
    String certificate;

    @Option(names = "--private-key", paramLabel = "FILE|URI", description = "Private key: PEM or DER file, or a pkcs11: URI")
    String privateKey;

    @Option(names = "--intermediates", paramLabel = "FILE", description = "PEM bundle of intermediate certificates")
    Path intermediates;

    @Option(names = "--pkcs11-lib", paramLabel = "FILE", description = "PKCS#11 module")
    String pkcs11Lib;

    @Option(names = "--reuse-pin", description = "Use the user PIN for keys that need a login before every signature")
    boolean reusePin;

    @Option(names = "--pkcs8-password", paramLabel = "PASSWORD", description = "Password of an encrypted PKCS#8 key")
    char[] pkcs8Password;

    @Option(names = "--debug", description = "Log on stderr (never secrets)")
    boolean debug;

    CredentialsFetcher.Settings settings() {
        CredentialsFetcher.Settings s = new CredentialsFetcher.Settings();
        s.certificate = certificate;
        s.privateKey = privateKey;
        s.intermediates = intermediates;
        s.pkcs11Library = pkcs11Lib;
        s.reusePin = reusePin;
        s.pkcs8Password = pkcs8Password;
        s.debug = debug;
        return s;
    }
}
