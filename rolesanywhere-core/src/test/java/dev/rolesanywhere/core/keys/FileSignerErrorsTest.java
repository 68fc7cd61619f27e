package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: each failure is a KeySourceException that names the file and the fix, and never the password. */
class FileSignerErrorsTest {

    private static final String PASSWORD = "Tr0ub4dor&3-not-in-messages";

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static Path ecKey;
    private static Path ecCert;

    @BeforeAll
    static void generateKeys() {
        ssl = new OpenSsl(dir);
        ecKey = ssl.ecKey("P-256");
        ecCert = ssl.selfSigned(ecKey, "valid");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertBuildFails(FileSigner.Builder builder) {
        return assertThatThrownBy(builder::build).isInstanceOf(KeySourceException.class);
    }

    @Test
    void build_whenCertificateFileIsMissing_namesTheFile() {
        Path missing = dir.resolve("no-such-cert.pem");

        assertBuildFails(FileSigner.builder().certificateFile(missing).privateKeyFile(ecKey))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("check the path");
    }

    @Test
    void build_whenKeyFileIsMissing_namesTheKeyFile() {
        Path missing = dir.resolve("no-such-key.pem");

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(missing))
                .hasMessageContaining("private key file " + missing)
                .hasMessageContaining("does not exist");
    }

    @Test
    void build_whenFileIsADirectory_saysSo() {
        assertBuildFails(FileSigner.builder().certificateFile(dir).privateKeyFile(ecKey))
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("is a directory");
    }

    @Test
    void build_whenCertificateFileIsBinaryGarbage_saysItIsNeitherPemNorDer() throws IOException {
        byte[] garbage = new byte[512];
        new Random(42).nextBytes(garbage);
        Path file = Files.write(ssl.file("garbage.bin"), garbage);

        assertBuildFails(FileSigner.builder().certificateFile(file).privateKeyFile(ecKey))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a usable certificate or key file")
                .hasMessageContaining("PEM");
    }

    @Test
    void build_whenCertificateFileIsText_saysItIsNeitherPemNorDer() throws IOException {
        Path file = Files.write(ssl.file("notes.txt"), "just some notes\n".getBytes(StandardCharsets.US_ASCII));

        assertBuildFails(FileSigner.builder().certificateFile(file).privateKeyFile(ecKey))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("neither PEM nor DER");
    }

    @Test
    void build_whenCertificateFileIsEmpty_saysItIsEmpty() throws IOException {
        Path file = Files.write(ssl.file("empty.pem"), new byte[0]);

        assertBuildFails(FileSigner.builder().certificateFile(file).privateKeyFile(ecKey))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("is empty");
    }

    @Test
    void build_whenPemIsTruncated_saysMalformedOrTruncated() throws IOException {
        String pem = new String(Files.readAllBytes(ecCert), StandardCharsets.US_ASCII);
        Path file = Files.write(ssl.file("truncated.pem"),
                pem.substring(0, pem.length() / 2).getBytes(StandardCharsets.US_ASCII));

        assertBuildFails(FileSigner.builder().certificateFile(file).privateKeyFile(ecKey))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void build_whenEncryptedKeyPasswordIsWrong_saysPasswordIsWrongWithoutShowingIt() {
        Path encrypted = KeyFormat.encryptPkcs8(ssl, ecKey, "-v2", "aes-256-cbc");
        // encryptPkcs8 uses KeyFormat.PASSWORD; PASSWORD here is the wrong one.

        Throwable thrown = catchBuild(FileSigner.builder().certificateFile(ecCert).privateKeyFile(encrypted)
                .password(PASSWORD.toCharArray()));

        assertThat(thrown).hasMessageContaining("The password for encrypted key " + encrypted + " is wrong");
        assertNoSecretInChain(thrown, PASSWORD);
    }

    @Test
    void build_whenScryptKeyPasswordIsWrong_saysPasswordIsWrong() {
        Path encrypted = KeyFormat.encryptPkcs8(ssl, ecKey, "-scrypt");

        Throwable thrown = catchBuild(FileSigner.builder().certificateFile(ecCert).privateKeyFile(encrypted)
                .password(PASSWORD.toCharArray()));

        assertThat(thrown).hasMessageContaining("The password for encrypted key " + encrypted + " is wrong");
        assertNoSecretInChain(thrown, PASSWORD);
    }

    @Test
    void build_whenLegacyEncryptedKeyPasswordIsWrong_saysPasswordIsWrong() {
        Path encrypted = ssl.file("legacy.pem");
        ssl.openssl("pkey", "-in", ecKey.toString(), "-traditional", "-aes256", "-passout",
                "pass:" + KeyFormat.PASSWORD, "-out", encrypted.toString());

        Throwable thrown = catchBuild(FileSigner.builder().certificateFile(ecCert).privateKeyFile(encrypted)
                .password(PASSWORD.toCharArray()));

        assertThat(thrown).hasMessageContaining("The password for encrypted key " + encrypted + " is wrong");
        assertNoSecretInChain(thrown, PASSWORD);
    }

    @Test
    void build_whenKeyIsEncryptedAndNoPasswordGiven_asksForPassword() {
        Path encrypted = KeyFormat.encryptPkcs8(ssl, ecKey, "-v2", "aes-128-cbc");

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(encrypted))
                .hasMessageContaining(encrypted.toString())
                .hasMessageContaining("is encrypted, but no password was given")
                .hasMessageContaining("--pkcs8-password")
                .hasMessageContaining("pkcs8Password");
    }

