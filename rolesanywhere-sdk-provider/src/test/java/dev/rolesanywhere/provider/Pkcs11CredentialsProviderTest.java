package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The key on a SoftHSM2 token made fresh for this run (softhsm2-util and pkcs11-tool, as an operator would), reached
 * through a {@code pkcs11:} URI: the provider finds the PKCS#11 factory on the class path through the SPI.
 * Surefire points {@code SOFTHSM2_CONF} at a file this test writes before the module is loaded.
 */
class Pkcs11CredentialsProviderTest {
    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String TOKEN = "ra-provider";
    private static final String PIN = "480163";

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    static SdkHttpClient http;
    static Path intermediates;
    static Path certificateFile;

    @BeforeAll
    static void createToken(@TempDir Path dir) throws Exception {
        Path conf = Paths.get(System.getenv("SOFTHSM2_CONF"));
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Files.createDirectories(conf.getParent());
        Files.write(conf, ("directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n")
                .getBytes(StandardCharsets.UTF_8));

        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        Path key = leaf.writePrivateKeyPem(dir.resolve("leaf.key"));
        Path der = Files.write(dir.resolve("leaf.der"), leaf.certificate().getEncoded());

        run("softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", "7391046", "--pin", PIN);
        run("softhsm2-util", "--import", key.toString(), "--token", TOKEN, "--label", "leaf", "--id", "a1",
                "--pin", PIN);
        run("pkcs11-tool", "--module", MODULE, "--token-label", TOKEN, "--login", "--pin", PIN,
                "--write-object", der.toString(), "--type", "cert", "--id", "a1", "--label", "leaf");

        TestCertificateAuthority intermediate = EMULATOR.certificateAuthority().issueIntermediate();
        IssuedCertificate chained = intermediate.issueClientCertificate();
        Path chainedKey = chained.writePrivateKeyPem(dir.resolve("chained.key"));
        Path chainedDer = Files.write(dir.resolve("chained.der"), chained.certificate().getEncoded());
        intermediates = chained.writeIntermediatesPem(dir.resolve("intermediates.pem"));
        certificateFile = leaf.writeCertificatePem(dir.resolve("leaf.pem"));
        run("softhsm2-util", "--import", chainedKey.toString(), "--token", TOKEN, "--label", "chained", "--id", "a2",
                "--pin", PIN);
        run("pkcs11-tool", "--module", MODULE, "--token-label", TOKEN, "--login", "--pin", PIN,
                "--write-object", chainedDer.toString(), "--type", "cert", "--id", "a2", "--label", "chained");

        http = EmulatorClients.trustingHttpClient(EMULATOR.emulator());
    }

    @AfterAll
    static void closeHttp() {
        if (http != null) {
            http.close();
        }
    }

    private static RolesAnywhereEmulator emulator() {
        return EMULATOR.emulator();
    }

    private static RolesAnywhereCredentialsProvider.Builder configured() {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .endpoint(emulator().endpoint())
                .httpClient(http)
                .pkcs11Library(MODULE);
    }

    private static void assertCallerIsTheRole(RolesAnywhereCredentialsProvider provider) {
        try (StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            GetCallerIdentityResponse identity = sts.getCallerIdentity();
            assertThat(identity.account()).isEqualTo(emulator().accountId());
            assertThat(identity.arn()).contains(":assumed-role/");
        }
    }

    @Test
    void stsClient_withKeyOnToken_andPinCallback_isRecognisedAsTheAssumedRole() {
        AtomicInteger asked = new AtomicInteger();

        try (RolesAnywhereCredentialsProvider provider = configured()
                .certificate("pkcs11:token=" + TOKEN + ";object=leaf")
                .pinCallback(() -> {
                    asked.incrementAndGet();
                    return PIN.toCharArray();
                })
                .build()) {
            assertCallerIsTheRole(provider);
            assertThat(asked.get()).as("one login serves every signature").isEqualTo(1);
        }
    }

    @Test
    void fromProfile_withSigningHelperLineNamingATokenAndModule() throws Exception {
        Path config = Files.createTempFile("aws-config", "");
        try {
            Files.write(config, ("[profile hsm]\n"
                    + "credential_process = aws_signing_helper credential-process"
                    + " --certificate 'pkcs11:token=" + TOKEN + ";object=leaf?pin-value=" + PIN + "'"
                    + " --private-key 'pkcs11:token=" + TOKEN + ";object=leaf?pin-value=" + PIN + "'"
                    + " --pkcs11-lib " + MODULE
                    + " --trust-anchor-arn " + emulator().trustAnchorArn()
                    + " --profile-arn " + emulator().profileArn()
                    + " --role-arn " + emulator().roleArn()
                    + " --endpoint " + emulator().endpoint() + "\n").getBytes(StandardCharsets.UTF_8));
            ProfileFile file = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

            try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                    .profileFile(file).profileName("hsm").httpClient(http).build()) {
                assertCallerIsTheRole(provider);
                assertThat(provider.toString()).doesNotContain(PIN);
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void stsClient_withKeyOnTokenIssuedByAnIntermediate_sendsTheIntermediatesFile() {
        String uri = "pkcs11:token=" + TOKEN + ";object=chained?pin-value=" + PIN;

        try (RolesAnywhereCredentialsProvider provider = configured().certificate(uri).intermediates(intermediates)
                .build()) {
            assertCallerIsTheRole(provider);
        }
        try (RolesAnywhereCredentialsProvider withoutChain = configured().certificate(uri).build()) {
            assertThatThrownBy(withoutChain::resolveCredentials).isInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void stsClient_withCertificateFileAndKeyOnToken_signsWithTheTokenKey() {
        // The reference tool's --certificate file.pem --private-key pkcs11:… shape.
        try (RolesAnywhereCredentialsProvider provider = configured().certificate(certificateFile.toString())
                .privateKey("pkcs11:token=" + TOKEN + ";object=leaf?pin-value=" + PIN).build()) {
            assertCallerIsTheRole(provider);
            assertThat(provider.toString()).doesNotContain(PIN);
        }
    }

    @Test
    void build_withUriMatchingNothing_failsAtBuildTime() {
        assertThatThrownBy(() -> configured()
                .certificate("pkcs11:token=" + TOKEN + ";object=no-such-object?pin-value=" + PIN).build())
                .isInstanceOf(RolesAnywhereException.class)
                .hasMessageNotContaining(PIN);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(Arrays.asList(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[0]).isTrue();
        assertThat(process.exitValue()).as(command[0] + ": " + new String(output, StandardCharsets.UTF_8)).isZero();
    }
}
