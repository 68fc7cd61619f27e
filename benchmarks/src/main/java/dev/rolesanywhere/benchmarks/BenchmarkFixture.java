package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;

/**
 * Everything the benchmarks share, made once per run in one directory: a fresh SoftHSM2 token with an RSA-2048 and an
 * EC P-256 key generated inside it (each with a certificate from a throw-away CA), a file key with its certificate,
 * and the CA certificate the emulator trusts.
 *
 * <p>The C baseline, the JMH forks and the credential_process child all see the same token because they share
 * {@code SOFTHSM2_CONF}; SoftHSM2 reads it in {@code C_Initialize}, so it must be in the environment before any JVM
 * that loads SoftHSM2 starts (run.sh exports it; the smoke test gets it from surefire). Preparing uses only child
 * processes ({@code softhsm2-util}, {@code pkcs11-tool}), never loads SoftHSM2 itself, and so works from any JVM.
 */
public final class BenchmarkFixture {
    /** Names the prepared directory for JMH forks, which cannot take arguments of their own. */
    public static final String DIRECTORY_VARIABLE = "ROLESANYWHERE_BENCH_FIXTURE";

    /** The two key types the signing benchmarks compare. */
    public static final List<TestKeyType> TOKEN_KEY_TYPES = List.of(TestKeyType.RSA_2048, TestKeyType.EC_P256);

    private static final String PROPERTIES = "fixture.properties";
    private static final String TOKEN_LABEL = "rolesanywhere-bench";

    private final Path directory;
    private final Properties properties;

    private BenchmarkFixture(Path directory, Properties properties) {
        this.directory = directory;
        this.properties = properties;
    }

