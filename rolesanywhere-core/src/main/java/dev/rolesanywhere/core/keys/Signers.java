package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import java.nio.file.Path;

/** Short ways to build the file and key store signers of this package, for command lines and configuration code. */
public final class Signers {

    private Signers() {
    }

    /**
     * A {@link FileSigner} with default reload settings.
     *
     * @param certificate PEM, DER or PKCS#12 certificate file (a PEM may also hold intermediates and the key)
     * @param privateKey the key file, or {@code null} when the certificate file holds the key
     * @param password for an encrypted key or PKCS#12 file, or {@code null}; copied, so wipe yours afterwards
     * @throws KeySourceException when the files cannot be used
     */
    public static Signer fromFiles(Path certificate, Path privateKey, char[] password) {
        return FileSigner.builder()
                .certificateFile(certificate)
                .privateKeyFile(privateKey)
                .password(password)
                .build();
    }
}
