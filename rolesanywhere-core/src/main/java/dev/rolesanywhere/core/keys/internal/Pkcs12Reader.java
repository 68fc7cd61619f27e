package dev.rolesanywhere.core.keys.internal;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PasswordRequiredException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Reads the single key entry of a PKCS#12 file. Two implementations are tried because each opens files the other
 * cannot: the JDK's opens files written with an empty password; Bouncy Castle's opens unencrypted key bags
 * ({@code -keypbe NONE}) and the PBES2 files that older Java 11 updates reject.
 */
final class Pkcs12Reader {

    private Pkcs12Reader() {
    }

    static ParsedKeyFile read(byte[] content, Path file, char[] password) {
        String source = "PKCS#12 file " + redact(file);
        // "No password" is the empty password in PKCS#12 terms: that is what 'openssl pkcs12 -passout pass:' writes.
        char[] effective = password == null ? new char[0] : password;
        KeyStore store = load(content, file, password, effective);
        String alias = KeyStoreEntries.selectKeyAlias(store, null, source, "keep one key per PKCS#12 file, or load "
                + "it as a KeyStore and choose the entry with KeyStoreSigner.Builder.alias");
        PrivateKey key;
        try {
            key = KeyStoreEntries.privateKey(store, alias, effective, source);
        } catch (KeySourceException e) {
            if (password == null) {
                throw noPassword(file, e);
            }
            throw e;
        }
        List<X509Certificate> chain = KeyStoreEntries.chain(store, alias, source);
        return new ParsedKeyFile(chain, key);
    }

    private static KeyStore load(byte[] content, Path file, char[] given, char[] password) {
        Exception jdkFailure = null;
        KeyStore jdk = null;
        try {
            jdk = KeyStore.getInstance("PKCS12");
            jdk.load(new ByteArrayInputStream(content), password);
            if (hasKeyEntry(jdk)) {
                return jdk;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            jdk = null;
            jdkFailure = e;
        }
        if (!BouncyCastlePresence.available()) {
            if (jdk != null) {
                return jdk;
            }
            if (isPasswordFailure(jdkFailure)) {
                throw given == null ? noPassword(file, jdkFailure) : wrongPassword(file, jdkFailure);
            }
            throw KeyFiles.notUnderstood(file, "it looks like PKCS#12 but the JDK cannot open it ("
                    + jdkFailure.getMessage() + "); Bouncy Castle (" + BouncyCastlePresence.ARTIFACTS + "), which "
                    + "opens more PKCS#12 variants, is not on the class path", jdkFailure);
        }
        try {
            KeyStore bc = KeyStore.getInstance("PKCS12", BouncyCastle.provider());
            bc.load(new ByteArrayInputStream(content), password);
            return bc;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (jdk != null) {
                // The JDK opened it and found no key: let the caller report what is (not) in it.
                return jdk;
            }
            if (isPasswordFailure(jdkFailure) || isPasswordFailure(e)) {
                throw given == null ? noPassword(file, e) : wrongPassword(file, e);
            }
            throw KeyFiles.notUnderstood(file, "it looks like PKCS#12 but cannot be opened ("
                    + jdkFailure.getMessage() + "; " + e.getMessage() + ")", e);
        }
    }

    private static boolean hasKeyEntry(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPasswordFailure(Exception e) {
        if (e == null) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecoverableKeyException) {
                return true;
            }
        }
        String text = messages(e);
        return text.contains("password") || text.contains("mac invalid");
    }

    /** Lower-case message text of an exception and its causes, for matching a provider's wording. */
    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    private static KeySourceException noPassword(Path file, Exception cause) {
        return new PasswordRequiredException("The PKCS#12 file " + redact(file) + " is password-protected, but no password "
                + "was given: " + KeyFileParser.HOW_TO_GIVE_A_PASSWORD, cause);
    }

    private static KeySourceException wrongPassword(Path file, Exception cause) {
        return new KeySourceException("The password for PKCS#12 file " + redact(file) + " is wrong: check the password "
                + "(and that the file is not corrupted)", cause);
    }
}
