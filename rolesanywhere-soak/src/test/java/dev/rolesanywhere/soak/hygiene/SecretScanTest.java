package dev.rolesanywhere.soak.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner itself: it finds each kind of planted secret where it was planted, and never prints one. */
class SecretScanTest {
    private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
    private static final String TOKEN = Base64.getEncoder().encodeToString(new byte[240]).replace('A', 'Q');
    private static final String PIN = "482915";

    @TempDir
    Path root;

    private Path module(String name) throws IOException {
        return Files.createDirectories(root.resolve(name).resolve("target"));
    }

    private void recordSecrets(Path target, String... lines) throws IOException {
        Path dir = Files.createDirectories(target.resolve("test-secrets"));
        Files.write(dir.resolve("emulator-1.secrets"), Arrays.asList(lines), StandardCharsets.UTF_8);
    }

    private void writeLog(Path target, String file, String... lines) throws IOException {
        Path dir = Files.createDirectories(target.resolve("surefire-reports"));
        Files.write(dir.resolve(file), Arrays.asList(lines), StandardCharsets.UTF_8);
    }

    private static String pem(String base64) {
        List<String> lines = new ArrayList<>();
        lines.add("-----BEGIN PRIVATE KEY-----");
        for (int i = 0; i < base64.length(); i += 64) {
            lines.add(base64.substring(i, Math.min(base64.length(), i + 64)));
        }
        lines.add("-----END PRIVATE KEY-----");
        return String.join("\n", lines);
    }

    @Test
    void scan_findsEachKindWhereItWasPlanted_andReportsNoSecret() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        String key = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        Path a = module("a");
        Path b = module("b");
        recordSecrets(a, "SECRET_ACCESS_KEY\t" + SECRET_KEY, "SESSION_TOKEN\t" + TOKEN, "PRIVATE_KEY\t" + key);
        recordSecrets(b, "PIN\t" + PIN);
        writeLog(a, "x.FooTest-output.txt",
                "[main] DEBUG x - harmless",
                "[main] DEBUG x - secret=" + SECRET_KEY + " oops",
                "[main] DEBUG x - token " + TOKEN.substring(0, 50) + "...",
                "[main] INFO x - dump:\n" + pem(key),
                "[main] INFO x - stored 482915 bytes");
        writeLog(b, "y.BarTest-output.txt",
                "login with --pin " + PIN,
                "--pin 4829150 is another number");

        SecretScan scan = new SecretScan();
        scan.loadSecrets(root);
        scan.scanLogs(root);
        String report = scan.report(root);

