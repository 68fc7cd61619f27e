package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TestPki;
import dev.rolesanywhere.testing.TokenKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KeyStoreSigner} over the JDK's SunPKCS11 key store on a fresh SoftHSM2 token: the keys never leave the
 * token, and the SunPKCS11 provider is configured at run time without being installed, as applications do.
 */
class KeyStoreSignerSunPkcs11Test {

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static SoftHsmToken token;
    private static String pin;
    private static Path sunPkcs11Config;
    private static Path ecCert;
    private static Path rsaCert;

    @BeforeAll
    static void createToken() throws Exception {
        ssl = new OpenSsl(dir);
        token = SoftHsmFixture.shared().createToken();
        pin = new String(token.userPin());
        ecCert = importPair(TestKeyType.EC_P256, "ec", (byte) 1);
        rsaCert = importPair(TestKeyType.RSA_2048, "rsa", (byte) 2);

        sunPkcs11Config = dir.resolve("sunpkcs11.cfg");
        OpenSsl.write(sunPkcs11Config, "name = SoftHSM\nlibrary = " + token.modulePath() + "\nslot = "
                + token.slotId() + "\n");
    }

    /** A key pair and its certificate on the token; the certificate also as a PEM file for OpenSSL. */
    private static Path importPair(TestKeyType type, String label, byte id) throws Exception {
        TokenKey key = token.key(label).type(type).id(new byte[] {id})
                .certifiedBy(publicKey -> TestPki.shared().issue(publicKey, "token-" + label)).create();
        Path der = Files.write(ssl.file(label + ".der"), key.certificate().orElseThrow().getEncoded());
        Path pem = ssl.file(label + ".pem");
        ssl.openssl("x509", "-inform", "DER", "-in", der.toString(), "-out", pem.toString());
        return pem;
    }

    private static ProcessRunner.Result probe(String alias, Path message, Path signature) {
        List<String> command = new ArrayList<>(Arrays.asList(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                SunPkcs11Probe.class.getName(),
                sunPkcs11Config.toString(), pin, alias, message.toString(), signature.toString()));
        return ssl.exec(command, token.fixture().environment());
    }

    @Test
    void sign_withTokenKeysThroughUninstalledSunPkcs11Provider_verifiesWithOpenSsl() throws IOException {
        for (String alias : new String[] {"ec", "rsa"}) {
            byte[] message = ("signed on the token with " + alias).getBytes(StandardCharsets.UTF_8);
            Path messageFile = Files.write(ssl.file("message"), message);
            Path signatureFile = ssl.file("signature");

            ProcessRunner.Result result = probe(alias, messageFile, signatureFile);

            assertThat(result.exitCode()).as("probe output: %s %s", result.stdout(), result.stderr()).isZero();
            assertThat(result.stdout()).contains("type=PKCS11", "alias=" + alias, "CN=token-" + alias);
            ssl.assertVerifies("ec".equals(alias) ? ecCert : rsaCert, message, Files.readAllBytes(signatureFile));
        }
    }

    @Test
    void build_withoutAliasOnTokenWithTwoKeys_listsTheAliases() throws IOException {
        Path messageFile = Files.write(ssl.file("message"), new byte[] {1});

        ProcessRunner.Result result = probe("-", messageFile, ssl.file("unused"));

        assertThat(result.exitCode()).as("probe output: %s %s", result.stdout(), result.stderr()).isEqualTo(3);
        assertThat(result.stdout()).contains("2 private key entries [ec, rsa]").doesNotContain(pin);
    }
}