    @Test
    void build_whenPkcs12PasswordIsWrong_saysPasswordIsWrongWithoutShowingIt() {
        Path p12 = pkcs12(KeyFormat.PASSWORD);

        Throwable thrown = catchBuild(FileSigner.builder().certificateFile(p12).password(PASSWORD.toCharArray()));

        assertThat(thrown).hasMessageContaining("The password for PKCS#12 file " + p12 + " is wrong");
        assertNoSecretInChain(thrown, PASSWORD);
    }

    @Test
    void build_whenPkcs12IsProtectedAndNoPasswordGiven_asksForPassword() {
        Path p12 = pkcs12(KeyFormat.PASSWORD);

        assertBuildFails(FileSigner.builder().certificateFile(p12))
                .hasMessageContaining(p12.toString())
                .hasMessageContaining("password-protected, but no password was given");
    }

    @Test
    void build_whenCertificateIsV1_requiresV3() {
        Path csr = ssl.file("v1.csr");
        ssl.openssl("req", "-new", "-key", ecKey.toString(), "-subj", "/CN=version-one", "-out", csr.toString());
        Path v1 = ssl.file("v1.pem");
        ssl.openssl("x509", "-req", "-in", csr.toString(), "-signkey", ecKey.toString(), "-days", "30",
                "-out", v1.toString());
        assertThat(ssl.openssl("x509", "-in", v1.toString(), "-noout", "-text")).contains("Version: 1 (0x0)");

        assertBuildFails(FileSigner.builder().certificateFile(v1).privateKeyFile(ecKey))
                .hasMessageContaining("X.509 v1")
                .hasMessageContaining("only v3 certificates")
                .hasMessageContaining("CN=version-one");
    }

    @Test
    void build_whenRsaKeyHas1024Bits_refusesTheSize() {
        Path key = ssl.rsaKey(1024);
        Path cert = ssl.selfSigned(key, "rsa1024");

        assertBuildFails(FileSigner.builder().certificateFile(cert).privateKeyFile(key))
                .hasMessageContaining(cert.toString())
                .hasMessageContaining("1024-bit RSA key")
                .hasMessageContaining("2048 to 4096 bits");
    }

    @Test
    void build_whenEcKeyIsOnP224_refusesTheCurve() {
        Path key = ssl.ecKey("P-224");
        Path cert = ssl.selfSigned(key, "p224");

        assertBuildFails(FileSigner.builder().certificateFile(cert).privateKeyFile(key))
                .hasMessageContaining("secp224r1")
                .hasMessageContaining("P-256, P-384 or P-521");
    }

