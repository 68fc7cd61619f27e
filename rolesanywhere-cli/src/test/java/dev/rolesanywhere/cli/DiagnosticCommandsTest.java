package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** sign-string and read-certificate-data, checked against the JDK's own signature verification and X.509 parsing. */
class DiagnosticCommandsTest {

    @TempDir
    Path dir;

    /** The message as the protocol notes define it, built here from the key's SubjectPublicKeyInfo bit string. */
    static byte[] expectedMessage(PublicKey key) throws Exception {
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getPublicKeyData().getBytes();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("IAM RA".getBytes(StandardCharsets.US_ASCII));
        sha256.update(keyBits);
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        m.writeBytes("AWS Roles Anywhere Credential Helper Signing Test1".getBytes(StandardCharsets.US_ASCII));
        m.writeBytes(sha256.digest());
        return m.toByteArray();
    }

    private IssuedCertificate issue(KeyType type) {
        return TestCertificateAuthority.create().issueClientCertificate(type);
    }

    private TestContexts.Captured run(String... args) {
        TestContexts.Captured captured = TestContexts.capture(dir);
        assertThat(Main.run(captured.context, args)).as(captured.stderr()).isZero();
        return captured;
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256", "EC_P384"})
    void signString_producesASignatureTheJdkVerifiesOverTheFixedMessage(KeyType type) throws Exception {
        IssuedCertificate client = issue(type);
        String cert = client.writeCertificatePem(dir.resolve("c.pem")).toString();
        String key = client.writePrivateKeyPem(dir.resolve("k.pem")).toString();

        String hex = run("sign-string", "--certificate", cert, "--private-key", key, "--format", "text").stdout();
        TestContexts.Captured json = run("sign-string", "--certificate", cert, "--private-key", key);
        TestContexts.Captured bin = run("sign-string", "--certificate", cert, "--private-key", key, "--format", "bin");

        Signature verifier = Signature.getInstance(type.name().startsWith("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
        verifier.initVerify(client.certificate().getPublicKey());
        verifier.update(expectedMessage(client.publicKey()));
        assertThat(verifier.verify(HexFormat.of().parseHex(hex))).isTrue();

        assertThat(json.stdout()).startsWith("\"").endsWith("\"");
        verifier.initVerify(client.certificate().getPublicKey());
        verifier.update(expectedMessage(client.publicKey()));
        assertThat(verifier.verify(HexFormat.of().parseHex(JsonNode.parser().parse(json.stdout()).asString())))
                .isTrue();

        verifier.initVerify(client.certificate().getPublicKey());
        verifier.update(expectedMessage(client.publicKey()));
        assertThat(verifier.verify(bin.out.toByteArray())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256"})
    void signString_withSha384OrSha512_signsWithThatDigest(KeyType type) throws Exception {
        IssuedCertificate client = issue(type);
        String cert = client.writeCertificatePem(dir.resolve("c.pem")).toString();
        String key = client.writePrivateKeyPem(dir.resolve("k.pem")).toString();
        for (String digest : List.of("SHA384", "SHA512")) {
            byte[] signature = run("sign-string", "--certificate", cert, "--private-key", key, "--digest", digest,
                    "--format", "bin").out.toByteArray();

            Signature verifier = Signature.getInstance(digest + (type.name().startsWith("RSA") ? "withRSA"
                    : "withECDSA"));
            verifier.initVerify(client.certificate().getPublicKey());
            verifier.update(expectedMessage(client.publicKey()));
            assertThat(verifier.verify(signature)).as(digest).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P256"})
    void readCertificateData_describesTheFileCertificate(KeyType type) throws Exception {
        IssuedCertificate client = issue(type);
        String cert = client.writeCertificatePem(dir.resolve("c.pem")).toString();
        String out = run("read-certificate-data", "--certificate", cert).stdout();
        String detailed = run("read-certificate-data", "--certificate", cert, "--details").stdout();

        JsonNode json = JsonNode.parser().parse(out);
        String keyType = type.name().startsWith("RSA") ? "RSA" : "EC";
        assertThat(json.asObject().keySet())
                .containsExactly("keyType", "certificateData", "serialNumber", "supportedAlgorithms");
        assertThat(json.field("keyType").get().asString()).isEqualTo(keyType);
        assertThat(json.field("serialNumber").get().asString()).isEqualTo(client.serialNumber().toString());
        assertThat(Base64.getDecoder().decode(json.field("certificateData").get().asString()))
                .isEqualTo(client.certificate().getEncoded());
        assertThat(json.field("supportedAlgorithms").get().asArray()).extracting(JsonNode::asString)
                .containsExactly(keyType + "SHA256", keyType + "SHA384", keyType + "SHA512");
        assertThat(out).doesNotEndWith("\n");
        assertThat(JsonNode.parser().parse(detailed).field("subject").get().asString())
                .isEqualTo(client.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void readCertificateData_onAToken_namesTheUri_withoutThePin() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create();
        SoftHsmTokens token = SoftHsmTokens.create(dir, ca);
        Map<String, String> env = new HashMap<>(token.environment());
        env.put("ROLESANYWHERE_CDS", "off");

        Launcher.Result result = Launcher.run("rolesanywhere", List.of("read-certificate-data",
                "--certificate", token.uri() + "?pin-value=" + SoftHsmTokens.PIN,
                "--pkcs11-lib", token.module().toString(), "--format", "json"), env, dir);

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout()).doesNotContain(SoftHsmTokens.PIN);
        JsonNode json = JsonNode.parser().parse(result.stdout());
        assertThat(json.field("keyType").get().asString()).isEqualTo("EC");
        assertThat(json.field("serialNumber").get().asString()).isEqualTo(token.certificate.serialNumber().toString());
        String uri = json.field("uri").get().asString();
        assertThat(uri).startsWith("pkcs11:token=" + token.label + ";").contains("object=" + token.keyLabel)
                .contains("type=cert").contains("id=%01").doesNotContain("pin-value");
    }
}
