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
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Configuration text ({@link SignerSpec}) to a working token signer through the core's ServiceLoader lookup. */
class Pkcs11SignerFactoryTest {
    private static final byte[] DATA = "from a spec".getBytes(StandardCharsets.UTF_8);

    private static TokenKey key;
    private static TokenKey keyWithoutCertificate;
    private static TokenKey secondOnSameToken;
    private static TokenKey alwaysAuthenticate;
    private static SoftHsmToken twoCopies;
    private static java.security.PublicKey twoCopiesKey;
    private static FaultModule faults;

    @BeforeAll
    static void tokens() throws Exception {
        key = SoftHsmFixture.shared().createToken().key("spec-key").type(TestKeyType.RSA_2048).create();
        secondOnSameToken = key.token().key("spec-other").type(TestKeyType.EC_P256).create();
        alwaysAuthenticate = SoftHsmFixture.shared().createToken().key("spec-always").alwaysAuthenticate().create();
        keyWithoutCertificate = SoftHsmFixture.shared().createToken().key("no-cert").type(TestKeyType.EC_P256)
                .withoutCertificate().create();

        // One certificate (id c0) and its key stored twice, under ids c1 and c2, all labelled "copies".
        twoCopies = SoftHsmFixture.shared().createToken();
        KeyPair pair = TestKeyType.EC_P256.generate();
        twoCopiesKey = pair.getPublic();
        Path keyDer = Files.createTempFile(SoftHsmFixture.shared().workDirectory(), "copies-", ".der");
        Files.write(keyDer, pair.getPrivate().getEncoded());
        for (String id : new String[] {"c1", "c2"}) {
            twoCopies.pkcs11ToolLoggedIn("--write-object", keyDer.toString(), "--type", "privkey", "--id", id,
                    "--label", "copies", "--usage-sign");
        }
        Files.delete(keyDer);
        Path certDer = Files.createTempFile(SoftHsmFixture.shared().workDirectory(), "copies-", ".der");
        Files.write(certDer, TestPki.shared().issue(pair.getPublic(), "copies").getEncoded());
        twoCopies.pkcs11ToolLoggedIn("--write-object", certDer.toString(), "--type", "cert", "--id", "c0",
                "--label", "copies");
        faults = FaultModule.overSoftHsm();
    }

    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private static dev.rolesanywhere.core.PinCallback pinOf(TokenKey k) {
        char[] pin = k.token().userPin();
        return pin::clone;
    }

    @Test
    void fromSpec_withAMarkerDirectoryButMarkersOff_isAConfigurationErrorNamingTheSwitch() {
        SignerSpec spec = SignerSpec.builder().certificate(key.uri()).pinCallback(pinOf(key))
                .rejectedPinMarkerDirectory(java.nio.file.Paths.get("/var/lib/ra/rejected-pins")).build();

        assertThatThrownBy(() -> Signers.fromSpec(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("/var/lib/ra/rejected-pins")
                .hasMessageContaining("rejectedPinMarkers");
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
    void fromSpec_withThePinOnlyInTheKeyUri_logsInWithIt_likeTheReferenceTool() {
        Pkcs11Uri token = Pkcs11Uri.parse(secondOnSameToken.token().uri());
        String certificate = token.toBuilder().object("spec-other").type(Pkcs11Uri.ObjectType.CERT).build().format();
        String privateKey = token.toBuilder().object("spec-other").type(Pkcs11Uri.ObjectType.PRIVATE)
                .pinValue(secondOnSameToken.token().userPin()).build().format();
        SignerSpec spec = SignerSpec.builder().certificate(certificate).privateKey(privateKey).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(signer.certificate()).isEqualTo(secondOnSameToken.certificate().get());
            assertThat(Signatures.verifiesInJca(secondOnSameToken.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void fromSpec_withAKeyUriNamingOneOfTwoCopiesOfTheKey_usesThatCopy() {
        String certificate = Pkcs11Uri.parse(twoCopies.uri()).toBuilder().object("copies").type(Pkcs11Uri.ObjectType.CERT).build()
                .format();
        String privateKey = Pkcs11Uri.parse(twoCopies.uri()).toBuilder().id(new byte[] {(byte) 0xc2}).type(Pkcs11Uri.ObjectType.PRIVATE)
                .build().format();
        SignerSpec spec = SignerSpec.builder().certificate(certificate).privateKey(privateKey)
                .pinCallback(PinCallback.ofValue(twoCopies.userPin())).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(signer.toString()).contains("(id c2)");
            assertThat(Signatures.verifiesInJca(twoCopiesKey, DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void fromSpec_withTheModuleOnlyInTheKeyUri_loadsThatModule() {
        Pkcs11Uri token = Pkcs11Uri.parse(secondOnSameToken.token().uri());
        String certificate = Pkcs11Uri.builder().token(token.token().get()).object("spec-other")
                .type(Pkcs11Uri.ObjectType.CERT).build().format();
        String privateKey = Pkcs11Uri.builder().token(token.token().get()).object("spec-other")
                .type(Pkcs11Uri.ObjectType.PRIVATE).modulePath(faults.modulePath().toString()).build().format();
        SignerSpec spec = SignerSpec.builder().certificate(certificate).privateKey(privateKey)
                .pinCallback(pinOf(secondOnSameToken)).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(Signatures.verifiesInJca(secondOnSameToken.publicKey(), DATA, signer.sign(DATA))).isTrue();
            assertThat(faults.count("C_Sign")).isEqualTo(1);
        }
    }

    @Test
    void fromSpec_withARelativePkcs11LibraryPath_isRefusedLikeARelativeModulePath() {
        SignerSpec spec = SignerSpec.builder().certificate(key.uri()).pinCallback(pinOf(key))
                .pkcs11Library("lib/libsofthsm2.so").build();
        assertThatThrownBy(() -> Signers.fromSpec(spec).close())
                .isInstanceOf(Pkcs11ModuleException.class)
                .hasMessageContaining("'lib/libsofthsm2.so' is a relative path");
    }

    @Test
    void fromSpec_withAContextPinCallback_signsWithAnAlwaysAuthenticateKey() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        char[] pin = alwaysAuthenticate.token().userPin();
        PinCallback prompt = () -> {
            asked.incrementAndGet();
            return pin.clone();
        };
        SignerSpec spec = SignerSpec.builder().certificate(alwaysAuthenticate.uri())
                .pinCallback(pinOf(alwaysAuthenticate)).contextPinCallback(prompt).build();
        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(Signatures.verifiesInJca(alwaysAuthenticate.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
        assertThat(asked).hasValue(1);
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
