package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Configuration text ({@link SignerSpec}) to a working token signer through the core's ServiceLoader lookup. */
class Pkcs11SignerFactoryTest {
    private static final byte[] DATA = "from a spec".getBytes(StandardCharsets.UTF_8);

    private static TokenKey key;
    private static TokenKey keyWithoutCertificate;
    private static TokenKey secondOnSameToken;

    @BeforeAll
    static void tokens() {
        key = SoftHsmFixture.shared().createToken().key("spec-key").type(TestKeyType.RSA_2048).create();
        secondOnSameToken = key.token().key("spec-other").type(TestKeyType.EC_P256).create();
        keyWithoutCertificate = SoftHsmFixture.shared().createToken().key("no-cert").type(TestKeyType.EC_P256)
                .withoutCertificate().create();
    }

    private static dev.rolesanywhere.core.PinCallback pinOf(TokenKey k) {
        char[] pin = k.token().userPin();
        return pin::clone;
    }

    @Test
    void fromSpec_withCertificateUri_buildsATokenSignerThatSigns() {
        SignerSpec spec = SignerSpec.builder().certificate(key.uri()).pinCallback(pinOf(key)).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(signer).isInstanceOf(Pkcs11Signer.class);
            assertThat(signer.certificate()).isEqualTo(key.certificate().get());
            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void fromSpec_withCertificateFileAndKeyUri_usesTheTokenKeyMatchingTheFile() throws Exception {
        // The certificate lives only in a file: issue one for the token key's public half.
        java.security.cert.X509Certificate issued = dev.rolesanywhere.testing.TestPki.shared()
                .issue(keyWithoutCertificate.publicKey(), "file-cert");
        Path pem = Files.createTempFile(SoftHsmFixture.shared().workDirectory(), "cert-", ".pem");
        Files.write(pem, ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(issued.getEncoded())
                + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.US_ASCII));
        SignerSpec spec = SignerSpec.builder().certificate(pem.toString())
                .privateKey(keyWithoutCertificate.token().uri())
                .pinCallback(pinOf(keyWithoutCertificate)).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(signer.certificate()).isEqualTo(issued);
            assertThat(Signatures.verifiesInJca(issued.getPublicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void fromSpec_withCertificateAndKeyUrisByLabel_likeReferenceToolConfigs_picksThatPair() {
        Pkcs11Uri token = Pkcs11Uri.parse(secondOnSameToken.token().uri());
        String certificate = token.toBuilder().object("spec-other").type(Pkcs11Uri.ObjectType.CERT).build().format();
        String privateKey = token.toBuilder().object("spec-other").type(Pkcs11Uri.ObjectType.PRIVATE).build().format();
        SignerSpec spec = SignerSpec.builder().certificate(certificate).privateKey(privateKey)
                .pinCallback(pinOf(secondOnSameToken)).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(signer.certificate()).isEqualTo(secondOnSameToken.certificate().get());
            assertThat(Signatures.verifiesInJca(secondOnSameToken.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void fromSpec_withCertificateAndKeyUrisOnDifferentTokens_isRefused() {
        String privateKey = Pkcs11Uri.builder().token("another-token").object("k").build().format();
        SignerSpec spec = SignerSpec.builder().certificate(key.uri()).privateKey(privateKey).build();
        assertThatThrownBy(() -> Signers.fromSpec(spec)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("different tokens");
    }

    @Test
    void fromSpec_withCertificateUriButKeyFile_explainsTheMixup() {
        SignerSpec spec = SignerSpec.builder().certificate(key.uri()).privateKey("/etc/key.pem").build();
        assertThatThrownBy(() -> Signers.fromSpec(spec)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/etc/key.pem").hasMessageContaining("pkcs11: URI");
    }
}
