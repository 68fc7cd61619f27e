package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.MalformedCredentialsException;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.keys.FileSigner;
import dev.rolesanywhere.emulator.FaultType;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.emulator.junit5.RolesAnywhereEmulatorExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * End to end: the provider obtains credentials from the emulator over HTTPS, and a real SDK {@link StsClient} uses
 * them for GetCallerIdentity, which the emulator answers only after verifying the SigV4 signature made with them.
 */
class RolesAnywhereCredentialsProviderIntegrationTest {

    @RegisterExtension
    static final RolesAnywhereEmulatorExtension EMULATOR = RolesAnywhereEmulatorExtension.builder().build();

    static SdkHttpClient http;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHttp() {
        http = EmulatorClients.trustingHttpClient(EMULATOR.emulator());
    }

    @AfterAll
    static void closeHttp() {
        http.close();
    }

    private RolesAnywhereEmulator emulator() {
        return EMULATOR.emulator();
    }

    private RolesAnywhereCredentialsProvider.Builder configured() {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn(emulator().roleArn())
                .endpoint(emulator().endpoint())
                .httpClient(http);
    }

    private Path[] writeLeaf(IssuedCertificate leaf, String name) {
        return new Path[] {
            leaf.writeCertificatePem(dir.resolve(name + ".pem")),
            leaf.writePrivateKeyPem(dir.resolve(name + ".key"))
        };
    }

    private void assertCallerIsTheRole(StsClient sts) {
        GetCallerIdentityResponse identity = sts.getCallerIdentity();
        String roleName = emulator().roleArn().substring(emulator().roleArn().lastIndexOf('/') + 1);
        assertThat(identity.account()).isEqualTo(emulator().accountId());
        assertThat(identity.arn()).contains(":assumed-role/" + roleName + "/");
    }