    @Test
    void build_whenKeyBelongsToAnotherCertificate_reportsMismatch() {
        Path otherKey = ssl.ecKey("P-256");

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(otherKey))
                .hasMessageContaining("key file " + otherKey)
                .hasMessageContaining("does not match the certificate 'CN=valid'");
    }

    @Test
    void build_whenKeyTypeDiffersFromCertificate_reportsMismatch() {
        Path rsaKey = ssl.rsaKey(2048);

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(rsaKey))
                .hasMessageContaining("key file " + rsaKey)
                .hasMessageContaining("CN=valid")
                .hasMessageContaining("belong together");
    }

    @Test
    void build_whenCertificateFileHoldsOnlyAKey_asksForTheCertificate() {
        assertBuildFails(FileSigner.builder().certificateFile(ecKey))
                .hasMessageContaining("certificate file " + ecKey + " holds no certificate");
    }

    @Test
    void build_whenNoKeyAnywhere_asksForTheKeyFile() {
        assertBuildFails(FileSigner.builder().certificateFile(ecCert))
                .hasMessageContaining(ecCert.toString())
                .hasMessageContaining("holds no private key")
                .hasMessageContaining("set the private key file");
    }

    @Test
    void build_whenKeyFileHoldsOnlyCertificates_saysSo() {
        Path certificatesOnly = OpenSsl.concat(ssl.file("certs-only.pem"), ecCert);

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(certificatesOnly))
                .hasMessageContaining("private key file " + certificatesOnly + " holds no private key");
    }

    @Test
    void build_whenKeyFileIsAPublicKey_saysItCannotSign() {
        Path publicKey = ssl.file("public.pem");
        ssl.openssl("pkey", "-in", ecKey.toString(), "-pubout", "-out", publicKey.toString());

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(publicKey))
                .hasMessageContaining(publicKey.toString())
                .hasMessageContaining("PUBLIC KEY, which cannot sign");
    }

    @Test
    void build_whenSameFileGivenAsCertificateAndKeyButHoldsNoKey_saysSo() {
        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(ecCert))
                .hasMessageContaining("given as both certificate and private key file, holds no private key");
    }

    @Test
    void build_withRelativePath_namesTheAbsolutePath() {
        Path relative = java.nio.file.Paths.get("no-such-dir-for-test", "cert.pem");

        assertBuildFails(FileSigner.builder().certificateFile(relative).privateKeyFile(ecKey))
                .hasMessageContaining(relative.toAbsolutePath().toString());
    }

    @Test
    void build_whenNoCertificateFileGiven_saysWhatToSet() {
        assertBuildFails(FileSigner.builder().privateKeyFile(ecKey))
                .hasMessageContaining("certificateFile(...)");
    }

    @Test
    void build_whenReloadIntervalIsNegative_saysWhatIsAllowed() {
        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(ecKey)
                .reloadCheckInterval(java.time.Duration.ofSeconds(-1)))
                .hasMessageContaining("reloadCheckInterval is negative");
    }

    @Test
    void build_whenFileHoldsTwoKeys_refusesToGuess() {
        Path twoKeys = OpenSsl.concat(ssl.file("two-keys.pem"), ecKey, ssl.ecKey("P-256"));

        assertBuildFails(FileSigner.builder().certificateFile(ecCert).privateKeyFile(twoKeys))
                .hasMessageContaining(twoKeys.toString())
                .hasMessageContaining("2 private keys");
    }

    @Test
    void build_withWrongPassword_doesNotWipeOrKeepCallersArray() {
        char[] callers = PASSWORD.toCharArray();
        Path encrypted = KeyFormat.encryptPkcs8(ssl, ecKey, "-v2", "aes-256-cbc");

        catchBuild(FileSigner.builder().certificateFile(ecCert).privateKeyFile(encrypted).password(callers));

        // The builder copied it: the caller's array is the caller's to wipe.
        assertThat(new String(callers)).isEqualTo(PASSWORD);
    }

    @Test
    void warnIfExposed_whenKeyFileIsWorldReadable_warnsOncePerPath() throws IOException {
        Path key = Files.copy(ecKey, ssl.file("exposed.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(dev.rolesanywhere.core.keys.internal.KeyFilePermissions.warnIfExposed(key)).isTrue();
        assertThat(dev.rolesanywhere.core.keys.internal.KeyFilePermissions.warnIfExposed(key)).isFalse();
    }

    @Test
    void warnIfExposed_whenKeyFileIsOwnerOnly_doesNotWarn() throws IOException {
        Path key = Files.copy(ecKey, ssl.file("private.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        assertThat(dev.rolesanywhere.core.keys.internal.KeyFilePermissions.warnIfExposed(key)).isFalse();
    }

    @Test
    void warnIfExposed_whenGroupCanRead_warns() throws IOException {
        Path key = Files.copy(ecKey, ssl.file("group.pem"));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(dev.rolesanywhere.core.keys.internal.KeyFilePermissions.warnIfExposed(key)).isTrue();
    }

    private static Path pkcs12(String password) {
        Path p12 = ssl.file("store.p12");
        ssl.openssl("pkcs12", "-export", "-inkey", ecKey.toString(), "-in", ecCert.toString(),
                "-passout", "pass:" + password, "-out", p12.toString());
        return p12;
    }

    private static Throwable catchBuild(FileSigner.Builder builder) {
        try {
            builder.build().close();
        } catch (KeySourceException e) {
            return e;
        }
        throw new AssertionError("build() succeeded but should have failed");
    }

    private static void assertNoSecretInChain(Throwable thrown, String secret) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            assertThat(t.toString()).doesNotContain(secret);
            assertThat(Arrays.toString(t.getSuppressed())).doesNotContain(secret);
        }
    }
}
