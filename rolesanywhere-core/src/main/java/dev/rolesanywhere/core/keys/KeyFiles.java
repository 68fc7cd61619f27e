package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.keys.internal.KeyFileLoader;
import dev.rolesanywhere.core.keys.internal.KeyFileParser;
import dev.rolesanywhere.core.keys.internal.ParsedKeyFile;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one certificate or key file holds, read as {@link FileSigner} reads it (PEM, DER, PKCS#12, encrypted keys)
 * but without pairing a certificate with a key: for diagnostics that need only one of them, such as describing a
 * certificate or signing with a bare key.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * The certificates in {@code file}, the leaf (the first) first.
     *
     * @param password for a PKCS#12 file, or null; read, not kept, not wiped
     * @throws KeySourceException when the file cannot be read or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file, char[] password) {
        Path absolute = file.toAbsolutePath();
        ParsedKeyFile parsed = KeyFileParser.parse(KeyFileLoader.read(absolute, "certificate"), absolute, password);
        if (parsed.certificates().isEmpty()) {
            throw new KeySourceException("The certificate file " + absolute + " holds no certificate: point it at the "
                    + "PEM, DER or PKCS#12 file that holds the certificate");
        }
        return parsed.certificates();
    }

    /**
     * The private key in {@code file}.
     *
     * @param password for an encrypted key or PKCS#12 file, or null; read, not kept, not wiped
     * @throws dev.rolesanywhere.core.PasswordRequiredException when the key is encrypted and no password is given
     * @throws KeySourceException when the file cannot be read or holds no private key
     */
    public static PrivateKey privateKey(Path file, char[] password) {
        Path absolute = file.toAbsolutePath();
        ParsedKeyFile parsed = KeyFileParser.parse(KeyFileLoader.read(absolute, "private key"), absolute, password);
        if (parsed.privateKey() == null) {
            throw new KeySourceException("The private key file " + absolute + " holds no private key: point it at the "
                    + "file that holds the key");
        }
        return parsed.privateKey();
    }
}
