package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key stores written by keytool and OpenSSL, read through the JCA. */
class KeyStoreSignerTest {

    private static final String STORE_PASSWORD = "store-pass-1";
    private static final String KEY_PASSWORD = "key-pass-2";

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static Path jks;
    private static CertificateChainFixture chain;
    private static Path chainP12;

    @BeforeAll
    static void generateStores() {
        ssl = new OpenSsl(dir);
        jks = ssl.file("two-entries.jks");
        keytoolKey("one", "EC", "secp256r1");
        keytoolKey("two", "RSA", null);
        chain = new CertificateChainFixture(ssl);
        chainP12 = ssl.file("chain.p12");
        ssl.openssl("pkcs12", "-export", "-name", "leaf", "-inkey", chain.leafKey.toString(),
                "-in", chain.leaf.toString(), "-certfile", chain.intermediate.toString(),
                "-passout", "pass:" + STORE_PASSWORD, "-out", chainP12.toString());
    }

    private static void keytoolKey(String alias, String algorithm, String curve) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.Arrays.asList("keytool", "-genkeypair",
                "-alias", alias, "-keyalg", algorithm, "-dname", "CN=" + alias, "-validity", "30",
                "-keystore", jks.toString(), "-storetype", "JKS", "-storepass", STORE_PASSWORD,
                "-keypass", KEY_PASSWORD));
        if (curve != null) {
            args.addAll(java.util.Arrays.asList("-groupname", curve));
        } else {
            args.addAll(java.util.Arrays.asList("-keysize", "2048"));
        }
        ssl.run(args);
    }

    private static Path exportedCertificate(String alias) {
        Path pem = ssl.file(alias + ".pem");
        ssl.keytool("-exportcert", "-rfc", "-alias", alias, "-file", pem.toString(), "-keystore", jks.toString(),
                "-storetype", "JKS", "-storepass", STORE_PASSWORD);
        return pem;
    }

    private static KeyStore load(String type, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, STORE_PASSWORD.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void build_withJksAlias_signsSoOpenSslVerifies() {
        for (String alias : new String[] {"one", "two"}) {
            KeyStoreSigner signer = KeyStoreSigner.builder().keyStore(load("JKS", jks)).alias(alias)
                    .keyPassword(KEY_PASSWORD.toCharArray()).build();

            byte[] message = ("key store " + alias).getBytes(StandardCharsets.UTF_8);
            ssl.assertVerifies(exportedCertificate(alias), message, signer.sign(message));
            assertThat(signer.alias()).isEqualTo(alias);
            assertThat(signer.algorithm()).isEqualTo("one".equals(alias)
                    ? SigningAlgorithm.ECDSA_SHA256 : SigningAlgorithm.RSA_SHA256);
            assertThat(signer.certificateChain()).isEmpty();
        }
    }

    @Test
    void build_withoutAliasWhenStoreHasSeveralKeys_listsThem() {
        assertThatThrownBy(() -> KeyStoreSigner.builder().keyStore(load("JKS", jks))
                .keyPassword(KEY_PASSWORD.toCharArray()).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("JKS key store holds 2 private key entries [one, two]")
                .hasMessageContaining("set the alias");
    }

    @Test
    void build_withUnknownAlias_listsTheKeyEntries() {
        assertThatThrownBy(() -> KeyStoreSigner.builder().keyStore(load("JKS", jks)).alias("three")
                .keyPassword(KEY_PASSWORD.toCharArray()).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("no private key entry named 'three'")
                .hasMessageContaining("[one, two]");
    }

    @Test
    void build_withWrongKeyPassword_saysSoWithoutShowingIt() {
        String wrong = "not-the-key-password";

        assertThatThrownBy(() -> KeyStoreSigner.builder().keyStore(load("JKS", jks)).alias("one")
                .keyPassword(wrong.toCharArray()).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("key password for entry 'one' of the JKS key store is wrong")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(KEY_PASSWORD);
    }

    @Test
    void build_withPkcs12HoldingOneKey_findsItAndTakesChainFromEntry() {
        KeyStoreSigner signer = KeyStoreSigner.builder().keyStore(load("PKCS12", chainP12))
                .keyPassword(STORE_PASSWORD.toCharArray()).build();

        assertThat(signer.alias()).isEqualTo("leaf");
        assertThat(signer.certificate()).isEqualTo(CertificateChainFixture.read(chain.leaf));
        assertThat(signer.certificateChain()).containsExactly(CertificateChainFixture.read(chain.intermediate));
        byte[] message = "pkcs12 entry".getBytes(StandardCharsets.UTF_8);
        ssl.assertVerifies(chain.leaf, message, signer.sign(message));
    }

    @Test
    void build_withExplicitIntermediates_usesThemInsteadOfEntryChain() {
        KeyStoreSigner signer = KeyStoreSigner.builder().keyStore(load("PKCS12", chainP12))
                .keyPassword(STORE_PASSWORD.toCharArray())
                .certificateChain(Collections.singletonList(CertificateChainFixture.read(chain.root))).build();

        assertThat(signer.certificateChain()).containsExactly(CertificateChainFixture.read(chain.root));
    }

    @Test
    void build_whenStoreHoldsOnlyCertificates_saysThereIsNoKey() throws Exception {
        KeyStore trustOnly = KeyStore.getInstance("PKCS12");
        trustOnly.load(null, null);
        trustOnly.setCertificateEntry("ca", CertificateChainFixture.read(chain.root));

        assertThatThrownBy(() -> KeyStoreSigner.builder().keyStore(trustOnly).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("holds no private key entry");
    }

    @Test
    void build_whenStoreIsNotLoaded_saysToLoadIt() throws Exception {
        assertThatThrownBy(() -> KeyStoreSigner.builder().keyStore(KeyStore.getInstance("PKCS12")).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("KeyStore.load");
    }

    @Test
    void build_withoutStore_saysWhatToSet() {
        assertThatThrownBy(() -> KeyStoreSigner.builder().build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("keyStore(...)");
    }

    @Test
    void build_leavesCallersPasswordArrayAlone() {
        char[] password = KEY_PASSWORD.toCharArray();

        KeyStoreSigner.builder().keyStore(load("JKS", jks)).alias("one").keyPassword(password).build();

        assertThat(new String(password)).isEqualTo(KEY_PASSWORD);
    }

    @Test
    void toString_showsStoreAliasAndCertificateButNoPassword() {
        KeyStoreSigner signer = KeyStoreSigner.builder().keyStore(load("JKS", jks)).alias("two")
                .keyPassword(KEY_PASSWORD.toCharArray()).build();

        assertThat(signer.toString()).contains("JKS", "alias=two", "CN=two", "RSA 2048")
                .doesNotContain(KEY_PASSWORD).doesNotContain(STORE_PASSWORD);
    }
}
