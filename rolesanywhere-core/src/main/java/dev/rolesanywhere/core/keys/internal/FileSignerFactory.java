package dev.rolesanywhere.core.keys.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.internal.PinRedaction;
import dev.rolesanywhere.core.keys.FileSigner;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import dev.rolesanywhere.core.spi.SignerFactory;
import java.util.Arrays;

/** The fallback factory: certificate and key files (PEM, DER, PKCS#12), re-read when they change. */
public enum FileSignerFactory implements SignerFactory {
    INSTANCE;

    @Override
    public boolean supports(SignerSpec spec) {
        return !spec.usesPkcs11();
    }

    @Override
    public Signer create(SignerSpec spec) {
        char[] password = spec.pkcs8Password().orElse(null);
        try {
            return FileSigner.builder()
                    .certificateFile(path(spec.certificate(), "certificate"))
                    .privateKeyFile(spec.privateKey().map(k -> path(k, "private key")).orElse(null))
                    .intermediatesFile(spec.intermediates().orElse(null))
                    .password(password)
                    .build();
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static Path path(String location, String what) {
        if (location.trim().regionMatches(true, 0, "handle:", 0, "handle:".length())) {
            throw new ConfigurationException("The " + what + " '" + location + "' is a TPM 2.0 persistent key handle, "
                    + "which this library does not reach directly: give the TPM key a pkcs11: URI through its PKCS#11 "
                    + "module (tpm2-pkcs11, tpm2_ptool) and use that URI instead");
        }
        try {
            return Paths.get(location);
        } catch (InvalidPathException e) {
            throw new ConfigurationException("The " + what + " location '" + SignerSpec.redact(location)
                    + "' is not a valid file path (" + e.getReason() + "): give a file path, or a pkcs11: URI with "
                    + "rolesanywhere-pkcs11 on the class path", PinRedaction.causeQuoting(location, e));
        }
    }
}
