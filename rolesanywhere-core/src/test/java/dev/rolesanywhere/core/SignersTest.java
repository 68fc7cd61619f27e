package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.keys.FileSigner;
import dev.rolesanywhere.core.spi.SignerFactory;
import dev.rolesanywhere.testing.LogCapture;
import dev.rolesanywhere.testing.ProcessRunner;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignersTest {

    @TempDir
    Path dir;

    /** Registered only through the class loaders the tests build, so the default class path stays factory-free. */
    public static final class SchemeFactory implements SignerFactory {
        static final List<SignerSpec> SEEN = new CopyOnWriteArrayList<>();
        static volatile Path certificate;
        static volatile Path key;

        @Override
        public boolean supports(SignerSpec spec) {
            return spec.certificate().startsWith("test:") || spec.usesPkcs11();
        }

        @Override
        public Signer create(SignerSpec spec) {
            SEEN.add(spec);
            return FileSigner.builder().certificateFile(certificate).privateKeyFile(key).build();
        }
    }

    @Test
    void fromSpec_withPkcs11UriAndNoPkcs11Module_saysWhichDependencyToAdd() {
        SignerSpec spec = SignerSpec.builder().certificate("pkcs11:token=t;object=leaf;pin-value=1234").build();

        assertThatThrownBy(() -> Signers.fromSpec(spec))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("dev.rolesanywhere:rolesanywhere-pkcs11")
                .hasMessageNotContaining("1234");
    }

    @Test
    void fromSpec_withAPinInALocationThatIsNotAUri_neverQuotesThePin() {
        String pin = "731946";
        String[] locations = {
            "file:pkcs11:token=t;object=leaf;pin-value=" + pin,
            dir.resolve("pkcs11:token=t;PIN-VALUE=" + pin).toString(),
            "pkcs11 :token=t;pin-value=" + pin,
            dir.resolve("leaf;Pin-Value = " + pin + "?x").toString(),
            " pkcs11:token=t;pin-value=" + pin,
            "PKCS11:token=t?pin-value=" + pin,
        };
        for (String location : locations) {
            for (SignerSpec spec : new SignerSpec[] {SignerSpec.builder().certificate(location).build(),
                SignerSpec.builder().certificate(dir.resolve("leaf.pem").toString()).privateKey(location).build()}) {
                assertThatThrownBy(() -> Signers.fromSpec(spec))
                        .as(location)
                        .isInstanceOf(RolesAnywhereException.class)
                        .hasMessageNotContaining(pin)
                        .satisfies(e -> assertThat(LogCapture.stackTrace(e)).as("stack trace with causes").doesNotContain(pin));
            }
        }
    }


    @Test
    void fromSpec_withFiles_loadsThemAndSignsVerifiably() throws Exception {
        generateEcKeyAndCertificate(null);
        SignerSpec spec = SignerSpec.builder()
                .certificate(dir.resolve("leaf.pem").toString())
                .privateKey(dir.resolve("leaf.key").toString())
                .build();

        try (Signer signer = Signers.fromSpec(spec)) {
            assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ECDSA_SHA256);
            assertThat(signer.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=spi-test");
            assertVerifies(signer);
        }
    }

    @Test
    void fromSpec_withEncryptedKey_passesThePasswordOn() throws Exception {
        generateEcKeyAndCertificate("correct horse");
        SignerSpec.Builder spec = SignerSpec.builder()
                .certificate(dir.resolve("leaf.pem").toString())
                .privateKey(dir.resolve("leaf.key").toString());

        try (Signer signer = Signers.fromSpec(spec.pkcs8Password("correct horse".toCharArray()).build())) {
            assertVerifies(signer);
        }
        assertThatThrownBy(() -> Signers.fromSpec(spec.pkcs8Password("Xq7-not-it".toCharArray()).build()))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining("Xq7-not-it");
    }

    @Test
    void fromSpec_withMissingFile_failsWithKeySourceException() {
        SignerSpec spec = SignerSpec.builder().certificate(dir.resolve("absent.pem").toString()).build();

        assertThatThrownBy(() -> Signers.fromSpec(spec)).isInstanceOf(KeySourceException.class);
    }

    @Test
    void fromSpec_prefersARegisteredFactoryThatClaimsTheSpec() throws Exception {
        generateEcKeyAndCertificate(null);
        SchemeFactory.certificate = dir.resolve("leaf.pem");
        SchemeFactory.key = dir.resolve("leaf.key");
        SchemeFactory.SEEN.clear();
        SignerSpec custom = SignerSpec.builder().certificate("test:leaf").build();
        SignerSpec token = SignerSpec.builder().certificate("pkcs11:object=leaf").build();

        try (URLClassLoader loader = loaderRegistering(SchemeFactory.class.getName());
                Signer fromCustom = Signers.fromSpec(custom, loader);
                Signer fromToken = Signers.fromSpec(token, loader)) {
            assertVerifies(fromCustom);
            assertVerifies(fromToken);
        }
        assertThat(SchemeFactory.SEEN).containsExactly(custom, token);
    }

    @Test
    void fromSpec_withABrokenRegistration_namesTheServiceFile() throws Exception {
        SignerSpec spec = SignerSpec.builder().certificate("/c.pem").build();

        try (URLClassLoader loader = loaderRegistering("com.example.NoSuchFactory")) {
            assertThatThrownBy(() -> Signers.fromSpec(spec, loader))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("META-INF/services/" + SignerFactory.class.getName());
        }
    }

    private URLClassLoader loaderRegistering(String factoryClassName) throws IOException {
        Path services = Files.createDirectories(dir.resolve("cp/META-INF/services"));
        Files.write(services.resolve(SignerFactory.class.getName()),
                (factoryClassName + "\n").getBytes(StandardCharsets.UTF_8));
        return new URLClassLoader(new URL[] {dir.resolve("cp").toUri().toURL()}, getClass().getClassLoader());
    }

    private static void assertVerifies(Signer signer) throws Exception {
        byte[] data = "AWS4-X509-ECDSA-SHA256\n20260101T000000Z".getBytes(StandardCharsets.UTF_8);
        X509Certificate certificate = signer.certificate();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signer.sign(data))).isTrue();
    }

    /** openssl makes the files, so the test does not trust the code under test to write what it reads. */
    private void generateEcKeyAndCertificate(String password) throws Exception {
        Path key = dir.resolve("leaf.key");
        if (password == null) {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.toString());
            openssl("req", "-new", "-x509", "-key", key.toString(), "-subj", "/CN=spi-test", "-days", "2",
                    "-out", dir.resolve("leaf.pem").toString());
        } else {
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                    "-pass", "pass:" + password, "-out", key.toString());
            openssl("req", "-new", "-x509", "-key", key.toString(), "-passin", "pass:" + password,
                    "-subj", "/CN=spi-test", "-days", "2", "-out", dir.resolve("leaf.pem").toString());
        }
    }

    private static void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(Arrays.asList(args));
        ProcessRunner.command(command).run().check();
    }
}
