package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.KeySourceException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;

/**
 * Run in a child JVM by {@link KeyStoreSignerSunPkcs11Test}, because SoftHSM2 reads its configuration from an
 * environment variable that a running JVM cannot set. Signs a file's bytes with a key on the token through a
 * {@link KeyStoreSigner} over a SunPKCS11 key store whose provider is deliberately not installed.
 *
 * <p>Arguments: SunPKCS11 configuration file, PIN, alias or "-", message file, signature output file.
 */
public final class SunPkcs11Probe {

    private SunPkcs11Probe() {
    }

    public static void main(String[] args) throws Exception {
        Provider provider = Security.getProvider("SunPKCS11").configure(args[0]);
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        char[] pin = args[1].toCharArray();
        store.load(null, pin);
        try {
            KeyStoreSigner signer = KeyStoreSigner.builder().keyStore(store)
                    .alias("-".equals(args[2]) ? null : args[2]).build();
            Files.write(Paths.get(args[4]), signer.sign(Files.readAllBytes(Paths.get(args[3]))));
            System.out.println(signer);
        } catch (KeySourceException e) {
            System.out.println("KeySourceException: " + e.getMessage());
            System.exit(3);
        }
    }
}
