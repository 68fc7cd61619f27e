package dev.rolesanywhere.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.testing.ProcessRunner;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Certificates from {@link TestCertificateAuthority}, checked with openssl (for RSA and EC) and Bouncy Castle. */
class TestCertificateAuthorityTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "RSA_3072", "RSA_4096", "EC_P256", "EC_P384", "EC_P521"})
    void issueClientCertificate_isAV3EndEntityCertificateOpensslVerifies(KeyType keyType) throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyType(keyType).build();
        IssuedCertificate client = ca.issueClientCertificate(keyType);
        Path caPem = ca.writeCertificatePem(dir.resolve("ca.pem"));
        Path clientPem = client.writeCertificatePem(dir.resolve("client.pem"));

        ProcessRunner.Result text = ProcessRunner.command("openssl", "x509", "-in", clientPem.toString(), "-noout",
                "-text").run();
        assertThat(text.exitCode()).as(text.output()).isZero();
        assertThat(text.output()).contains("Version: 3 (0x2)").contains("CA:FALSE").contains("Digital Signature")
                .contains("Subject: CN = rolesanywhere-test-client")
                .contains(keyType.name().startsWith("RSA") ? "rsaEncryption" : "id-ecPublicKey");
        ProcessRunner.Result root = ProcessRunner.command("openssl", "x509", "-in", caPem.toString(), "-noout",
                "-text").run();
        assertThat(root.output()).contains("CA:TRUE").contains("Certificate Sign");

        ProcessRunner.Result verify = ProcessRunner.command("openssl", "verify", "-CAfile", caPem.toString(),
                clientPem.toString()).run();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).contains(": OK");
    }

    @Test
    void privateKeyPem_matchesTheCertificatesPublicKey() throws Exception {
        IssuedCertificate client = TestCertificateAuthority.create().issueClientCertificate(KeyType.RSA_2048);
        Path key = client.writePrivateKeyPem(dir.resolve("key.pem"));
        Path cert = client.writeCertificatePem(dir.resolve("cert.pem"));
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        ProcessRunner.Result fromKey = ProcessRunner.command("openssl", "pkey", "-in", key.toString(), "-pubout").run();
        ProcessRunner.Result fromCert = ProcessRunner.command("openssl", "x509", "-in", cert.toString(), "-noout",
                "-pubkey").run();
        assertThat(fromKey.exitCode()).as(fromKey.output()).isZero();
        assertThat(fromKey.output()).isEqualTo(fromCert.output());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P384"})
    void pkcs12_holdsTheKeyAndChainForOpensslAndTheJdk(KeyType keyType) throws Exception {
        IssuedCertificate client = TestCertificateAuthority.create().issueIntermediate()
                .issueClientCertificate(keyType);
        char[] password = "changeit".toCharArray();
        Path p12 = client.writePkcs12(dir.resolve("client.p12"), password);
        ProcessRunner.Result info = ProcessRunner.command("openssl", "pkcs12", "-in", p12.toString(), "-passin",
                "pass:changeit", "-nokeys").run();
        assertThat(info.exitCode()).as(info.output()).isZero();
        assertThat(info.output().split("BEGIN CERTIFICATE", -1)).hasSize(3);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(p12)) {
            store.load(in, password);
        }
        assertThat(store.getKey("client", password).getEncoded()).isEqualTo(client.privateKey().getEncoded());
        assertThat(store.getCertificateChain("client")).containsExactlyElementsOf(client.chain());
        assertThat(Files.getPosixFilePermissions(p12))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void intermediates_formAChainOpensslVerifies() throws Exception {
        TestCertificateAuthority root = TestCertificateAuthority.create();
        TestCertificateAuthority first = root.issueIntermediate(KeyType.RSA_2048);
        TestCertificateAuthority second = first.issueIntermediate(KeyType.EC_P384);
        IssuedCertificate client = second.issueClientCertificate();
        assertThat(client.intermediates()).containsExactly(second.certificate(), first.certificate());
        assertThat(client.chain()).containsExactly(client.certificate(), second.certificate(), first.certificate());
        assertThat(client.rootCertificate()).isEqualTo(root.certificate());
        assertThat(second.rootCertificate()).isEqualTo(root.certificate());
        assertThat(second.isRoot()).isFalse();
        assertThat(second.asIssuedCertificate().intermediates()).containsExactly(first.certificate());

        Path rootPem = root.writeCertificatePem(dir.resolve("root.pem"));
        Path untrusted = client.writeIntermediatesPem(dir.resolve("intermediates.pem"));
        Path leaf = client.writeCertificatePem(dir.resolve("leaf.pem"));
        ProcessRunner.Result verify = ProcessRunner.command("openssl", "verify", "-CAfile", rootPem.toString(),
                "-untrusted",
                untrusted.toString(), leaf.toString()).run();
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        ProcessRunner.Result withoutIntermediates = ProcessRunner.command("openssl", "verify", "-CAfile",
                rootPem.toString(), leaf.toString()).run();
        assertThat(withoutIntermediates.exitCode()).isNotZero();

        Path bundle = client.writeChainPem(dir.resolve("chain.pem"));
        Collection<java.security.cert.Certificate> parsed = new java.util.ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(bundle))));
        assertThat(parsed).containsExactlyElementsOf(client.chain());
    }

    @Test
    void chosenSerialAndValidity_appearInTheCertificate() throws Exception {
        Instant notBefore = Instant.parse("2020-01-01T00:00:00Z");
        Instant notAfter = Instant.parse("2021-01-01T00:00:00Z");
        IssuedCertificate client = TestCertificateAuthority.create().issueClientCertificate(CertificateTemplate
                .builder().serialNumber(BigInteger.valueOf(0x1234abcdL)).notBefore(notBefore).notAfter(notAfter)
                .subject("CN=device-1,OU=Fleet,O=Example").build());
        Path cert = client.writeCertificatePem(dir.resolve("cert.pem"));
        ProcessRunner.Result text = ProcessRunner.command("openssl", "x509", "-in", cert.toString(), "-noout",
                "-serial", "-dates", "-subject",
                "-nameopt", "RFC2253").run();
        assertThat(text.output()).contains("serial=1234ABCD").contains("notBefore=Jan  1 00:00:00 2020 GMT")
                .contains("notAfter=Jan  1 00:00:00 2021 GMT")
                .contains("subject=CN=device-1,OU=Fleet,O=Example");
        assertThat(client.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=device-1,OU=Fleet,O=Example");
    }

    @Test
    void expiredCertificate_isRefusedByOpenssl() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        Instant now = Instant.now();
        IssuedCertificate expired = ca.issueClientCertificate(CertificateTemplate.builder()
                .notBefore(now.minus(Duration.ofDays(10))).notAfter(now.minus(Duration.ofDays(1))).build());
        ProcessRunner.Result verify = ProcessRunner.command("openssl", "verify", "-CAfile",
                ca.writeCertificatePem(dir.resolve("ca.pem")).toString(),
                expired.writeCertificatePem(dir.resolve("expired.pem")).toString()).run();
        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.output()).contains("certificate has expired");
    }

    @Test
    void version1Certificate_hasNoExtensions() throws Exception {
        IssuedCertificate v1 = TestCertificateAuthority.create()
                .issueClientCertificate(CertificateTemplate.builder().version(1).build());
        ProcessRunner.Result text = ProcessRunner.command("openssl", "x509", "-in",
                v1.writeCertificatePem(dir.resolve("v1.pem")).toString(), "-noout", "-text").run();
        assertThat(text.output()).contains("Version: 1 (0x0)").doesNotContain("X509v3");
        assertThat(v1.certificate().getVersion()).isEqualTo(1);
    }

    @Test
    void randomSerials_arePositiveAndDistinct() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        KeyPair shared = KeyType.EC_P256.generateKeyPair();
        java.util.Set<BigInteger> serials = new java.util.HashSet<>();
        for (int i = 0; i < 50; i++) {
            BigInteger serial = ca.issueClientCertificate(shared.getPublic(), "CN=same").serialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isEqualTo(127);
            serials.add(serial);
        }
        assertThat(serials).hasSize(50);
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"ML_DSA_44", "ML_DSA_65", "ML_DSA_87"})
    void mlDsa_rootAndClientCertificatesVerifyWithBouncyCastle(KeyType keyType) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        TestCertificateAuthority ca = TestCertificateAuthority.builder().keyType(keyType).build();
        IssuedCertificate client = ca.issueClientCertificate(keyType);
        X509Certificate caCert = (X509Certificate) CertificateFactory.getInstance("X.509", bc)
                .generateCertificate(new ByteArrayInputStream(ca.certificate().getEncoded()));
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509", bc)
                .generateCertificate(new ByteArrayInputStream(client.certificate().getEncoded()));
        leaf.verify(caCert.getPublicKey(), bc);
        caCert.verify(caCert.getPublicKey(), bc);
        assertThat(leaf.getSigAlgName()).isEqualToIgnoringCase(keyType.name().replace('_', '-'));

        Signature signer = Signature.getInstance("ML-DSA", bc);
        signer.initSign(client.privateKey());
        byte[] message = "string to sign".getBytes(StandardCharsets.UTF_8);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("ML-DSA", bc);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void certificateForCallersPublicKey_hasNoPrivateKey() {
        KeyPair pair = KeyType.RSA_2048.generateKeyPair();
        IssuedCertificate issued = TestCertificateAuthority.create().issueClientCertificate(pair.getPublic(),
                "CN=token-key");
        assertThat(issued.certificate().getPublicKey()).isEqualTo(pair.getPublic());
        assertThat(issued.hasPrivateKey()).isFalse();
        assertThatThrownBy(issued::privateKey).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("caller-supplied public key");
    }

    @Test
    void toString_neverShowsThePrivateKey() {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate client = ca.issueClientCertificate(KeyType.RSA_2048);
        java.security.interfaces.RSAPrivateCrtKey key = (java.security.interfaces.RSAPrivateCrtKey) client.privateKey();
        assertThat(client.toString()).contains(client.serialNumber().toString())
                .doesNotContain(key.getPrivateExponent().toString())
                .doesNotContain(key.getPrivateExponent().toString(16))
                .doesNotContain("PRIVATE");
        assertThat(ca.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void invalidTemplates_areRefusedWithClearMessages() {
        assertThatThrownBy(() -> CertificateTemplate.builder().serialNumber(BigInteger.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> CertificateTemplate.builder().version(2).build())
                .hasMessageContaining("1 or 3");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        assertThatThrownBy(() -> CertificateTemplate.builder().notBefore(now).notAfter(now.minusSeconds(1)).build())
                .hasMessageContaining("before notBefore");
        assertThatThrownBy(() -> CertificateTemplate.builder().keyType(KeyType.EC_P256)
                .publicKey(KeyType.EC_P256.generateKeyPair().getPublic()).build())
                .hasMessageContaining("either keyType");
        assertThatThrownBy(() -> TestCertificateAuthority.create().issueClientCertificate(
                CertificateTemplate.builder().subject("not a DN").build()))
                .hasMessageContaining("RFC 4514");
    }
}
