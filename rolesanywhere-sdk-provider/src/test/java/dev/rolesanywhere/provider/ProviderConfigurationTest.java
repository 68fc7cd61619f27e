package dev.rolesanywhere.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.RolesAnywhereException;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;

/** Mistakes in configuration fail in {@code build()}, with a typed error naming the fix, before any request. */
class ProviderConfigurationTest {
    private static final String TA = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/0a1b2c3d";
    private static final String PR = "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/4e5f6a7b";
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";

    static IssuedCertificate leaf;
    static Path certificate;
    static Path key;

    @BeforeAll
    static void issue(@TempDir Path dir) {
        leaf = TestCertificateAuthority.create().issueClientCertificate();
        certificate = leaf.writeCertificatePem(dir.resolve("leaf.pem"));
        key = leaf.writePrivateKeyPem(dir.resolve("leaf.key"));
    }

    private static RolesAnywhereCredentialsProvider.Builder complete() {
        return RolesAnywhereCredentialsProvider.builder()
                .trustAnchorArn(TA).profileArn(PR).roleArn(ROLE)
                .certificate(certificate.toString()).privateKey(key.toString());
    }

    private static ProfileFile config(String text) {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
    }

    @Test
    void build_withoutTrustAnchorArn_namesEveryWayToSetIt() {
        assertThatThrownBy(() -> complete().trustAnchorArn(null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No trust anchor ARN")
                .hasMessageContaining("trustAnchorArn(...)")
                .hasMessageContaining("aws.rolesanywhere.trustAnchorArn")
                .hasMessageContaining("AWS_ROLESANYWHERE_TRUST_ANCHOR_ARN")
                .hasMessageContaining("rolesanywhere_trust_anchor_arn")
                .hasMessageContaining("--trust-anchor-arn");
    }

    @Test
    void build_withAPinInALocationThatIsNotRecognised_neverQuotesThePin() {
        String pin = "Q5082736q";
        String[] locations = {" pkcs11:token=no-such-token;pin-value=" + pin,
            "file:pkcs11:token=t;pin-value=" + pin, "pkcs11:token=t;PIN-VALUE=" + pin,
            "pkcs11:token=t;Pin-Value =" + pin};
        for (String location : locations) {
            assertThatThrownBy(() -> complete().certificate(location).privateKey(null)
                    .pkcs11Library("/nonexistent/libpkcs11.so").build())
                    .as(location).isInstanceOf(RolesAnywhereException.class)
                    .satisfies(e -> assertThat(LogCapture.stackTrace(e)).doesNotContain(pin));
            assertThatThrownBy(() -> complete().privateKey(location).build())
                    .as(location).isInstanceOf(RolesAnywhereException.class)
                    .satisfies(e -> assertThat(LogCapture.stackTrace(e)).doesNotContain(pin));
        }
        ProfileFile file = config("[profile p]\ncredential_process = aws_signing_helper credential-process"
                + " --certificate 'file:pkcs11:token=t;pin-value=" + pin + "' --trust-anchor-arn " + TA
                + " --profile-arn " + PR + " --role-arn " + ROLE + "\n");
        assertThatThrownBy(() -> RolesAnywhereCredentialsProvider.builder().profileFile(file).profileName("p").build())
                .isInstanceOf(RolesAnywhereException.class)
                .satisfies(e -> assertThat(LogCapture.stackTrace(e)).doesNotContain(pin));
    }


    @Test
    void build_withoutProfileOrRoleArn_failsForEach() {
        assertThatThrownBy(() -> complete().profileArn(" ").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("No profile ARN");
        assertThatThrownBy(() -> complete().roleArn(null).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("No role ARN");
    }

    @Test
    void build_withoutCertificateOrSigner_saysSo() {
        assertThatThrownBy(() -> complete().certificate(null).privateKey(null).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No certificate")
                .hasMessageContaining("signer");
    }

    @Test
    void build_withMalformedArn_failsBeforeAnyRequest() {
        assertThatThrownBy(() -> complete().roleArn("arn:aws:iam::1111:role/app").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("roleArn");
        assertThatThrownBy(() -> complete().trustAnchorArn("trust-anchor/0a1b2c3d").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("trustAnchorArn");
    }

    @Test
    void build_withBothSignerAndCertificate_asksForOneOrTheOther() {
        PrivateKeySigner signer = PrivateKeySigner.create(leaf.privateKey(), leaf.certificate());

        assertThatThrownBy(() -> complete().signer(signer).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Both a signer and key locations");
    }

    @Test
    void build_withUnreadableKeyFile_failsAtBuildTime() {
        assertThatThrownBy(() -> complete().privateKey(certificate.resolveSibling("absent.key").toString()).build())
                .isInstanceOf(KeySourceException.class);
    }

    @Test
    void build_withUnknownProfile_listsTheProfilesFound() {
        ProfileFile file = config("[profile dev]\nregion = eu-west-1\n");

        assertThatThrownBy(() -> RolesAnywhereCredentialsProvider.builder().profileFile(file).profileName("prod")
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No profile named 'prod'")
                .hasMessageContaining("[dev]");
    }

    @Test
    void build_withMalformedCredentialProcessLine_namesTheProfile() {
        ProfileFile file = config("[profile broken]\n"
                + "credential_process = aws_signing_helper credential-process --certificate '/unterminated\n");

        assertThatThrownBy(() -> RolesAnywhereCredentialsProvider.builder().profileFile(file).profileName("broken")
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unterminated ' quote")
                .hasMessageContaining("profile 'broken'");
    }

    @Test
    void build_withForeignCredentialProcess_pointsElsewhere() {
        ProfileFile file = config("[profile sso]\ncredential_process = /usr/bin/sso-helper --account 1\n");

        assertThatThrownBy(() -> RolesAnywhereCredentialsProvider.builder().profileFile(file).profileName("sso")
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ProcessCredentialsProvider");
    }

    @Test
    void build_withPrefetchNotLongerThanStale_explainsTheOrder() {
        assertThatThrownBy(() -> complete().staleTime(Duration.ofMinutes(5)).prefetchTime(Duration.ofMinutes(5))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prefetchTime (PT5M) must be longer than staleTime (PT5M)");
        assertThatThrownBy(() -> complete().staleTime(Duration.ZERO).build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("staleTime must be positive");
    }

    @Test
    void build_withPrefetchLongerThanTheSession_explainsTheConflict() {
        assertThatThrownBy(() -> complete().sessionDuration(Duration.ofMinutes(15)).prefetchTime(Duration.ofMinutes(20))
                .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("shorter than the session duration");
    }

    @Test
    void build_withSessionDurationOutOfRange_isRejected() {
        assertThatThrownBy(() -> complete().sessionDuration(Duration.ofHours(13)).build())
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void build_withCreateSessionClientAndTransportOptions_asksForOneOrTheOther() {
        try (CreateSessionClient client = CreateSessionClient.builder().build()) {
            assertThatThrownBy(() -> complete().createSessionClient(client).endpoint(URI.create("https://x.test"))
                    .build())
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("createSessionClient");
        }
    }

    @Test
    void toString_neverShowsTheKeyPassword() {
        String secret = "Pkcs8-Secret-Value";
        try (RolesAnywhereCredentialsProvider provider = complete().pkcs8Password(secret.toCharArray()).build()) {
            assertThat(provider.toString())
                    .contains(ROLE, PR, TA)
                    .doesNotContain(secret);
            assertThat(provider.toBuilder().toString()).doesNotContain(secret);
        }
    }

    @Test
    void systemSettings_carryThePkcs11OptIns_intoTheKeySource() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(RolesAnywhereSystemSetting.CERTIFICATE.property(), "pkcs11:token=yubikey;object=leaf");
        properties.put(RolesAnywhereSystemSetting.EXCLUSIVE_MODULE_USE.property(), "true");
        properties.put(RolesAnywhereSystemSetting.REJECTED_PIN_MARKERS.property(), "true");
        properties.put(RolesAnywhereSystemSetting.REJECTED_PIN_MARKER_DIRECTORY.property(), "/var/lib/ra/rejected-pins");

        withSystemProperties(properties, () -> {
            SignerSpec key = RolesAnywhereSystemSetting.sessionSpec().signerSpec().get();

            assertThat(key.exclusiveModuleUse()).isTrue();
            assertThat(key.rejectedPinMarkers()).isTrue();
            assertThat(key.rejectedPinMarkerDirectory()).contains(Paths.get("/var/lib/ra/rejected-pins"));
        });
        assertThat(RolesAnywhereSystemSetting.REJECTED_PIN_MARKERS.environmentVariable())
                .isEqualTo("AWS_ROLESANYWHERE_REJECTED_PIN_MARKERS");
    }

    @Test
    void create_withoutTrustAnchor_failsAtFirstUse_namingTheEnvironmentVariable() {
        Map<String, String> properties = new LinkedHashMap<>();
        // A blank system property wins over the environment variable, so the setting is missing whatever the machine.
        properties.put(RolesAnywhereSystemSetting.TRUST_ANCHOR_ARN.property(), " ");
        properties.put(RolesAnywhereSystemSetting.ROLE_ARN.property(), ROLE);
        properties.put("aws.configFile", "/nonexistent/aws-config");

        withSystemProperties(properties, () -> {
            try (RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.create()) {
                assertThatThrownBy(provider::resolveCredentials)
                        .isInstanceOf(RolesAnywhereCredentialsException.class)
                        .hasCauseInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("AWS_ROLESANYWHERE_TRUST_ANCHOR_ARN");
            }
        });
    }

    /** Runs {@code test} with {@code properties} set as system properties, and puts the previous values back. */
    private static void withSystemProperties(Map<String, String> properties, Runnable test) {
        Map<String, String> previous = new LinkedHashMap<>();
        properties.forEach((k, v) -> previous.put(k, System.setProperty(k, v)));
        try {
            test.run();
        } finally {
            previous.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }
}
