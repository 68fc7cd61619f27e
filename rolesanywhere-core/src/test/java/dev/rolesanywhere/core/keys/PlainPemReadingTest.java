package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.keys.internal.CertificateKey;
import dev.rolesanywhere.core.keys.internal.KeyFileParser;
import dev.rolesanywhere.core.keys.internal.KeyFiles;
import dev.rolesanywhere.core.keys.internal.ParsedKeyFile;
import dev.rolesanywhere.testing.TestKeyType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Plain PEM (certificates, unencrypted PKCS#8 keys) is read by the JDK even with Bouncy Castle on the class path, so
 * that a credential_process run loads none of its classes; everything read that way must come out exactly as Bouncy
 * Castle's parser gives it, and everything else, errors included, must still be the parser's.
 */
class PlainPemReadingTest {

    @TempDir
    static Path dir;

    private static final Map<String, byte[]> FILES = new LinkedHashMap<>();

    @BeforeAll
    static void writeFiles() throws IOException {
        OpenSsl ssl = new OpenSsl(dir);
        for (TestKeyType type : TestKeyType.values()) {
            Path key = ssl.generate(type);
            Path cert = ssl.selfSigned(key, type.slug());
            Path traditional = ssl.file("traditional.pem");
            ssl.openssl("pkey", "-in", key.toString(), "-traditional", "-out", traditional.toString());
            Path derKey = ssl.file("key.der");
            ssl.openssl("pkey", "-in", key.toString(), "-outform", "DER", "-out", derKey.toString());
            Path derCert = ssl.file("cert.der");
            ssl.openssl("x509", "-in", cert.toString(), "-outform", "DER", "-out", derCert.toString());
            FILES.put(type + " PKCS#8 key", Files.readAllBytes(key));
            FILES.put(type + " certificate", Files.readAllBytes(cert));
            FILES.put(type + " certificate and key", concat(cert, key));
            FILES.put(type + " key and certificate", concat(key, cert));
            FILES.put(type + " traditional key", Files.readAllBytes(traditional));
            FILES.put(type + " DER key", Files.readAllBytes(derKey));
            FILES.put(type + " DER certificate", Files.readAllBytes(derCert));
        }
        Path p256 = ssl.generate(TestKeyType.EC_P256);
        Path rsa = ssl.generate(TestKeyType.RSA_2048);
        FILES.put("two keys", concat(p256, rsa));
        KeyPair mlDsa = BcCertificates.mlDsa("ML-DSA-65");
        FILES.put("ML-DSA PKCS#8 key (the JDK cannot read it)", pem("PRIVATE KEY", mlDsa.getPrivate().getEncoded()));
        FILES.put("ML-DSA certificate", pem("CERTIFICATE", encoded(BcCertificates.selfSignedV3(mlDsa, "ml-dsa"))));
        FILES.put("a PRIVATE KEY block of garbage", pem("PRIVATE KEY", new byte[] {1, 2, 3, 4, 5, 6}));
        FILES.put("a CERTIFICATE block of garbage", pem("CERTIFICATE", new byte[] {1, 2, 3, 4, 5, 6}));
        String certificate = new String(FILES.get("EC_P256 certificate"), StandardCharsets.US_ASCII);
        FILES.put("a block whose END does not match", certificate.replace("-----END CERTIFICATE-----",
                "-----END PRIVATE KEY-----").getBytes(StandardCharsets.US_ASCII));
        FILES.put("a block with a header line", certificate.replace("-----BEGIN CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nComment: x\n\n").getBytes(StandardCharsets.US_ASCII));
        FILES.put("a PUBLIC KEY", pem("PUBLIC KEY", mlDsa.getPublic().getEncoded()));
        Path explicit = ssl.file("explicit.key.pem");
        ssl.openssl("ecparam", "-name", "prime256v1", "-param_enc", "explicit", "-genkey", "-noout",
                "-out", explicit.toString());
        FILES.put("a certificate of a key with explicit curve parameters",
                Files.readAllBytes(ssl.selfSigned(explicit, "explicit")));
        FILES.put("no block", "hello\n".getBytes(StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> files() {
        List<Arguments> cases = new ArrayList<>();
        FILES.forEach((name, content) -> cases.add(Arguments.of(name, content)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void parse_givesWhatBouncyCastlesParserGives_resultOrError(String name, byte[] content) {
        Path file = dir.resolve("file.pem");

        assertThat(outcome(() -> KeyFiles.parse(content, file, null)))
                .isEqualTo(outcome(() -> KeyFileParser.parse(content, file, null)));
    }

    @ParameterizedTest
    @EnumSource(TestKeyType.class)
    void inspect_ofAnRsaOrNamedCurveCertificate_namesTheAlgorithmAndKeepsTheCertificatesKey(TestKeyType type) {
        X509Certificate certificate = KeyFiles.parse(FILES.get(type + " certificate"), dir, null).certificates()
                .get(0);

        CertificateKey key = CertificateKey.inspect(certificate, "test");

        assertThat(key.algorithm()).isEqualTo(type.isEc() ? SigningAlgorithm.ECDSA_SHA256 : SigningAlgorithm.RSA_SHA256);
        assertThat(key.description()).isEqualTo(type.isEc()
                ? "EC P-" + type.bits() : "RSA " + type.bits());
        assertThat(key.publicKey()).isSameAs(certificate.getPublicKey());
    }

    @Test
    void inspect_ofAnMlDsaCertificate_stillGoesThroughBouncyCastle() {
        X509Certificate certificate = KeyFiles.parse(FILES.get("ML-DSA certificate"), dir, null).certificates().get(0);

        CertificateKey key = CertificateKey.inspect(certificate, "test");

        assertThat(key.algorithm()).isEqualTo(SigningAlgorithm.ML_DSA);
        assertThat(key.description()).isEqualTo("ML-DSA-65");
    }

    /** What a parse gave, in comparable form: the encodings and key class, or the error's type and message. */
    private static List<String> outcome(java.util.function.Supplier<ParsedKeyFile> parse) {
        List<String> outcome = new ArrayList<>();
        try {
            ParsedKeyFile parsed = parse.get();
            for (X509Certificate certificate : parsed.certificates()) {
                outcome.add("certificate " + Base64.getEncoder().encodeToString(encoded(certificate)));
            }
            if (parsed.privateKey() != null) {
                outcome.add("key " + parsed.privateKey().getClass().getName() + " "
                        + Base64.getEncoder().encodeToString(parsed.privateKey().getEncoded()));
            }
        } catch (RuntimeException e) {
            outcome.add(e.getClass().getName() + ": " + e.getMessage());
        }
        return outcome;
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            // Through a fresh CertificateFactory, as both readers use, so that equal bytes mean equal certificates.
            return CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate.getEncoded())).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        return ("-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(Path first, Path second) throws IOException {
        byte[] a = Files.readAllBytes(first);
        byte[] b = Files.readAllBytes(second);
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