        assertThat(scan.hits()).anyMatch(h -> h.startsWith("a/target/surefire-reports/x.FooTest-output.txt:2: "
                + "SECRET_ACCESS_KEY"));
        assertThat(scan.hits()).anyMatch(h -> h.startsWith("a/target/surefire-reports/x.FooTest-output.txt:3: "
                + "SESSION_TOKEN"));
        // The PEM body starts on line 6 (4: "dump:", 5: BEGIN); each of its base64 lines is a hit of its own.
        assertThat(scan.hits()).anyMatch(h -> h.startsWith("a/target/surefire-reports/x.FooTest-output.txt:6: "
                + "PRIVATE_KEY"));
        assertThat(scan.hits()).anyMatch(h -> h.startsWith("b/target/surefire-reports/y.BarTest-output.txt:1: PIN"));
        // Six digits in a line not about a PIN, and a longer number containing the PIN, are no hits.
        assertThat(scan.hits()).noneMatch(h -> h.contains("x.FooTest-output.txt:" + (5 + pem(key).split("\n").length)));
        assertThat(scan.hits()).noneMatch(h -> h.contains("y.BarTest-output.txt:2"));
        assertThat(scan.secretCount()).isEqualTo(4);
        assertThat(report).doesNotContain(SECRET_KEY).doesNotContain(TOKEN.substring(0, 20)).doesNotContain(PIN)
                .doesNotContain(key.substring(0, 20));
    }

    @Test
    void scan_findsAPinInEveryDisguiseALocationCanGiveIt() throws Exception {
        Path a = module("a");
        recordSecrets(a, "PIN\t" + PIN, "PIN\t12-34!x");
        writeLog(a, "loc-output.txt",
                "The certificate file  file:pkcs11:token=t;PIN-VALUE=" + PIN + " does not exist",
                "Unmatched argument: 'pkcs11:token=t?pin-value=%34%38%32%39%31%35'",
                "Unmatched argument: 'pkcs11:token=t?pin-value=%34%38%32%39%31%35'".toLowerCase(Locale.ROOT),
                "pin-value=12-34!x",
                "pin-value=*** and 12-34 and 34!x");

        SecretScan scan = new SecretScan();
        scan.loadSecrets(root);
        scan.scanLogs(root);

        for (int line = 1; line <= 4; line++) {
            String at = "loc-output.txt:" + line + ": PIN";
            assertThat(scan.hits()).as("line %d", line).anyMatch(h -> h.contains(at));
        }
        assertThat(scan.hits()).noneMatch(h -> h.contains("loc-output.txt:5:"));
        assertThat(scan.report(root)).doesNotContain(PIN).doesNotContain("12-34!x");
    }

    @Test
    void scan_ofAnRsaKey_ignoresItsPublicModulus_butFindsItsPrivateParts() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        java.security.KeyPair pair = generator.generateKeyPair();
        String pkcs8 = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        String spki = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        // PKCS#8 of RSA starts with the modulus: its second PEM line is public bytes only, as printed inside any
        // certificate for this key whose base64 happens to line up.
        String modulusLine = pkcs8.substring(64, 128);
        Path a = module("a");
        recordSecrets(a, "PRIVATE_KEY\t" + pkcs8 + "\t" + spki);
        writeLog(a, "rsa-output.txt", "x-amz-x509:..." + modulusLine + "...", "dump:\n" + pem(pkcs8));

        SecretScan scan = new SecretScan();
        scan.loadSecrets(root);
        scan.scanLogs(root);

        assertThat(scan.hits()).noneMatch(h -> h.contains("rsa-output.txt:1:"));
        // The private exponent and primes come after the modulus: the later PEM lines are hits.
        assertThat(scan.hits()).anyMatch(h -> h.contains("rsa-output.txt:15: PRIVATE_KEY"));
    }

    @Test
    void main_withAHit_failsAndPointsAtTheReport() throws Exception {
        Path a = module("a");
        recordSecrets(a, "SECRET_ACCESS_KEY\t" + SECRET_KEY);
        writeLog(a, "x-output.txt", "leak " + SECRET_KEY);
        Path report = root.resolve("report.txt");

        assertThatThrownBy(() -> SecretScan.main(new String[] {root.toString(), report.toString()}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 secret(s) found")
                .hasMessageNotContaining(SECRET_KEY);
        assertThat(new String(Files.readAllBytes(report), StandardCharsets.UTF_8))
                .contains("x-output.txt:1: SECRET_ACCESS_KEY").doesNotContain(SECRET_KEY);
    }

    @Test
    void main_withNothingRecorded_failsRatherThanPassingBlind() throws Exception {
        writeLog(module("a"), "x-output.txt", "anything");

        assertThatThrownBy(() -> SecretScan.main(new String[] {root.toString(), root.resolve("r.txt").toString()}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no recorded secrets");
    }

    @Test
    void main_withCleanLogs_passes() throws Exception {
        Path a = module("a");
        recordSecrets(a, "SECRET_ACCESS_KEY\t" + SECRET_KEY);
        writeLog(a, "x-output.txt", "nothing secret here");

        SecretScan.main(new String[] {root.toString(), root.resolve("r.txt").toString()});

        assertThat(new String(Files.readAllBytes(root.resolve("r.txt")), StandardCharsets.UTF_8))
                .contains("hits: 0").contains("secrets checked: 1");
    }

    @Test
    void leftovers_inAModulesTemporaryDirectory_areFoundByKind_andCertificatesAreNot() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        Path a = module("a");
        recordSecrets(a, "PIN\t" + PIN, "PRIVATE_KEY\t" + Base64.getEncoder().encodeToString(der) + "\tAAAA");
        Path tmp = Files.createDirectories(a.resolve("tmp/rolesanywhere-softhsm-1"));
        Files.write(tmp.resolve("client.key"), pem(Base64.getEncoder().encodeToString(der)).getBytes(
                StandardCharsets.US_ASCII));
        Files.write(tmp.resolve("secret.txt"), (PIN + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(tmp.resolve("user-pin.txt"), "changed\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(tmp.resolve("key.der"), der);
        Path token = Files.createDirectories(tmp.resolve("tokens/0b1c"));
        Files.write(token.resolve("token.object"), new byte[] {1});
        Files.write(token.resolve("a1b2.object"), new byte[] {2});
        Files.write(tmp.resolve("client.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n".getBytes(
                StandardCharsets.US_ASCII));

        SecretScan scan = new SecretScan();
        scan.loadSecrets(root);
        LeftoverScan leftovers = scan.leftovers();
        leftovers.scanBuildTemporaryDirectories(root);

        String dir = "a/target/tmp/rolesanywhere-softhsm-1/";
        assertThat(leftovers.hits()).containsExactlyInAnyOrder(
                dir + "client.key: a PEM private key",
                dir + "secret.txt: a file holding a recorded PIN",
                dir + "user-pin.txt: a file named like a PIN file",
                dir + "key.der: a file holding a recorded private key",
                dir + "tokens/0b1c/token.object: a SoftHSM2 token");
        assertThat(scan.report(root)).contains("key-like: 5").doesNotContain(PIN);
    }

    @Test
    void leftovers_inTheSystemTemporaryDirectory_countOnlyForOurEntriesSinceTheBuildStarted() throws Exception {
        Path systemTmp = Files.createDirectories(root.resolve("system-tmp"));
        String key = pem("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg");
        Path old = Files.createDirectories(systemTmp.resolve("rolesanywhere-boot1"));
        Files.write(old.resolve("client.key"), key.getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path fresh = Files.createDirectories(systemTmp.resolve("rolesanywhere-boot2"));
        Files.write(fresh.resolve("client.key"), key.getBytes(StandardCharsets.US_ASCII));
        Path foreign = Files.createDirectories(systemTmp.resolve("someone-else"));
        Files.write(foreign.resolve("client.key"), key.getBytes(StandardCharsets.US_ASCII));

        LeftoverScan leftovers = new SecretScan().leftovers();
        leftovers.scanSystemTemporaryDirectory(systemTmp, Instant.parse("2021-01-01T00:00:00Z"));

        assertThat(leftovers.hits()).containsExactly("rolesanywhere-boot2/client.key: a PEM private key");
    }

    @Test
    void main_withAKeyLeftInATemporaryDirectory_fails() throws Exception {
        Path a = module("a");
        recordSecrets(a, "SECRET_ACCESS_KEY\t" + SECRET_KEY);
        writeLog(a, "x-output.txt", "nothing secret here");
        Path tmp = Files.createDirectories(a.resolve("tmp"));
        Files.write(tmp.resolve("leaf.key"), pem("MIGHAgEAMBMGByqGSM49").getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> SecretScan.main(new String[] {root.toString(), root.resolve("r.txt").toString(),
            Instant.now().toString(), ""}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 key-like file(s) left");
        assertThat(new String(Files.readAllBytes(root.resolve("r.txt")), StandardCharsets.UTF_8))
                .contains("a/target/tmp/leaf.key: a PEM private key");
    }
}
