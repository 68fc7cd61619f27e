package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
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
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final String PROPERTIES = "fixture.properties";
    private static final String TOKEN_LABEL = "rolesanywhere-bench";
    private static final Pattern REASSIGNED_SLOT = Pattern.compile("reassigned to slot (\\d+)");
    private static final String[] MODULE_CANDIDATES = {
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib64/pkcs11/libsofthsm2.so",
    };

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

    public String keyLabel(TokenKeyType type) {
        return "bench-" + type.slug();
    }

    public byte[] keyId(TokenKeyType type) {
        return HexFormat.of().parseHex(properties.getProperty("key." + type.name() + ".id"));
    }

    /** The certificate stored on the token next to the key. */
    public X509Certificate tokenCertificate(TokenKeyType type) {
        return readCertificate(directory.resolve(type.slug() + "-cert.pem"));
    }

    /** {@code pkcs11:token=..;object=..;id=..?module-path=..}: selects exactly the key's certificate and key. */
    public String pkcs11Uri(TokenKeyType type) {
        return "pkcs11:token=" + tokenLabel() + ";object=" + keyLabel(type) + ";id="
                + percentEncoded(keyId(type)) + "?module-path=" + modulePath();
    }

    /** {@link #pkcs11Uri} with {@code pin-source} naming the PIN file, for callers that take only a URI. */
    public String pkcs11UriWithPinSource(TokenKeyType type) {
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

    static Path findSoftHsmModule() {
        for (String candidate : MODULE_CANDIDATES) {
            if (Files.isRegularFile(Paths.get(candidate))) {
                return Paths.get(candidate);
            }
        }
        throw new IllegalStateException("libsofthsm2.so not found in " + Arrays.toString(MODULE_CANDIDATES)
                + ": install SoftHSM2 (Debian: apt-get install softhsm2 opensc)");
    }

    /** One preparation run: the steps an operator would take with the SoftHSM2 and OpenSC tools. */
    private static final class Preparation {
        private final Path dir;
        private final Path module = findSoftHsmModule();
        private final SecureRandom random = new SecureRandom();
        private final Properties properties = new Properties();
        private final String userPin = digits(8);

        Preparation(Path dir) {
            this.dir = dir;
        }

        BenchmarkFixture run() throws IOException {
            Path tokens = Files.createDirectory(dir.resolve("tokens"));
            Files.writeString(dir.resolve("softhsm2.conf"), "# benchmark token store, made by BenchmarkFixture\n"
                    + "directories.tokendir = " + tokens + "\n"
                    + "objectstore.backend = file\n"
                    + "log.level = ERROR\n"
                    + "slots.removable = false\n");
            writeOwnerOnly(dir.resolve("user-pin.txt"), userPin + "\n");

            String init = run("softhsm2-util", "--init-token", "--free", "--label", TOKEN_LABEL,
                    "--pin", userPin, "--so-pin", digits(10));
            Matcher slot = REASSIGNED_SLOT.matcher(init);
            if (!slot.find()) {
                throw new IllegalStateException("softhsm2-util did not say which slot the token got: " + init);
            }
            properties.setProperty("module", module.toString());
            properties.setProperty("token", TOKEN_LABEL);
            properties.setProperty("slot", slot.group(1));

            TestCertificateAuthority ca = TestCertificateAuthority.create();
            ca.writeCertificatePem(dir.resolve("ca.pem"));
            for (TokenKeyType type : TokenKeyType.values()) {
                generateOnToken(type, ca);
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
        private void generateOnToken(TokenKeyType type, TestCertificateAuthority ca) throws IOException {
            byte[] id = new byte[8];
            random.nextBytes(id);
            String hexId = HexFormat.of().formatHex(id);
            String label = "bench-" + type.slug();
            runLoggedIn("--keypairgen", "--key-type", type.pkcs11ToolKeyType(), "--id", hexId, "--label", label,
                    "--usage-sign");
            Path publicKeyFile = dir.resolve(type.slug() + "-pub.der");
            run("pkcs11-tool", "--module", module.toString(), "--token-label", TOKEN_LABEL, "--read-object",
                    "--type", "pubkey", "--id", hexId, "-o", publicKeyFile.toString());
            PublicKey publicKey;
            try {
                publicKey = KeyFactory.getInstance(type == TokenKeyType.RSA_2048 ? "RSA" : "EC")
                        .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicKeyFile)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("pkcs11-tool wrote a public key the JDK cannot read", e);
            }
            IssuedCertificate cert = ca.issueClientCertificate(publicKey, "CN=" + label + ",O=rolesanywhere-bench");
            cert.writeCertificatePem(dir.resolve(type.slug() + "-cert.pem"));
            Path der = dir.resolve(type.slug() + "-cert.der");
            try {
                Files.write(der, cert.certificate().getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            runLoggedIn("--write-object", der.toString(), "--type", "cert", "--id", hexId, "--label", label);
            properties.setProperty("key." + type.name() + ".id", hexId);
        }

        private void runLoggedIn(String... args) {
            List<String> command = new ArrayList<>(List.of("pkcs11-tool", "--module", module.toString(),
                    "--token-label", TOKEN_LABEL, "--login", "--pin", userPin));
            command.addAll(Arrays.asList(args));
            run(command.toArray(new String[0]));
        }

        private String run(String... command) {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SOFTHSM2_CONF", dir.resolve("softhsm2.conf").toString());
            try {
                Process process = builder.start();
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                int status = process.waitFor();
                if (status != 0) {
                    // The command line carries the PIN: name the tool only.
                    throw new IllegalStateException(command[0] + " failed with exit status " + status + ": " + output.replace(userPin, "****"));
                }
                return output;
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + command[0] + " (Debian: apt-get install softhsm2 "
                        + "opensc)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while running " + command[0], e);
            }
        }

        private String digits(int n) {
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append((char) ('0' + random.nextInt(10)));
            }
            return sb.toString();
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