    /** Prepares {@code directory} (which must not exist yet, or be empty) and returns the fixture. */
    public static BenchmarkFixture prepare(Path directory) {
        try {
            Files.createDirectories(directory);
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("The benchmark fixture directory " + directory.toAbsolutePath()
                            + " is not empty; give a new directory, or delete this one");
                }
            }
            return new Preparation(directory.toAbsolutePath()).run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the benchmark fixture in " + directory, e);
        }
    }

    /** The fixture prepared earlier in {@code directory}. */
    public static BenchmarkFixture load(Path directory) {
        Path file = directory.resolve(PROPERTIES);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No benchmark fixture in " + directory.toAbsolutePath() + ": prepare one "
                    + "with `java -cp ... dev.rolesanywhere.benchmarks.PrepareFixture <dir>` (benchmarks/run.sh does)");
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new BenchmarkFixture(directory.toAbsolutePath(), p);
    }

    /**
     * The fixture named by {@value #DIRECTORY_VARIABLE}, after checking that SoftHSM2 in this process will read the
     * fixture's configuration.
     */
    public static BenchmarkFixture fromEnvironment() {
        String dir = System.getenv(DIRECTORY_VARIABLE);
        if (dir == null || dir.isEmpty()) {
            throw new IllegalStateException(DIRECTORY_VARIABLE + " is not set: run the benchmarks through "
                    + "benchmarks/run.sh, or export " + DIRECTORY_VARIABLE + "=<prepared dir> and "
                    + "SOFTHSM2_CONF=<prepared dir>/softhsm2.conf");
        }
        BenchmarkFixture fixture = load(Paths.get(dir));
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null || !Paths.get(conf).toAbsolutePath().equals(fixture.softHsmConfig())) {
            throw new IllegalStateException("SOFTHSM2_CONF is " + conf + " but the fixture's tokens are configured "
                    + "by " + fixture.softHsmConfig() + ": export SOFTHSM2_CONF=" + fixture.softHsmConfig()
                    + " before starting the JVM (SoftHSM2 reads it once, when loaded)");
        }
        return fixture;
    }

    public Path directory() {
        return directory;
    }

    public Path softHsmConfig() {
        return directory.resolve("softhsm2.conf");
    }

    public Path modulePath() {
        return Paths.get(properties.getProperty("module"));
    }

    public String tokenLabel() {
        return properties.getProperty("token");
    }

    /** The token's {@code CK_SLOT_ID}, as SoftHSM2 reported it; SunPKCS11 selects the token by it. */
    public long slotId() {
        return Long.parseLong(properties.getProperty("slot"));
    }

    /** A file holding the user PIN, readable by its owner only. */
    public Path pinFile() {
        return directory.resolve("user-pin.txt");
    }

    /** The user PIN as a fresh array; the caller wipes it. */
    public char[] readPin() {
        try {
            byte[] bytes = Files.readAllBytes(pinFile());
            int end = bytes.length;
            while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
                end--;
            }
            char[] pin = new char[end];
            for (int i = 0; i < end; i++) {
                pin[i] = (char) bytes[i];
            }
            Arrays.fill(bytes, (byte) 0);
            return pin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String keyLabel(TestKeyType type) {
        return "bench-" + type.slug();
    }

    public byte[] keyId(TestKeyType type) {
        return HexFormat.of().parseHex(properties.getProperty("key." + type.name() + ".id"));
    }

    /** The certificate stored on the token next to the key. */
    public X509Certificate tokenCertificate(TestKeyType type) {
        return readCertificate(directory.resolve(type.slug() + "-cert.pem"));
    }

    /** {@code pkcs11:token=..;object=..;id=..?module-path=..}: selects exactly the key's certificate and key. */
    public String pkcs11Uri(TestKeyType type) {
        return "pkcs11:token=" + tokenLabel() + ";object=" + keyLabel(type) + ";id="
                + percentEncoded(keyId(type)) + "?module-path=" + modulePath();
    }

    /** {@link #pkcs11Uri} with {@code pin-source} naming the PIN file, for callers that take only a URI. */
    public String pkcs11UriWithPinSource(TestKeyType type) {
        return pkcs11Uri(type) + "&pin-source=file:" + pinFile();
    }

    public Path fileCertificate() {
        return directory.resolve("file-cert.pem");
    }

    public Path filePrivateKey() {
        return directory.resolve("file-key.pem");
    }

    /** The CA both the token certificates and the file certificate chain to: the emulator's trust anchor. */
    public X509Certificate caCertificate() {
        return readCertificate(directory.resolve("ca.pem"));
    }

    private static X509Certificate readCertificate(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the certificate " + file, e);
        }
    }

    private static String percentEncoded(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append('%').append(HexFormat.of().toHexDigits(b));
        }
        return sb.toString();
    }

    /** One preparation run: the steps an operator would take with the SoftHSM2 and OpenSC tools. */
    private static final class Preparation {
        private final Path dir;
        private final SecureRandom random = new SecureRandom();
        private final Properties properties = new Properties();

        Preparation(Path dir) {
            this.dir = dir;
        }

        BenchmarkFixture run() throws IOException {
            SoftHsmFixture softHsm = SoftHsmFixture.inDirectory(dir);
            char[] userPin = SoftHsmFixture.randomDigits(8);
            writeOwnerOnly(dir.resolve("user-pin.txt"), new String(userPin) + "\n");
            SoftHsmToken token = softHsm.createToken(TOKEN_LABEL, userPin, SoftHsmFixture.randomDigits(10));
            Arrays.fill(userPin, '\0');
            properties.setProperty("module", softHsm.modulePath().toString());
            properties.setProperty("token", TOKEN_LABEL);
            properties.setProperty("slot", Long.toUnsignedString(token.slotId()));

            TestCertificateAuthority ca = TestCertificateAuthority.create();
            ca.writeCertificatePem(dir.resolve("ca.pem"));
            for (TestKeyType type : TOKEN_KEY_TYPES) {
                generateOnToken(token, type, ca);
            }
            IssuedCertificate file = ca.issueClientCertificate(KeyType.EC_P256);
            file.writeCertificatePem(dir.resolve("file-cert.pem"));
            file.writePrivateKeyPem(dir.resolve("file-key.pem"));

            try (OutputStream out = Files.newOutputStream(dir.resolve(PROPERTIES))) {
                properties.store(out, "benchmark fixture (no secrets: the PIN is in user-pin.txt)");
            }
            return load(dir);
        }

        /** A key made inside the token (never extractable), certified by the CA, certificate stored beside it. */
        private void generateOnToken(SoftHsmToken token, TestKeyType type, TestCertificateAuthority ca) {
            byte[] id = new byte[8];
            random.nextBytes(id);
            String label = "bench-" + type.slug();
            token.key(label).type(type).id(id).generatedOnToken().certifiedBy(publicKey -> {
                IssuedCertificate cert = ca.issueClientCertificate(publicKey, "CN=" + label + ",O=rolesanywhere-bench");
                cert.writeCertificatePem(dir.resolve(type.slug() + "-cert.pem"));
                return cert.certificate();
            }).create();
            properties.setProperty("key." + type.name() + ".id", HexFormat.of().formatHex(id));
        }

        private static void writeOwnerOnly(Path file, String content) throws IOException {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, content.getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** For diagnostics: where things are, never the PIN. */
    @Override
    public String toString() {
        return "BenchmarkFixture[" + directory + ", token " + tokenLabel() + " slot " + slotId() + ", module "
                + modulePath() + "]";
    }
}
