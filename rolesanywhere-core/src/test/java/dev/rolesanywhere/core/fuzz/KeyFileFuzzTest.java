package dev.rolesanywhere.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.keys.FileSigner;
import dev.rolesanywhere.testing.ProcessRunner;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.MacData;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.Pfx;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * Certificate and key files are read from disk, where they may be truncated by a full disk, damaged in transit or
 * simply the wrong file. {@link FileSigner#build()} must answer with a signer or a {@link KeySourceException} that
 * names the file, promptly: never a Bouncy Castle or JDK runtime exception, an {@link Error}, or a hang.
 *
 * <p>The valid files are made by the {@code openssl} command line, so they are what users actually have.
 */
class KeyFileFuzzTest {

    private static final Duration PER_INPUT = Duration.ofSeconds(10);
    private static final String PASSWORD = "fuzz-password";
    private static final int HUGE_ITERATIONS = 2_000_000_000;

    /** The kinds of file that get damaged; each knows which builder slot it goes in. */
    enum Kind {
        PEM_CERTIFICATE, DER_CERTIFICATE, RSA_PKCS8_PEM, RSA_PKCS1_PEM, EC_SEC1_PEM, EC_PKCS8_DER,
        ENCRYPTED_PKCS8_PEM, ENCRYPTED_PKCS8_DER, ENCRYPTED_PKCS8_SCRYPT, PKCS12, CERTIFICATE_AND_KEY_PEM
    }

    private static Path dir;
    private static Path ecKey;
    private static Path ecCertificate;
    private static Path rsaCertificate;
    private static final Map<Kind, byte[]> ORIGINALS = new EnumMap<>(Kind.class);

    @BeforeContainer
    static void makeFiles() throws IOException {
        dir = Files.createTempDirectory("key-file-fuzz");
        Path rsaKey = dir.resolve("rsa.key");
        ecKey = dir.resolve("ec.key");
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsaKey);
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", ecKey);
        rsaCertificate = dir.resolve("rsa.crt");
        ecCertificate = dir.resolve("ec.crt");
        openssl("req", "-x509", "-new", "-key", rsaKey, "-subj", "/CN=fuzz-rsa", "-days", "2", "-out", rsaCertificate);
        openssl("req", "-x509", "-new", "-key", ecKey, "-subj", "/CN=fuzz-ec", "-days", "2", "-out", ecCertificate);

        ORIGINALS.put(Kind.PEM_CERTIFICATE, Files.readAllBytes(ecCertificate));
        ORIGINALS.put(Kind.DER_CERTIFICATE, made("ec.der", "x509", "-in", ecCertificate, "-outform", "DER"));
        ORIGINALS.put(Kind.RSA_PKCS8_PEM, Files.readAllBytes(rsaKey));
        ORIGINALS.put(Kind.RSA_PKCS1_PEM, made("rsa1.key", "rsa", "-in", rsaKey, "-traditional"));
        ORIGINALS.put(Kind.EC_SEC1_PEM, Files.readAllBytes(ecKey));
        ORIGINALS.put(Kind.EC_PKCS8_DER, made("ec8.der", "pkcs8", "-topk8", "-nocrypt", "-in", ecKey,
                "-outform", "DER"));
        ORIGINALS.put(Kind.ENCRYPTED_PKCS8_PEM, made("ec-enc.pem", "pkcs8", "-topk8", "-v2", "aes-256-cbc",
                "-in", ecKey, "-passout", "pass:" + PASSWORD));
        ORIGINALS.put(Kind.ENCRYPTED_PKCS8_DER, made("ec-enc.der", "pkcs8", "-topk8", "-v2", "aes-128-cbc",
                "-in", ecKey, "-outform", "DER", "-passout", "pass:" + PASSWORD));
        ORIGINALS.put(Kind.ENCRYPTED_PKCS8_SCRYPT, made("ec-scrypt.der", "pkcs8", "-topk8", "-scrypt", "-in", ecKey,
                "-outform", "DER", "-passout", "pass:" + PASSWORD));
        ORIGINALS.put(Kind.PKCS12, made("ec.p12", "pkcs12", "-export", "-inkey", ecKey, "-in", ecCertificate,
                "-passout", "pass:" + PASSWORD));
        byte[] combined = concat(ORIGINALS.get(Kind.PEM_CERTIFICATE), ORIGINALS.get(Kind.EC_SEC1_PEM));
        ORIGINALS.put(Kind.CERTIFICATE_AND_KEY_PEM, combined);
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Example
    void everyOriginal_loads() throws IOException {
        // Without this, a generator bug that damaged every file would make the properties below vacuous.
        for (Kind kind : Kind.values()) {
            assertThat(load(kind, ORIGINALS.get(kind))).as(kind.name()).isTrue();
        }
    }

    @Example
    void encryptedKeyWithHugeIterationCount_isRefusedPromptly() throws IOException {
        // Bouncy Castle refuses counts above 10 million, but the refusal used to be reported as a wrong password,
        // sending the user to check a password that is right.
        EncryptedPrivateKeyInfo original = EncryptedPrivateKeyInfo.getInstance(
                ORIGINALS.get(Kind.ENCRYPTED_PKCS8_DER));
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(original.getEncryptionAlgorithm().getParameters());
        PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        PBKDF2Params huge = new PBKDF2Params(kdf.getSalt(), HUGE_ITERATIONS, kdf.getPrf());
        PBES2Parameters hugePbes2 = new PBES2Parameters(new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, huge),
                pbes2.getEncryptionScheme());
        byte[] damaged = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                hugePbes2), original.getEncryptedData()).getEncoded();

        assertThat(failure(Kind.ENCRYPTED_PKCS8_DER, damaged)).contains("iteration count")
                .doesNotContain("password for encrypted key");
    }

    @Example
    void encryptedKeyWithHugeScryptMemoryCost_isRefusedPromptly() throws IOException {
        // N = 2^30 with r = 8 asks for 1 TiB; Bouncy Castle's array size overflowed and it reported a wrong password.
        assertThat(failure(Kind.ENCRYPTED_PKCS8_SCRYPT, withScrypt(1 << 30, 8, 1))).contains("scrypt")
                .contains("N=1073741824").doesNotContain("password for encrypted key");
        // 1 GiB: enough to exhaust a small heap before the password is even tried.
        assertThat(failure(Kind.ENCRYPTED_PKCS8_SCRYPT, withScrypt(1 << 20, 8, 1))).contains("scrypt");
    }

    @Example
    void encryptedKeyWithHugeScryptParallelism_isRefusedPromptly() throws IOException {
        // 200,000 passes over 16 MiB: hours of work for one file.
        assertThat(failure(Kind.ENCRYPTED_PKCS8_SCRYPT, withScrypt(16384, 8, 200_000))).contains("scrypt")
                .contains("p=200000");
    }

    @Example
    void encryptedKeyWithTheMostScryptWorkOpenSslWrites_stillLoads() throws IOException {
        // OpenSSL refuses N = 32768 with r = 8 (over its 32 MiB cap), but takes four passes of its default.
        byte[] file = made("ec-scrypt-p4.der", "pkcs8", "-topk8", "-scrypt", "-scrypt_N", "16384", "-scrypt_r", "8",
                "-scrypt_p", "4", "-in", ecKey, "-outform", "DER", "-passout", "pass:" + PASSWORD);

        assertThat(load(Kind.ENCRYPTED_PKCS8_SCRYPT, file)).isTrue();
    }

    /** The scrypt-encrypted original with other cost parameters (it would no longer decrypt with them). */
    private static byte[] withScrypt(int n, int r, int p) throws IOException {
        EncryptedPrivateKeyInfo original = EncryptedPrivateKeyInfo.getInstance(
                ORIGINALS.get(Kind.ENCRYPTED_PKCS8_SCRYPT));
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(original.getEncryptionAlgorithm().getParameters());
        ScryptParams kdf = ScryptParams.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        ScryptParams changed = new ScryptParams(kdf.getSalt(), BigInteger.valueOf(n), BigInteger.valueOf(r),
                BigInteger.valueOf(p), kdf.getKeyLength());
        PBES2Parameters changedPbes2 = new PBES2Parameters(new KeyDerivationFunc(MiscObjectIdentifiers.id_scrypt,
                changed), pbes2.getEncryptionScheme());
        return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, changedPbes2),
                original.getEncryptedData()).getEncoded();
    }

    @Example
    void pkcs12WithHugeMacIterationCount_isRefusedPromptly() throws IOException {
        // Both the JDK and the Bouncy Castle fallback must refuse it quickly, and say why.
        Pfx original = Pfx.getInstance(ORIGINALS.get(Kind.PKCS12));
        MacData mac = original.getMacData();
        byte[] damaged = new Pfx(original.getAuthSafe(), new MacData(mac.getMac(), mac.getSalt(), HUGE_ITERATIONS))
                .getEncoded();

        assertThat(failure(Kind.PKCS12, damaged)).contains("iteration count");
    }

    @Property
    void build_ofArbitraryBytes_givesSignerOrKeySourceException(@ForAll("slots") Kind kind, @ForAll byte[] bytes)
            throws IOException {
        load(kind, bytes);
    }

    @Property
    void build_ofBitFlippedFile_givesSignerOrKeySourceException(@ForAll("kinds") Kind kind,
            @ForAll("flips") List<Integer> flips) throws IOException {
        byte[] bytes = ORIGINALS.get(kind).clone();
        for (int flip : flips) {
            int bit = Math.floorMod(flip, bytes.length * 8);
            bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        load(kind, bytes);
    }

    @Property
    void build_ofTruncatedFile_givesSignerOrKeySourceException(@ForAll("kinds") Kind kind,
            @ForAll("fractions") double keep) throws IOException {
        byte[] original = ORIGINALS.get(kind);
        boolean loaded = load(kind, Arrays.copyOf(original, (int) (original.length * keep)));
        if (keep < 0.5 && kind != Kind.CERTIFICATE_AND_KEY_PEM) {
            // Half a key or certificate cannot be enough; accepting it would mean reading garbage as a key.
            assertThat(loaded).isFalse();
        }
    }

    @Property
    void build_ofSplicedFile_givesSignerOrKeySourceException(@ForAll("kinds") Kind kind,
            @ForAll("kinds") Kind donor, @ForAll("fractions") double cut, @ForAll("fractions") double from)
            throws IOException {
        // Two valid files glued at random points: structurally plausible, semantically wrong.
        byte[] head = ORIGINALS.get(kind);
        byte[] tail = ORIGINALS.get(donor);
        byte[] spliced = concat(Arrays.copyOf(head, (int) (head.length * cut)),
                Arrays.copyOfRange(tail, (int) (tail.length * from), tail.length));
        load(kind, spliced);
    }

    /** Returns whether a signer was built; fails the property on anything but success or a KeySourceException. */
    private static boolean load(Kind kind, byte[] bytes) throws IOException {
        return failure(kind, bytes) == null;
    }

    /** The KeySourceException's message, or null when a signer was built. */
    private static String failure(Kind kind, byte[] bytes) throws IOException {
        Path damaged = Files.createTempFile(dir, kind.name(), ".bin");
        try {
            Files.write(damaged, bytes);
            FileSigner.Builder builder = FileSigner.builder().password(PASSWORD.toCharArray()).reloadEnabled(false);
            switch (kind) {
                case PEM_CERTIFICATE:
                case DER_CERTIFICATE:
                    builder.certificateFile(damaged).privateKeyFile(ecKey);
                    break;
                case RSA_PKCS8_PEM:
                case RSA_PKCS1_PEM:
                    builder.certificateFile(rsaCertificate).privateKeyFile(damaged);
                    break;
                case PKCS12:
                case CERTIFICATE_AND_KEY_PEM:
                    builder.certificateFile(damaged);
                    break;
                default:
                    builder.certificateFile(ecCertificate).privateKeyFile(damaged);
            }
            return assertTimeoutPreemptively(PER_INPUT, () -> {
                try (FileSigner signer = builder.build()) {
                    assertThat(signer.certificate()).isNotNull();
                    return (String) null;
                } catch (KeySourceException e) {
                    assertThat(e.getMessage()).contains(damaged.getFileName().toString())
                            .doesNotContain(PASSWORD);
                    return e.getMessage();
                }
            });
        } finally {
            Files.deleteIfExists(damaged);
        }
    }

    @Provide
    Arbitrary<Kind> kinds() {
        // Each scrypt file costs a real scrypt run (16 MiB) per try; its costs are checked by the examples above.
        return Arbitraries.of(Kind.class).filter(kind -> kind != Kind.ENCRYPTED_PKCS8_SCRYPT);
    }

    @Provide
    Arbitrary<Kind> slots() {
        // One kind per builder slot is enough for random bytes: what matters is which file they are read as.
        return Arbitraries.of(Kind.PEM_CERTIFICATE, Kind.RSA_PKCS8_PEM, Kind.PKCS12);
    }

    @Provide
    Arbitrary<List<Integer>> flips() {
        return Arbitraries.integers().greaterOrEqual(0).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0.0, 1.0);
    }

    private static byte[] made(String name, Object... args) throws IOException {
        Path out = dir.resolve(name);
        List<Object> all = new ArrayList<>(Arrays.asList(args));
        all.add("-out");
        all.add(out);
        openssl(all.toArray());
        return Files.readAllBytes(out);
    }

    private static void openssl(Object... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        for (Object a : args) {
            command.add(a.toString());
        }
        ProcessRunner.command(command).run().check();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