    @Test
    void stsClient_withEcFileKey_isRecognisedAsTheAssumedRole() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "ec");

        try (RolesAnywhereCredentialsProvider provider = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
        }
    }

    @Test
    void resolveCredentials_describesTheSession() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(KeyType.RSA_2048), "rsa");

        try (RolesAnywhereCredentialsProvider provider = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build()) {
            AwsSessionCredentials credentials = provider.resolveCredentials();

            // No provider name: the SDK would put it into every request's business metrics (SdkConventionsTest).
            assertThat(credentials.providerName()).isEmpty();
            assertThat(credentials.accountId()).contains(emulator().accountId());
            assertThat(credentials.expirationTime()).hasValueSatisfying(
                    expiry -> assertThat(expiry).isAfter(Instant.now().plusSeconds(600)));
            assertThat(credentials.sessionToken()).isNotBlank();
            assertThat(emulator().requestLog().last().get().algorithm()).contains("AWS4-X509-RSA-SHA256");
        }
    }

    @Test
    void resolveCredentials_whenTheEndpointSmugglesALineIntoTheToken_throwsTheTypedErrorAndReturnsNothing() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "hostile");
        emulator().faults().hostileCredentialsNext(1);
        long before = emulator().requestLog().count();

        try (RolesAnywhereCredentialsProvider provider = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build()) {
            assertThatThrownBy(provider::resolveCredentials)
                    .isInstanceOf(RolesAnywhereCredentialsException.class)
                    .hasMessageContaining("sessionToken")
                    .hasMessageNotContaining(FaultType.HOSTILE_LINE)
                    .cause().isInstanceOf(MalformedCredentialsException.class)
                    .hasMessageNotContaining(FaultType.HOSTILE_LINE);
        }
        assertThat(emulator().requestLog().count() - before).as("CreateSession calls").isEqualTo(1);
    }

    @Test
    void stsClient_withIntermediateCa_sendsTheChainFromTheIntermediatesFile() {
        TestCertificateAuthority intermediate = EMULATOR.certificateAuthority().issueIntermediate();
        IssuedCertificate leaf = intermediate.issueClientCertificate();
        Path[] files = writeLeaf(leaf, "chained");
        Path chain = leaf.writeIntermediatesPem(dir.resolve("intermediates.pem"));

        try (RolesAnywhereCredentialsProvider provider = configured().certificate(files[0].toString())
                .privateKey(files[1].toString()).intermediates(chain).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
        }
        try (RolesAnywhereCredentialsProvider withoutChain = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build()) {
            assertThatThrownBy(withoutChain::resolveCredentials)
                    .isInstanceOf(RolesAnywhereCredentialsException.class).hasCauseInstanceOf(AccessDeniedException.class);
        }
    }

    @Test
    void caBundle_letsTheOwnedHttpClientTrustAPrivateEndpoint() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "bundle");
        Path bundle = emulator().writeTrustBundle(dir.resolve("emulator-ca.pem"));

        try (RolesAnywhereCredentialsProvider provider = configured().httpClient(null).caBundle(bundle)
                .certificate(files[0].toString()).privateKey(files[1].toString()).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
        }
    }

    @Test
    void chain_whenEarlierProvidersHaveNothing_servesRolesAnywhereCredentials() throws Exception {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "chain");
        Path emptyConfig = Files.write(dir.resolve("empty-config"), new byte[0]);
        ProfileCredentialsProvider nothing = ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(emptyConfig).type(ProfileFile.Type.CREDENTIALS).build())
                .profileName("absent")
                .build();

        try (RolesAnywhereCredentialsProvider provider = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build();
                AwsCredentialsProviderChain chain = AwsCredentialsProviderChain.of(nothing, provider);
                StsClient sts = EmulatorClients.sts(emulator(), http, chain)) {
            assertCallerIsTheRole(sts);
            assertThat(chain.resolveCredentials().accessKeyId())
                    .isEqualTo(provider.resolveCredentials().accessKeyId());
        }
    }

    @Test
    void plugin_givesAClientItsCredentials() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "plugin");

        try (RolesAnywhereCredentialsProvider provider = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build();
                StsClient sts = EmulatorClients.sts(emulator(), http)
                        .addPlugin(RolesAnywherePlugin.create(provider)).build()) {
            assertCallerIsTheRole(sts);
        }
    }

    @Test
    void fromProfile_servesAnExistingSigningHelperLineInProcess() throws Exception {
        Path certDir = Files.createDirectories(dir.resolve("my certs"));
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        Path cert = leaf.writeCertificatePem(certDir.resolve("leaf.pem"));
        Path key = leaf.writePrivateKeyPem(certDir.resolve("leaf.key"));
        Path bundle = emulator().writeTrustBundle(dir.resolve("emulator-ca.pem"));
        Path config = Files.write(dir.resolve("config"), ("[profile legacy]\n"
                + "credential_process = /opt/no/such/aws_signing_helper credential-process"
                + " --certificate '" + cert + "' --private-key \"" + key + "\""
                + " --trust-anchor-arn " + emulator().trustAnchorArn()
                + " --profile-arn " + emulator().profileArn()
                + " --role-arn " + emulator().roleArn()
                + " --endpoint " + emulator().endpoint() + " --session-duration 900\n"
                + "rolesanywhere_ca_bundle = " + bundle + "\n").getBytes(StandardCharsets.UTF_8));

        String previous = System.setProperty("aws.configFile", config.toString());
        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.fromProfile("legacy");
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
            Instant expiry = provider.resolveCredentials().expirationTime().get();
            assertThat(expiry).isBefore(Instant.now().plusSeconds(901));
        } finally {
            restore("aws.configFile", previous);
        }
    }

    @Test
    void profileName_withRolesAnywhereKeys_andExplicitValuesWinning() throws Exception {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "keys");
        Path config = Files.write(dir.resolve("config"), ("[profile modern]\n"
                + "rolesanywhere_trust_anchor_arn = " + emulator().trustAnchorArn() + "\n"
                + "rolesanywhere_profile_arn = " + emulator().profileArn() + "\n"
                + "rolesanywhere_role_arn = arn:aws:iam::" + emulator().accountId() + ":role/not-in-profile\n"
                + "rolesanywhere_certificate = " + files[0] + "\n"
                + "rolesanywhere_private_key = " + files[1] + "\n"
                + "rolesanywhere_endpoint = " + emulator().endpoint() + "\n").getBytes(StandardCharsets.UTF_8));
        ProfileFile profileFile = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                .profileFile(profileFile).profileName("modern")
                .roleArn(emulator().roleArn())
                .httpClient(http).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
        }
    }

    @Test
    void profileName_withTheCertificateInTheProfile_andTheKeyFromTheBuilder_combinesTheKeySource() throws Exception {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "split");
        Path config = Files.write(dir.resolve("config"), ("[profile split]\n"
                + "credential_process = aws_signing_helper credential-process --certificate " + files[0]
                + " --trust-anchor-arn " + emulator().trustAnchorArn() + " --profile-arn " + emulator().profileArn()
                + " --role-arn " + emulator().roleArn() + " --endpoint " + emulator().endpoint() + "\n")
                .getBytes(StandardCharsets.UTF_8));
        ProfileFile profileFile = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                .profileFile(profileFile).profileName("split")
                .privateKey(files[1].toString())
                .httpClient(http).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
        }
    }

    @Test
    void sessionSpec_setsEverySessionValueAtOnce_andSingleValuesChangeIt() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "spec");
        SessionSpec spec = SessionSpec.builder()
                .trustAnchorArn(emulator().trustAnchorArn())
                .profileArn(emulator().profileArn())
                .roleArn("arn:aws:iam::" + emulator().accountId() + ":role/replaced-below")
                .signerSpec(key -> key.certificate(files[0].toString()).privateKey(files[1].toString()))
                .endpoint(emulator().endpoint())
                .caBundle(emulator().writeTrustBundle(dir.resolve("ca.pem")))
                .build();

        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
                .sessionSpec(spec).roleArn(emulator().roleArn()).build();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
        }
    }

    @Test
    void createSessionClient_replacesTheProfilesEndpoint_andStaysOpenAfterClose() throws Exception {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "client");
        Path config = Files.write(dir.resolve("config"), ("[profile elsewhere]\n"
                + "rolesanywhere_trust_anchor_arn = " + emulator().trustAnchorArn() + "\n"
                + "rolesanywhere_profile_arn = " + emulator().profileArn() + "\n"
                + "rolesanywhere_role_arn = " + emulator().roleArn() + "\n"
                + "rolesanywhere_certificate = " + files[0] + "\n"
                + "rolesanywhere_private_key = " + files[1] + "\n"
                + "rolesanywhere_endpoint = https://rolesanywhere.invalid\n").getBytes(StandardCharsets.UTF_8));
        ProfileFile profileFile = ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();

        try (CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator().endpoint())
                .httpClient(http).build()) {
            RolesAnywhereCredentialsProvider.Builder builder = RolesAnywhereCredentialsProvider.builder()
                    .profileFile(profileFile).profileName("elsewhere").createSessionClient(client);
            try (RolesAnywhereCredentialsProvider provider = builder.build();
                    StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
                assertCallerIsTheRole(sts);
            }
            try (RolesAnywhereCredentialsProvider again = builder.build()) {
                assertThat(again.resolveCredentials().accessKeyId()).isNotBlank();
            }
        }
    }

    @Test
    void create_readsSystemProperties() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "sysprops");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(RolesAnywhereSystemSetting.TRUST_ANCHOR_ARN.property(), emulator().trustAnchorArn());
        properties.put(RolesAnywhereSystemSetting.PROFILE_ARN.property(), emulator().profileArn());
        properties.put(RolesAnywhereSystemSetting.ROLE_ARN.property(), emulator().roleArn());
        properties.put(RolesAnywhereSystemSetting.CERTIFICATE.property(), files[0].toString());
        properties.put(RolesAnywhereSystemSetting.PRIVATE_KEY.property(), files[1].toString());
        properties.put(RolesAnywhereSystemSetting.ENDPOINT.property(), emulator().endpoint().toString());
        properties.put(RolesAnywhereSystemSetting.CA_BUNDLE.property(),
                emulator().writeTrustBundle(dir.resolve("ca.pem")).toString());
        properties.put(RolesAnywhereSystemSetting.SESSION_DURATION.property(), "1800");
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.create();
                StsClient sts = EmulatorClients.sts(emulator(), http, provider)) {
            assertCallerIsTheRole(sts);
            assertThat(provider.resolveCredentials().expirationTime().get())
                    .isBefore(Instant.now().plusSeconds(1801));
        } finally {
            previous.forEach(RolesAnywhereCredentialsProviderIntegrationTest::restore);
        }
    }

    @Test
    void close_releasesOnlyWhatTheProviderCreated() {
        IssuedCertificate leaf = EMULATOR.certificateAuthority().issueClientCertificate();
        Path[] files = writeLeaf(leaf, "owned");
        Signer callersSigner = FileSigner.builder().certificateFile(files[0]).privateKeyFile(files[1]).build();

        RolesAnywhereCredentialsProvider provider = configured().signer(callersSigner).build();
        provider.resolveCredentials();
        provider.close();
        provider.close();

        assertThat(provider.isClosed()).isTrue();
        assertThatThrownBy(provider::resolveCredentials)
                .isInstanceOf(ProviderClosedException.class)
                .hasMessageContaining("closed");
        // The caller's signer and HTTP client still work for a new provider.
        try (RolesAnywhereCredentialsProvider again = provider.toBuilder().build();
                StsClient sts = EmulatorClients.sts(emulator(), http, again)) {
            assertCallerIsTheRole(sts);
        } finally {
            callersSigner.close();
        }
    }

    @Test
    void toBuilder_buildsAnIndependentProviderWithItsOwnSigner() {
        Path[] files = writeLeaf(EMULATOR.certificateAuthority().issueClientCertificate(), "copy");
        RolesAnywhereCredentialsProvider original = configured()
                .certificate(files[0].toString()).privateKey(files[1].toString()).build();
        RolesAnywhereCredentialsProvider copy = original.toBuilder().build();

        original.close();

        try (StsClient sts = EmulatorClients.sts(emulator(), http, copy)) {
            assertCallerIsTheRole(sts);
        } finally {
            copy.close();
        }
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }
}
