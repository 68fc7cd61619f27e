package dev.rolesanywhere.core.keys.internal;

import dev.rolesanywhere.core.KeySourceException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Finds the private key entry to use in a {@link KeyStore} and reads its key and certificates. */
public final class KeyStoreEntries {

    private KeyStoreEntries() {
    }

    /**
     * The alias to use: the given one if it names a key entry, else the only key entry of the store.
     *
     * @param howToChoose the fix to suggest when several key entries leave the choice open
     * @throws KeySourceException when the alias is missing or not a key, or no alias is given and the store holds no
     *     key entry or several (the message lists them)
     */
    public static String selectKeyAlias(KeyStore store, String alias, String source, String howToChoose) {
        List<String> keyAliases = keyAliases(store, source);
        if (alias != null) {
            if (keyAliases.contains(alias)) {
                return alias;
            }
            throw new KeySourceException("The " + source + " has no private key entry named '" + alias
                    + "'; its key entries are " + keyAliases + ": set the alias to one of them");
        }
        if (keyAliases.size() == 1) {
            return keyAliases.get(0);
        }
        if (keyAliases.isEmpty()) {
            throw new KeySourceException("The " + source + " holds no private key entry (only certificates, if any): "
                    + "import the key with its certificate, for example with 'openssl pkcs12 -export -inkey KEY "
                    + "-in CERT'");
        }
        throw new KeySourceException("The " + source + " holds " + keyAliases.size() + " private key entries "
                + keyAliases + ", so it is unclear which one to use: " + howToChoose);
    }

    private static List<String> keyAliases(KeyStore store, String source) {
        try {
            List<String> result = new ArrayList<>();
            for (String a : Collections.list(store.aliases())) {
                if (store.isKeyEntry(a)) {
                    result.add(a);
                }
            }
            Collections.sort(result);
            return result;
        } catch (KeyStoreException e) {
            throw new KeySourceException("The " + source + " cannot be read (" + e.getMessage()
                    + "): load it (KeyStore.load) before passing it", e);
        }
    }

    /**
     * The private key of an entry.
     *
     * @param password the key password; not kept, not wiped
     */
    public static PrivateKey privateKey(KeyStore store, String alias, char[] password, String source) {
        try {
            java.security.Key key = store.getKey(alias, password);
            if (!(key instanceof PrivateKey)) {
                throw new KeySourceException("The entry '" + alias + "' of the " + source + " is a "
                        + (key == null ? "missing" : "secret") + " key, not a private key: choose a private key entry");
            }
            return (PrivateKey) key;
        } catch (UnrecoverableKeyException e) {
            throw new KeySourceException("The key password for entry '" + alias + "' of the " + source
                    + (password == null ? " is required but none was given: set the key password"
                            : " is wrong: check the key password (for PKCS#12 it is usually the store password)"), e);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            if (e instanceof KeySourceException) {
                throw (KeySourceException) e;
            }
            throw new KeySourceException("The key of entry '" + alias + "' of the " + source + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /** The entry's certificate chain, leaf first; at least the leaf. */
    public static List<X509Certificate> chain(KeyStore store, String alias, String source) {
        try {
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                Certificate single = store.getCertificate(alias);
                chain = single == null ? new Certificate[0] : new Certificate[] {single};
            }
            if (chain.length == 0) {
                throw new KeySourceException("The entry '" + alias + "' of the " + source + " has no certificate: "
                        + "store the key together with its certificate");
            }
            List<X509Certificate> result = new ArrayList<>(chain.length);
            for (Certificate c : chain) {
                if (!(c instanceof X509Certificate)) {
                    throw new KeySourceException("The entry '" + alias + "' of the " + source + " holds a "
                            + c.getType() + " certificate; IAM Roles Anywhere needs X.509 certificates");
                }
                result.add((X509Certificate) c);
            }
            return result;
        } catch (KeyStoreException e) {
            throw new KeySourceException("The " + source + " cannot be read (" + e.getMessage()
                    + "): load it (KeyStore.load) before passing it", e);
        }
    }
}
