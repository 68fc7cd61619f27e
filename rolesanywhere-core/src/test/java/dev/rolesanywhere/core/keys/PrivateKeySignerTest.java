package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.core.keys.internal.BouncyCastle;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.RSAPublicKeySpec;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeySignerTest {

    private static final byte[] MESSAGE = "AWS4-X509-MLDSA\n20260101T000000Z\nscope\nhash".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void sign_withMlDsaKey_producesPureMlDsaSignatureTheCertificateKeyVerifies(String parameterSet) throws Exception {
        KeyPair pair = BcCertificates.mlDsa(parameterSet);
        X509Certificate certificate = BcCertificates.selfSignedV3(pair, "ml-dsa");

        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(), certificate);

        assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ML_DSA);
        assertThat(signer.keyDescription()).isEqualTo(parameterSet);
        assertThat(verifiesMlDsa(pair.getPublic(), MESSAGE, signer.sign(MESSAGE))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void fileSigner_withMlDsaPemFiles_signsVerifiably(String parameterSet) throws Exception {
        KeyPair pair = BcCertificates.mlDsa(parameterSet);
        X509Certificate certificate = BcCertificates.selfSignedV3(pair, "ml-dsa-file");
        Path keyFile = writePem(dir.resolve("mldsa.key.pem"), pair.getPrivate());
        Path certFile = writePem(dir.resolve("mldsa.cert.pem"), certificate);

        try (FileSigner signer = FileSigner.builder().certificateFile(certFile).privateKeyFile(keyFile).build()) {
            assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ML_DSA);
            assertThat(verifiesMlDsa(pair.getPublic(), MESSAGE, signer.sign(MESSAGE))).isTrue();
        }
    }

    @Test
    void build_withMlDsaKeyOfAnotherCertificate_reportsMismatch() {
        KeyPair pair = BcCertificates.mlDsa("ML-DSA-65");
        X509Certificate certificate = BcCertificates.selfSignedV3(BcCertificates.mlDsa("ML-DSA-65"), "other");

        assertThatThrownBy(() -> PrivateKeySigner.create(pair.getPrivate(), certificate))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("does not match the certificate 'CN=other'");
    }

    @Test
    void build_withExpiredCertificate_succeedsAndShowsExpiry() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        Instant notAfter = Instant.parse("2024-03-01T00:00:00Z");
        X509Certificate expired = BcCertificates.v3(pair, "expired", Instant.parse("2024-01-01T00:00:00Z"), notAfter,
                pair.getPrivate(), "expired");

        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(), expired);

        assertThat(signer.toString()).contains("notAfter=" + notAfter);
    }

    @Test
    void build_withV1Certificate_requiresV3() {
        KeyPair pair = BcCertificates.rsa(2048);
        X509Certificate v1 = BcCertificates.selfSignedV1(pair, "old");

        assertThatThrownBy(() -> PrivateKeySigner.create(pair.getPrivate(), v1))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("X.509 v1");
    }

    @Test
    void build_withSecp256k1Key_refusesTheCurve() {
        KeyPair pair = BcCertificates.ec("secp256k1");
        X509Certificate certificate = BcCertificates.selfSignedV3(pair, "bitcoin-curve");

        assertThatThrownBy(() -> PrivateKeySigner.create(pair.getPrivate(), certificate))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("secp256k1")
                .hasMessageContaining("P-256, P-384 or P-521");
    }

    @Test
    void build_withRsaKeyAbove4096Bits_refusesTheSize() throws Exception {
        // Generating a real 8192-bit key takes half a minute; the size check only reads the certificate's modulus,
        // so a random odd 8192-bit number certified by an EC issuer stands in for it.
        BigInteger modulus = new BigInteger(8192, new SecureRandom()).setBit(8191).setBit(0);
        PublicKey huge = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(modulus, BigInteger.valueOf(65537)));
        KeyPair issuer = BcCertificates.ec("secp256r1");
        X509Certificate certificate = BcCertificates.v3(new KeyPair(huge, null), "huge", Instant.now(),
                Instant.now().plusSeconds(3600), issuer.getPrivate(), "issuer");

        assertThatThrownBy(() -> PrivateKeySigner.create(BcCertificates.rsa(2048).getPrivate(), certificate))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("8192-bit RSA key");
    }

    @Test
    void build_withoutKeyOrCertificate_saysWhichIsMissing() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        X509Certificate certificate = BcCertificates.selfSignedV3(pair, "half");

        assertThatThrownBy(() -> PrivateKeySigner.builder().certificate(certificate).build())
                .isInstanceOf(KeySourceException.class).hasMessageContaining("No private key given");
        assertThatThrownBy(() -> PrivateKeySigner.builder().privateKey(pair.getPrivate()).build())
                .isInstanceOf(KeySourceException.class).hasMessageContaining("No certificate given");
    }

    @Test
    void certificateChain_dropsTheLeafAndKeepsOrder() {
        KeyPair leafPair = BcCertificates.ec("secp384r1");
        KeyPair caPair = BcCertificates.ec("secp384r1");
        X509Certificate ca = BcCertificates.selfSignedV3(caPair, "ca");
        X509Certificate leaf = BcCertificates.v3(leafPair, "leaf", Instant.now().minusSeconds(5),
                Instant.now().plusSeconds(3600), caPair.getPrivate(), "ca");

        PrivateKeySigner signer = PrivateKeySigner.builder().privateKey(leafPair.getPrivate()).certificate(leaf)
                .certificateChain(leaf, ca).build();

        assertThat(signer.certificate()).isEqualTo(leaf);
        assertThat(signer.certificateChain()).containsExactly(ca);
        assertThatThrownBy(() -> signer.certificateChain().add(leaf)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toString_showsSubjectSerialAndKeyTypeButNoKeyMaterial() {
        KeyPair pair = BcCertificates.rsa(2048);
        X509Certificate certificate = BcCertificates.selfSignedV3(pair, "visible");
        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(), certificate);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();

        String text = signer.toString();

        assertThat(text).contains("CN=visible", certificate.getSerialNumber().toString(16), "RSA 2048");
        assertThat(text).doesNotContain(key.getPrivateExponent().toString(16))
                .doesNotContain(key.getPrivateExponent().toString())
                .doesNotContain(key.getPrimeP().toString(16))
                .doesNotContain(Base64.getEncoder().encodeToString(key.getEncoded()).substring(40, 80));
    }

    @Test
    void toString_ofEcSigner_doesNotShowPrivateScalar() {
        KeyPair pair = BcCertificates.ec("secp521r1");
        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(),
                BcCertificates.selfSignedV3(pair, "ec"));

        assertThat(signer.toString()).contains("EC P-521")
                .doesNotContain(((ECPrivateKey) pair.getPrivate()).getS().toString(16))
                .doesNotContain(((ECPrivateKey) pair.getPrivate()).getS().toString());
    }

    @Test
    void sign_withNullData_failsWithSigningException() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(), BcCertificates.selfSignedV3(pair, "x"));

        assertThatThrownBy(() -> signer.sign(null)).isInstanceOf(SigningException.class);
    }

    @Test
    void current_returnsTheSignerItself() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(), BcCertificates.selfSignedV3(pair, "x"));

        assertThat(signer.current()).isSameAs(signer);
    }

    @Test
    void toBuilder_copiesEverything() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        PrivateKeySigner signer = PrivateKeySigner.builder().privateKey(pair.getPrivate())
                .certificate(BcCertificates.selfSignedV3(pair, "x")).source("unit test").build();

        PrivateKeySigner copy = signer.toBuilder().build();

        assertThat(copy.toString()).isEqualTo(signer.toString());
    }

    @Test
    void build_withSignatureProviderLackingTheAlgorithm_saysSo() {
        KeyPair pair = BcCertificates.ec("secp256r1");
        X509Certificate certificate = BcCertificates.selfSignedV3(pair, "provider");

        assertThatThrownBy(() -> PrivateKeySigner.builder().privateKey(pair.getPrivate()).certificate(certificate)
                .signatureProvider(java.security.Security.getProvider("SUN")).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("provider SUN offers no SHA256withECDSA");
    }

    @Test
    void sign_withExplicitSignatureProvider_signsVerifiably() throws Exception {
        KeyPair pair = BcCertificates.rsa(2048);
        PrivateKeySigner signer = PrivateKeySigner.builder().privateKey(pair.getPrivate())
                .certificate(BcCertificates.selfSignedV3(pair, "bc-signed"))
                .signatureProvider(BouncyCastle.provider()).build();

        assertThat(verifies(SigningAlgorithm.RSA_SHA256, pair.getPublic(), MESSAGE, signer.sign(MESSAGE))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC", "ML-DSA-44"})
    void sign_fromManyThreadsAtOnce_alwaysProducesValidSignatures(String type) throws Exception {
        KeyPair pair = "RSA".equals(type) ? BcCertificates.rsa(2048)
                : "EC".equals(type) ? BcCertificates.ec("secp256r1") : BcCertificates.mlDsa(type);
        PrivateKeySigner signer = PrivateKeySigner.create(pair.getPrivate(), BcCertificates.selfSignedV3(pair, "mt"));
        int threads = 8;
        int perThread = 50;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    int valid = 0;
                    for (int i = 0; i < perThread; i++) {
                        byte[] message = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                        if (verifies(signer.algorithm(), pair.getPublic(), message, signer.sign(message))) {
                            valid++;
                        }
                    }
                    return valid;
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(perThread);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean verifies(SigningAlgorithm algorithm, PublicKey key, byte[] message, byte[] signature)
            throws Exception {
        if (algorithm == SigningAlgorithm.ML_DSA) {
            return verifiesMlDsa(key, message, signature);
        }
        Signature verifier = Signature.getInstance(algorithm == SigningAlgorithm.RSA_SHA256
                ? "SHA256withRSA" : "SHA256withECDSA");
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static boolean verifiesMlDsa(PublicKey key, byte[] message, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("ML-DSA", BouncyCastle.provider());
        verifier.initVerify(key);
        verifier.update(message);
        return verifier.verify(signature);
    }

    private static Path writePem(Path file, Object object) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
             JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(object);
        }
        return file;
    }
}
