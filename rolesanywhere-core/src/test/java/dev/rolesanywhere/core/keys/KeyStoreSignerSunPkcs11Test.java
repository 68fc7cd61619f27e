package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KeyStoreSigner} over the JDK's SunPKCS11 key store on a fresh SoftHSM2 token: the keys never leave the
 * token, and the SunPKCS11 provider is configured at run time without being installed, as applications do.
 */
class KeyStoreSignerSunPkcs11Test {

    private static final String SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String PIN = "246810";

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static Map<String, String> environment;
    private static Path sunPkcs11Config;
    private static Path ecCert;
    private static Path rsaCert;

    @BeforeAll
    static void createToken() throws IOException {
        ssl = new OpenSsl(dir);
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Path conf = dir.resolve("softhsm2.conf");
        OpenSsl.write(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
        environment = Collections.singletonMap("SOFTHSM2_CONF", conf.toString());
        String init = ssl.run(Arrays.asList("softhsm2-util", "--init-token", "--free", "--label", "keystore-test",
                "--pin", PIN, "--so-pin", "13579"), environment);
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(init);
        assertThat(slot.find()).as("softhsm2-util output: %s", init).isTrue();

        ecCert = importPair(ssl.ecKey("P-256"), "ec", "01");
        rsaCert = importPair(ssl.rsaKey(2048), "rsa", "02");

        sunPkcs11Config = dir.resolve("sunpkcs11.cfg");
        OpenSsl.write(sunPkcs11Config, "name = SoftHSM\nlibrary = " + SOFTHSM + "\nslot = " + slot.group(1) + "\n");
    }

    private static Path importPair(Path key, String label, String id) {
        Path cert = ssl.selfSigned(key, "token-" + label);
        Path der = ssl.file(label + ".der");
        ssl.openssl("x509", "-in", cert.toString(), "-outform", "DER", "-out", der.toString());
        ssl.run(Arrays.asList("softhsm2-util", "--import", key.toString(), "--token", "keystore-test",
                "--label", label, "--id", id, "--pin", PIN), environment);
        ssl.run(Arrays.asList("pkcs11-tool", "--module", SOFTHSM, "--token-label", "keystore-test", "--login",
                "--pin", PIN, "--write-object", der.toString(), "--type", "cert", "--id", id, "--label", label),
                environment);
        return cert;
    }

    private static OpenSsl.Result probe(String alias, Path message, Path signature) {
        List<String> command = new ArrayList<>(Arrays.asList(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                SunPkcs11Probe.class.getName(),
                sunPkcs11Config.toString(), PIN, alias, message.toString(), signature.toString()));
        return ssl.exec(command, environment);
    }

    @Test
    void sign_withTokenKeysThroughUninstalledSunPkcs11Provider_verifiesWithOpenSsl() throws IOException {
        for (String alias : new String[] {"ec", "rsa"}) {
            byte[] message = ("signed on the token with " + alias).getBytes(StandardCharsets.UTF_8);
            Path messageFile = Files.write(ssl.file("message"), message);
            Path signatureFile = ssl.file("signature");

            OpenSsl.Result result = probe(alias, messageFile, signatureFile);

            assertThat(result.exitCode).as("probe output: %s %s", result.stdout, result.stderr).isZero();
            assertThat(result.stdout).contains("type=PKCS11", "alias=" + alias, "CN=token-" + alias);
            ssl.assertVerifies("ec".equals(alias) ? ecCert : rsaCert, message, Files.readAllBytes(signatureFile));
        }
    }

    @Test
    void build_withoutAliasOnTokenWithTwoKeys_listsTheAliases() throws IOException {
        Path messageFile = Files.write(ssl.file("message"), new byte[] {1});

        OpenSsl.Result result = probe("-", messageFile, ssl.file("unused"));

        assertThat(result.exitCode).as("probe output: %s %s", result.stdout, result.stderr).isEqualTo(3);
        assertThat(result.stdout).contains("2 private key entries [ec, rsa]").doesNotContain(PIN);
    }
}
