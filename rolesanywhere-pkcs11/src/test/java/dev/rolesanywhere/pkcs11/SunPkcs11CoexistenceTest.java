package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our signer and the JDK's SunPKCS11 provider on one SoftHSM2 module in one JVM, in either order: closing our signers
 * must leave SunPKCS11 signing, since it relies on the module staying initialised and on the token's login, which
 * PKCS#11 shares per application.
 *
 * <p>Each test loads its own copy of SoftHSM2 (the dynamic linker keeps one instance per file), because SunPKCS11
 * keeps a module it loaded initialised for the life of the JVM: later tests must not meet it.
 */
class SunPkcs11CoexistenceTest {
    private static final byte[] DATA = "shared module".getBytes(StandardCharsets.UTF_8);

    private static TokenKey key;

    @TempDir
    Path temp;

    @BeforeAll
    static void token() {
        key = SoftHsmFixture.shared().createToken().key("coexisting").type(TestKeyType.EC_P256).create();
    }

    /** A SoftHSM2 instance no other test in this JVM loads. */
    private Path privateModule() throws Exception {
        return Files.copy(SoftHsmFixture.shared().modulePath().toRealPath(), temp.resolve("libsofthsm2.so"));
    }

    private static Pkcs11Signer ours(Path module) {
        return Pkcs11Signer.builder().uri(Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(module.toString()).build())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build();
    }

    /** SunPKCS11 configured with {@code --name}/{@code library}/{@code slot}, logged in through its key store. */
    private static final class SunPkcs11 {
        final Provider provider;
        final PrivateKey privateKey;

        SunPkcs11(Path module) throws GeneralSecurityException, java.io.IOException {
            provider = Security.getProvider("SunPKCS11").configure("--name=coexisting-" + module.getParent()
                    .getFileName() + "\nlibrary=" + module + "\nslot=" + key.token().slotId() + "\n");
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            char[] pin = key.token().userPin();
            try {
                store.load(null, pin);
            } finally {
                Arrays.fill(pin, '\0');
            }
            PrivateKey found = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    found = (PrivateKey) store.getKey(alias, null);
                }
            }
            assertThat(found).as("SunPKCS11 sees the private key").isNotNull();
            privateKey = found;
        }

        byte[] sign() throws GeneralSecurityException {
            Signature s = Signature.getInstance("SHA256withECDSA", provider);
            s.initSign(privateKey);
            s.update(DATA);
            return s.sign();
        }
    }

    private static void assertVerifies(byte[] signature) {
        assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, signature)).isTrue();
    }

    @Test
    void sunPkcs11_loadedAfterOurSigner_keepsSigningAfterOurSignerCloses() throws Exception {
        Path module = privateModule();
        Pkcs11Signer signer = ours(module);
        SunPkcs11 jdk = new SunPkcs11(module);
        assertVerifies(signer.sign(DATA));
        assertVerifies(jdk.sign());

        signer.close();

        assertVerifies(jdk.sign());
        assertVerifies(jdk.sign());
    }

    @Test
    void sunPkcs11_loadedBeforeOurSigner_keepsSigningAfterOurSignerCloses() throws Exception {
        Path module = privateModule();
        SunPkcs11 jdk = new SunPkcs11(module);
        assertVerifies(jdk.sign());
        Pkcs11Signer signer = ours(module);
        assertVerifies(signer.sign(DATA));

        signer.close();

        assertVerifies(jdk.sign());
    }

    @Test
    void sunPkcs11_keepsSigning_whileOneOfOurSignersIsStillOpen_andAfterItClosesToo() throws Exception {
        Path module = privateModule();
        Pkcs11Signer first = ours(module);
        Pkcs11Signer second = ours(module);
        SunPkcs11 jdk = new SunPkcs11(module);
        assertVerifies(jdk.sign());

        first.close();
        assertVerifies(jdk.sign());
        assertVerifies(second.sign(DATA));

        second.close();
        assertVerifies(jdk.sign());
    }
}
