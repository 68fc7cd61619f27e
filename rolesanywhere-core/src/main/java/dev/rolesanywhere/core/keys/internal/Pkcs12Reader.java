package dev.rolesanywhere.core.keys.internal;

import dev.rolesanywhere.core.KeySourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Reads the single key entry of a PKCS#12 file. Bouncy Castle's PKCS12 store is used rather than the JDK's because it
 * opens every variant OpenSSL writes (PBES2/AES, legacy RC2/3DES, no password at all) on every Java 11 update.
 */
final class Pkcs12Reader {

    private Pkcs12Reader() {
    }

    static ParsedKeyFile read(byte[] content, Path file, char[] password) {
        String source = "PKCS#12 file " + file;
        KeyStore store = load(content, file, password);
        String alias = KeyStoreEntries.selectKeyAlias(store, null, source);
        PrivateKey key = readKey(store, alias, file, password, source);
        List<X509Certificate> chain = KeyStoreEntries.chain(store, alias, source);
        return new ParsedKeyFile(chain, key);
    }

    private static KeyStore load(byte[] content, Path file, char[] password) {
        KeyStore store;
        try {
            store = KeyFileParser.newPkcs12();
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("PKCS#12 support is unavailable: " + e.getMessage(), e);
        }
        try {
            store.load(new ByteArrayInputStream(content), password == null ? new char[0] : password);
            return store;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String text = KeyFileParser.messages(e);
            if (text.contains("password") || text.contains("mac") || text.contains("pad block")) {
                if (password == null) {
                    throw new KeySourceException("The PKCS#12 file " + file + " is password-protected, but no "
                            + "password was given: set the password (FileSigner.Builder.password)", e);
                }
                throw new KeySourceException("The password for PKCS#12 file " + file + " is wrong: check the "
                        + "password (and that the file is not corrupted)", e);
            }
            throw KeyFileParser.notUnderstood(file, "it looks like PKCS#12 but cannot be opened ("
                    + e.getMessage() + ")", e);
        }
    }

    private static PrivateKey readKey(KeyStore store, String alias, Path file, char[] password, String source) {
        return KeyStoreEntries.privateKey(store, alias, password == null ? new char[0] : password, source);
    }
}
