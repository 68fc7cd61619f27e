package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** keygen → CSR → CA → import-cert → credential-process, all through the launcher, on a fresh SoftHSM2 token. */
class Pkcs11ProvisioningTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @TempDir
    Path dir;

    @Test
    void keyGeneratedOnTheToken_getsACertificate_andThenCredentials() throws Exception {
        SoftHsmTokens token = SoftHsmTokens.empty(dir);
        Map<String, String> env = new HashMap<>(token.environment());
        env.put("ROLESANYWHERE_CDS", "off");
        env.put(PinPrompt.PIN_VARIABLE, SoftHsmTokens.PIN);
        String lib = token.module().toString();
        String tokenUri = "pkcs11:token=" + token.label;

        Launcher.Result keygen = Launcher.run("rolesanywhere", List.of("pkcs11", "keygen", "--token", tokenUri,
                "--pkcs11-lib", lib, "--id", "0a", "--label", "ra key", "--key-type", "EC_P256",
                "--subject", "CN=provisioned-host"), env, dir);

        assertThat(keygen.exitCode()).as(keygen.stderr()).isZero();
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(keygen.stdout()))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        assertThat(csr.getSubject().toString()).isEqualTo("CN=provisioned-host");
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())))
                .as("CSR signed by the token key").isTrue();
        PublicKey publicKey = new JcaPKCS10CertificationRequest(csr).setProvider(BC).getPublicKey();

        TestCertificateAuthority ca = TestCertificateAuthority.create();
        IssuedCertificate issued = ca.issueClientCertificate(publicKey, "CN=provisioned-host");
        Path certFile = issued.writeCertificatePem(dir.resolve("issued.pem"));

        Launcher.Result imported = Launcher.run("rolesanywhere", List.of("pkcs11", "import-cert", "--token", tokenUri,
                "--pkcs11-lib", lib, "--id", "0a", "--label", "ra key", "--cert", certFile.toString()), env, dir);

        assertThat(imported.exitCode()).as(imported.stderr()).isZero();
        String uri = JsonNode.parser().parse(imported.stdout()).field("uri").get().asString();
        assertThat(uri).isEqualTo(tokenUri + ";id=%0a;object=ra%20key");

        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder().trustAnchor(ca.certificate()).build()
                .start()) {
            Path caBundle = emulator.writeTrustBundle(dir.resolve("ca.pem"));
            Launcher.Result credentials = Launcher.run("aws_signing_helper", List.of("credential-process",
                    "--certificate", uri, "--pkcs11-lib", lib,
                    "--trust-anchor-arn", emulator.trustAnchorArn(), "--profile-arn", emulator.profileArn(),
                    "--role-arn", emulator.roleArn(), "--endpoint", emulator.endpoint().toString(),
                    "--ca-bundle", caBundle.toString()), env, dir);

            assertThat(credentials.exitCode()).as(credentials.stderr()).isZero();
            assertThat(JsonNode.parser().parse(credentials.stdout()).field("AccessKeyId")).isPresent();
            assertThat(emulator.requestLog().last().get().serialNumber()).contains(issued.serialNumber().toString());
        }
    }

    @Test
    void keygen_withABadId_explainsTheFormat() throws Exception {
        TestContexts.Captured captured = TestContexts.capture(dir);
        int status = Main.run(captured.context, "pkcs11", "keygen", "--token", "pkcs11:token=x", "--id", "zz",
                "--label", "k");
        assertThat(status).isEqualTo(1);
        assertThat(captured.stderr()).contains("--id 'zz'").contains("hex");
        assertThat(Files.list(dir)).isEmpty();
    }
}
