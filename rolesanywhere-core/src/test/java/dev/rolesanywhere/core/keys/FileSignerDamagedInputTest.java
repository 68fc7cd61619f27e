package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.KeySourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files, made by flipping and cutting bytes of valid ones with a fixed seed: whatever the damage, loading
 * either works or fails with a {@link KeySourceException}, never with a parser's own unchecked exception.
 */
class FileSignerDamagedInputTest {

    private static final int MUTATIONS = 150;

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static Path key;
    private static Path cert;

    @BeforeAll
    static void generate() {
        ssl = new OpenSsl(dir);
        key = ssl.ecKey("P-256");
        cert = ssl.selfSigned(key, "damaged");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pem-certificate", "der-certificate", "pem-key", "der-key", "encrypted-key",
            "pkcs12"})
    void build_withDamagedFile_failsOnlyWithKeySourceException(String kind) throws IOException {
        Path original = original(kind);
        boolean damagedIsKey = kind.endsWith("key");
        byte[] bytes = Files.readAllBytes(original);
        Random random = new Random(kind.hashCode());
        int rejected = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Path damaged = Files.write(ssl.file("damaged"), mutate(bytes, random));
            FileSigner.Builder builder = FileSigner.builder().password(KeyFormat.PASSWORD.toCharArray());
            if (damagedIsKey) {
                builder.certificateFile(cert).privateKeyFile(damaged);
            } else if ("pkcs12".equals(kind)) {
                builder.certificateFile(damaged);
            } else {
                builder.certificateFile(damaged).privateKeyFile(key);
            }
            try {
                builder.build().close();
            } catch (KeySourceException e) {
                assertThat(e.getMessage()).contains(damaged.toString());
                rejected++;
            }
        }
        // Most damage must be noticed; a flip inside a signature or padding may go unseen, which is fine.
        assertThat(rejected).isGreaterThan(MUTATIONS / 2);
    }

    private static Path original(String kind) {
        switch (kind) {
            case "pem-certificate":
                return cert;
            case "der-certificate": {
                Path der = ssl.file("cert.der");
                ssl.openssl("x509", "-in", cert.toString(), "-outform", "DER", "-out", der.toString());
                return der;
            }
            case "pem-key":
                return key;
            case "der-key": {
                Path der = ssl.file("key.der");
                ssl.openssl("pkcs8", "-topk8", "-nocrypt", "-in", key.toString(), "-outform", "DER",
                        "-out", der.toString());
                return der;
            }
            case "encrypted-key":
                return KeyFormat.encryptPkcs8(ssl, key, "-v2", "aes-256-cbc");
            case "pkcs12": {
                Path p12 = ssl.file("store.p12");
                ssl.openssl("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(),
                        "-passout", "pass:" + KeyFormat.PASSWORD, "-out", p12.toString());
                return p12;
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    // Flips one to four bytes, and sometimes cuts the tail, so both content and framing get damaged.
    private static byte[] mutate(byte[] original, Random random) {
        byte[] copy = original.clone();
        int flips = 1 + random.nextInt(4);
        for (int f = 0; f < flips; f++) {
            int at = random.nextInt(copy.length);
            copy[at] = (byte) (copy[at] ^ (1 + random.nextInt(255)));
        }
        if (random.nextInt(4) == 0) {
            return java.util.Arrays.copyOf(copy, 1 + random.nextInt(copy.length - 1));
        }
        return copy;
    }
}
