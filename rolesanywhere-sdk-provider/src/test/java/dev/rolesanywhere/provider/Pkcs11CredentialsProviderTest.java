package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
class Pkcs11CredentialsProviderTest {
    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    static SdkHttpClient http;
    static Path intermediates;
    static Path certificateFile;

    static String tokenLabel;
    static String pin;
    static String module;

    @BeforeAll
    static void createToken(@TempDir Path dir) {
        SoftHsmToken token = SoftHsmFixture.shared().createToken();
        tokenLabel = token.label();
        pin = new String(token.userPin());
        module = token.modulePath().toString();

        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        token.key("leaf").id(new byte[] {(byte) 0xa1}).keyPair(leaf.keyPair()).certifiedBy(key -> leaf.certificate())
                .create();
        certificateFile = leaf.writeCertificatePem(dir.resolve("leaf.pem"));

        TestCertificateAuthority intermediate = EMULATOR.certificateAuthority().issueIntermediate();
        IssuedCertificate chained = intermediate.issueClientCertificate();
        token.key("chained").id(new byte[] {(byte) 0xa2}).keyPair(chained.keyPair())
                .certifiedBy(key -> chained.certificate()).create();
        intermediates = chained.writeIntermediatesPem(dir.resolve("intermediates.pem"));

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
                .pkcs11Library(module);
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
                .certificate("pkcs11:token=" + tokenLabel + ";object=leaf")
                .pinCallback(() -> {
                    asked.incrementAndGet();
                    return pin.toCharArray();
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
                    + " --certificate 'pkcs11:token=" + tokenLabel + ";object=leaf?pin-value=" + pin + "'"
                    + " --private-key 'pkcs11:token=" + tokenLabel + ";object=leaf?pin-value=" + pin + "'"
                    + " --pkcs11-lib " + module
                    + " --trust-anchor-arn " + emulator().trustAnchorArn()
                    + " --profile-arn " + emulator().profileArn()
                    + " --role-arn " + emulator().roleArn()
                    + " --endpoint " + emulator().endpoint() + "\n").getBytes(StandardCharsets.UTF_8));
            ProfileFile file = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

            try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                    .profileFile(file).profileName("hsm").httpClient(http).build()) {
                assertCallerIsTheRole(provider);
                assertThat(provider.toString()).doesNotContain(pin);
                assertThat(emulator().requestLog().last().get().userAgent()).hasValueSatisfying(
                        userAgent -> assertThat(userAgent).contains("(key/pkcs11; ").doesNotContain(tokenLabel));
            }
        } finally {
            Files.deleteIfExists(config);
        }
    }

    @Test
    void stsClient_withKeyOnTokenIssuedByAnIntermediate_sendsTheIntermediatesFile() {
        String uri = "pkcs11:token=" + tokenLabel + ";object=chained?pin-value=" + pin;

        try (RolesAnywhereCredentialsProvider provider = configured().certificate(uri).intermediates(intermediates)
                .build()) {
            assertCallerIsTheRole(provider);
        }
        try (RolesAnywhereCredentialsProvider withoutChain = configured().certificate(uri).build()) {
            assertThatThrownBy(withoutChain::resolveCredentials)
                    .isInstanceOf(RolesAnywhereCredentialsException.class).hasCauseInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void stsClient_withCertificateFileAndKeyOnToken_signsWithTheTokenKey() {
        // The reference tool's --certificate file.pem --private-key pkcs11:… shape.
        try (RolesAnywhereCredentialsProvider provider = configured().certificate(certificateFile.toString())
                .privateKey("pkcs11:token=" + tokenLabel + ";object=leaf?pin-value=" + pin).build()) {
            assertCallerIsTheRole(provider);
            assertThat(provider.toString()).doesNotContain(pin);
        }
    }

    @Test
    void build_withUriMatchingNothing_failsAtBuildTime() {
        assertThatThrownBy(() -> configured()
                .certificate("pkcs11:token=" + tokenLabel + ";object=no-such-object?pin-value=" + pin).build())
                .isInstanceOf(RolesAnywhereException.class)
                .hasMessageNotContaining(pin);
    }
}
