package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intermediate certificates from PEM bundles, separate files and PKCS#12 files. */
class FileSignerChainTest {

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static CertificateChainFixture chain;

    @BeforeAll
    static void generateChain() {
        ssl = new OpenSsl(dir);
        chain = new CertificateChainFixture(ssl);
    }

    @Test
    void build_withLeafAndIntermediateInOnePem_sendsIntermediateAsChain() {
        Path bundle = OpenSsl.concat(ssl.file("bundle.pem"), chain.leaf, chain.intermediate);

        try (FileSigner signer = FileSigner.builder().certificateFile(bundle).privateKeyFile(chain.leafKey).build()) {
            assertThat(signer.certificate()).isEqualTo(CertificateChainFixture.read(chain.leaf));
            assertThat(signer.certificateChain()).containsExactly(CertificateChainFixture.read(chain.intermediate));
            byte[] message = "chain".getBytes(StandardCharsets.UTF_8);
            ssl.assertVerifies(chain.leaf, message, signer.sign(message));
        }
    }

    @Test
    void build_withIntermediatesFile_keepsItsOrderAfterBundledOnes() {
        Path intermediates = OpenSsl.concat(ssl.file("intermediates.pem"), chain.intermediate, chain.root);

        try (FileSigner signer = FileSigner.builder().certificateFile(chain.leaf).privateKeyFile(chain.leafKey)
                .intermediatesFile(intermediates).build()) {
            assertThat(signer.certificateChain()).containsExactly(
                    CertificateChainFixture.read(chain.intermediate), CertificateChainFixture.read(chain.root));
        }
    }

    @Test
    void build_whenIntermediatesRepeatTheLeafAndBundle_sendsEachCertificateOnceWithoutLeaf() {
        Path bundle = OpenSsl.concat(ssl.file("bundle.pem"), chain.leaf, chain.intermediate);
        Path intermediates = OpenSsl.concat(ssl.file("intermediates.pem"), chain.leaf, chain.intermediate);

        try (FileSigner signer = FileSigner.builder().certificateFile(bundle).privateKeyFile(chain.leafKey)
                .intermediatesFile(intermediates).build()) {
            assertThat(signer.certificateChain()).containsExactly(CertificateChainFixture.read(chain.intermediate));
        }
    }

    @Test
    void build_withPkcs12HoldingChain_sendsChainWithoutLeaf() {
        Path p12 = ssl.file("chain.p12");
        ssl.openssl("pkcs12", "-export", "-inkey", chain.leafKey.toString(), "-in", chain.leaf.toString(),
                "-certfile", chain.intermediate.toString(), "-passout", "pass:" + KeyFormat.PASSWORD,
                "-out", p12.toString());

        try (FileSigner signer = FileSigner.builder().certificateFile(p12).password(KeyFormat.PASSWORD.toCharArray())
                .build()) {
            assertThat(signer.certificate()).isEqualTo(CertificateChainFixture.read(chain.leaf));
            assertThat(signer.certificateChain()).containsExactly(CertificateChainFixture.read(chain.intermediate));
            byte[] message = "p12 chain".getBytes(StandardCharsets.UTF_8);
            ssl.assertVerifies(chain.leaf, message, signer.sign(message));
        }
    }

    @Test
    void build_whenIntermediatesFileHoldsAKey_refusesIt() {
        Path polluted = OpenSsl.concat(ssl.file("polluted.pem"), chain.intermediate, chain.intermediateKey);

        assertThatThrownBy(() -> FileSigner.builder().certificateFile(chain.leaf).privateKeyFile(chain.leafKey)
                .intermediatesFile(polluted).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("intermediates file " + polluted + " holds a private key");
    }

    @Test
    void build_withPkcs12HoldingTwoKeys_refusesToGuessAndSaysHowToChoose() throws Exception {
        // Written with the JDK's own PKCS12 store, independently of the reader under test.
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        KeyStore leafOnly = KeyStore.getInstance("PKCS12");
        Path p12 = ssl.file("leaf.p12");
        ssl.openssl("pkcs12", "-export", "-inkey", chain.leafKey.toString(), "-in", chain.leaf.toString(),
                "-passout", "pass:" + KeyFormat.PASSWORD, "-out", p12.toString());
        try (InputStream in = Files.newInputStream(p12)) {
            leafOnly.load(in, KeyFormat.PASSWORD.toCharArray());
        }
        KeyStore.ProtectionParameter protection =
                new KeyStore.PasswordProtection(KeyFormat.PASSWORD.toCharArray());
        KeyStore.Entry entry = leafOnly.getEntry(leafOnly.aliases().nextElement(), protection);
        store.setEntry("first", entry, protection);
        store.setEntry("second", entry, protection);
        Path twoKeys = ssl.file("two-keys.p12");
        try (OutputStream out = Files.newOutputStream(twoKeys)) {
            store.store(out, KeyFormat.PASSWORD.toCharArray());
        }

        assertThatThrownBy(() -> FileSigner.builder().certificateFile(twoKeys)
                .password(KeyFormat.PASSWORD.toCharArray()).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining(twoKeys.toString())
                .hasMessageContaining("2 private key entries [first, second]")
                .hasMessageContaining("KeyStoreSigner");
    }

    @Test
    void builderWithFilesOnly_buildsAReloadingFileSigner() {
        Signer signer = FileSigner.builder().certificateFile(chain.leaf).privateKeyFile(chain.leafKey).build();

        assertThat(signer).isInstanceOf(FileSigner.class);
        assertThat(signer.current().certificate()).isEqualTo(CertificateChainFixture.read(chain.leaf));
        byte[] message = "factory".getBytes(StandardCharsets.UTF_8);
        ssl.assertVerifies(chain.leaf, message, signer.sign(message));
        signer.close();
    }

    @Test
    void toString_namesFilesAndCertificateButNotPassword() {
        Path encrypted = KeyFormat.encryptPkcs8(ssl, chain.leafKey, "-v2", "aes-256-cbc");
        try (FileSigner signer = FileSigner.builder().certificateFile(chain.leaf).privateKeyFile(encrypted)
                .password(KeyFormat.PASSWORD.toCharArray()).build()) {
            assertThat(signer.toString())
                    .contains(chain.leaf.toString(), encrypted.toString(), "CN=leaf", "RSA 2048", "notAfter=")
                    .doesNotContain(KeyFormat.PASSWORD);
        }
    }
}
