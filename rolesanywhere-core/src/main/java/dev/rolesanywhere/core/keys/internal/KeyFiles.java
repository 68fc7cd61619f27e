package dev.rolesanywhere.core.keys.internal;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.KeySourceException;
import java.nio.file.Path;

/**
 * Reads certificate and key files: with Bouncy Castle, every format {@link KeyFileParser} knows; without it, the
 * formats the JDK reads alone ({@link JdkKeyFiles}).
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * @param content  the whole file
     * @param file     the file's path, named in error messages
     * @param password the password for an encrypted key or PKCS#12 file, or {@code null}; not kept, not wiped
     * @throws KeySourceException when the content is not understood or cannot be decrypted
     */
    public static ParsedKeyFile parse(byte[] content, Path file, char[] password) {
        if (JdkKeyFiles.isPlainPem(content)) {
            // The common case, unencrypted PKCS#8 keys and certificates in PEM, needs no Bouncy Castle class: touching
            // one costs every credential_process run the check of its signed jars. Content the JDK does not take
            // goes to the parser below, so errors and every other format are as they always were.
            try {
                return JdkKeyFiles.parse(content, file, password);
            } catch (KeySourceException e) {
                if (!BouncyCastlePresence.available()) {
                    throw e;
                }
            }
        }
        return BouncyCastlePresence.available() ? KeyFileParser.parse(content, file, password)
                : JdkKeyFiles.parse(content, file, password);
    }

    static KeySourceException notUnderstood(Path file, String why, Throwable cause) {
        return new KeySourceException("The file " + redact(file) + " is not a usable certificate or key file: " + why
                + ". Expected PEM (CERTIFICATE, PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY), "
                + "DER or PKCS#12", cause);
    }
}
