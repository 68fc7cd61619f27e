package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.testing.TestKeyType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every key and certificate format OpenSSL writes, for every key type: loaded, used, and checked by OpenSSL. */
class FileSignerFormatsTest {

    @TempDir
    static Path dir;

    private static OpenSsl ssl;
    private static final Map<TestKeyType, Path[]> PAIRS = new EnumMap<>(TestKeyType.class);

    @BeforeAll
    static void generateKeys() {
        ssl = new OpenSsl(dir);
        for (TestKeyType type : TestKeyType.values()) {
            Path key = ssl.generate(type);
            PAIRS.put(type, new Path[] {key, ssl.selfSigned(key, type.name().toLowerCase())});
        }
    }

    static Stream<Arguments> everyFormatOfEveryKeyType() {
        List<Arguments> cases = new ArrayList<>();
        for (TestKeyType type : TestKeyType.values()) {
            for (KeyFormat format : KeyFormat.values()) {
                if (format.appliesTo(type)) {
                    cases.add(Arguments.of(type, format));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("everyFormatOfEveryKeyType")
    void sign_withKeyInFormat_producesSignatureOpenSslVerifies(TestKeyType type, KeyFormat format) {
        Path key = PAIRS.get(type)[0];
        Path cert = PAIRS.get(type)[1];
        byte[] message = ("AWS4-X509 string to sign for " + type + " " + format).getBytes(StandardCharsets.UTF_8);

        try (FileSigner signer = format.prepare(ssl, type, key, cert).build()) {
            byte[] signature = signer.sign(message);

            assertThat(signer.algorithm())
                    .isEqualTo(type.isEc() ? SigningAlgorithm.ECDSA_SHA256 : SigningAlgorithm.RSA_SHA256);
            assertThat(signer.certificate().getSubjectX500Principal().getName()).isEqualTo(
                    "CN=" + type.name().toLowerCase());
            assertThat(signer.certificateChain()).isEmpty();
            ssl.assertVerifies(cert, message, signature);
        }
    }

    static Stream<Arguments> pbes2CiphersAndPrfs() {
        List<Arguments> cases = new ArrayList<>();
        for (String cipher : new String[] {"aes-128-cbc", "aes-192-cbc", "aes-256-cbc"}) {
            for (String prf : new String[] {"hmacWithSHA1", "hmacWithSHA256", "hmacWithSHA384", "hmacWithSHA512"}) {
                cases.add(Arguments.of(cipher, prf));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("pbes2CiphersAndPrfs")
    void build_withPbes2EncryptedKey_decryptsWithPassword(String cipher, String prf) {
        Path key = PAIRS.get(TestKeyType.EC_P256)[0];
        Path cert = PAIRS.get(TestKeyType.EC_P256)[1];
        Path encrypted = KeyFormat.encryptPkcs8(ssl, key, "-v2", cipher, "-v2prf", prf);
        byte[] message = "pbes2".getBytes(StandardCharsets.UTF_8);

        try (FileSigner signer = FileSigner.builder().certificateFile(cert).privateKeyFile(encrypted)
                .password(KeyFormat.PASSWORD.toCharArray()).build()) {
            ssl.assertVerifies(cert, message, signer.sign(message));
        }
    }

    @Test
    void sign_withEcKey_returnsDerSequenceOfTwoIntegers() {
        Path key = PAIRS.get(TestKeyType.EC_P384)[0];
        Path cert = PAIRS.get(TestKeyType.EC_P384)[1];
        try (FileSigner signer = FileSigner.builder().certificateFile(cert).privateKeyFile(key).build()) {
            ASN1Sequence sequence = ASN1Sequence.getInstance(signer.sign(new byte[] {1, 2, 3}));

            assertThat(sequence.size()).isEqualTo(2);
            assertThat(sequence.getObjectAt(0)).isInstanceOf(ASN1Integer.class);
            assertThat(sequence.getObjectAt(1)).isInstanceOf(ASN1Integer.class);
        }
    }
}
