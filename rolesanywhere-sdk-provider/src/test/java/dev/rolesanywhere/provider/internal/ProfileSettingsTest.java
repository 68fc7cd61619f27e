package dev.rolesanywhere.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SignerSpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.profiles.ProfileFile;

class ProfileSettingsTest {
    private static final String TA = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a1b2";
    private static final String PR = "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/c3d4";
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";

    private static ProfileFile config(String text) {
        return ProfileFile.builder()
                .content(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .type(ProfileFile.Type.CONFIGURATION)
                .build();
    }

    @Test
    void read_ofSigningHelperLine_servesItsOptions() {
        ProfileFile file = config("[profile legacy]\n"
                + "region = us-east-1\n"
                + "credential_process = aws_signing_helper credential-process --certificate /c.pem --private-key /k.pem"
                + " --trust-anchor-arn " + TA + " --profile-arn " + PR + " --role-arn " + ROLE + "\n");

        SessionSpec s = ProfileSettings.read(file, "legacy");

        assertThat(s.signerSpec().get().certificate()).isEqualTo("/c.pem");
        assertThat(s.signerSpec().get().privateKey()).contains("/k.pem");
        assertThat(s.trustAnchorArn()).contains(TA);
        assertThat(s.profileArn()).contains(PR);
        assertThat(s.roleArn()).contains(ROLE);
        assertThat(s.region()).as("the SDK's own region key is not the CreateSession region").isEmpty();
    }

    @Test
    void read_ofRolesAnywhereKeys_readsEveryKey() {
        ProfileFile file = config("[profile modern]\n"
                + "rolesanywhere_trust_anchor_arn = " + TA + "\n"
                + "rolesanywhere_profile_arn = " + PR + "\n"
                + "rolesanywhere_role_arn = " + ROLE + "\n"
                + "rolesanywhere_certificate = pkcs11:token=t;object=leaf\n"
                + "rolesanywhere_private_key = pkcs11:token=t;object=leaf;type=private\n"
                + "rolesanywhere_intermediates = /pki/chain.pem\n"
                + "rolesanywhere_pkcs11_lib = /usr/lib/softhsm/libsofthsm2.so\n"
                + "rolesanywhere_reuse_pin = true\n"
                + "rolesanywhere_region = eu-west-1\n"
                + "rolesanywhere_endpoint = https://ra.example.test\n"
                + "rolesanywhere_ca_bundle = /pki/ca.pem\n"
                + "rolesanywhere_session_duration = PT2H\n"
                + "rolesanywhere_role_session_name = ci\n");

        SessionSpec s = ProfileSettings.read(file, "modern");
        SignerSpec key = s.signerSpec().get();

        assertThat(s.trustAnchorArn()).contains(TA);
        assertThat(s.profileArn()).contains(PR);
        assertThat(s.roleArn()).contains(ROLE);
        assertThat(key.certificate()).isEqualTo("pkcs11:token=t;object=leaf");
        assertThat(key.privateKey()).contains("pkcs11:token=t;object=leaf;type=private");
        assertThat(key.intermediates()).contains(Paths.get("/pki/chain.pem"));
        assertThat(key.pkcs11Library()).contains("/usr/lib/softhsm/libsofthsm2.so");
        assertThat(key.reusePin()).isTrue();
        assertThat(s.region()).contains("eu-west-1");
        assertThat(s.endpoint()).contains(URI.create("https://ra.example.test"));
        assertThat(s.caBundle()).contains(Paths.get("/pki/ca.pem"));
        assertThat(s.sessionDuration()).contains(Duration.ofHours(2));
        assertThat(s.roleSessionName()).contains("ci");
    }

    @Test
    void read_whenKeysAndHelperLineDisagree_keysWin() {
        ProfileFile file = config("[profile both]\n"
                + "rolesanywhere_role_arn = arn:aws:iam::111122223333:role/override\n"
                + "credential_process = aws_signing_helper credential-process --certificate /c.pem --role-arn " + ROLE
                + "\n");

        SessionSpec s = ProfileSettings.read(file, "both");

        assertThat(s.roleArn()).contains("arn:aws:iam::111122223333:role/override");
        assertThat(s.signerSpec().get().certificate()).isEqualTo("/c.pem");
    }

    @Test
    void read_ofHelperLineTurningOffTlsVerification_isRefused() {
        ProfileFile file = config("[profile insecure]\n"
                + "credential_process = aws_signing_helper credential-process --certificate c.pem --no-verify-ssl\n");

        assertThatThrownBy(() -> ProfileSettings.read(file, "insecure"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--no-verify-ssl")
                .hasMessageContaining("rolesanywhere_ca_bundle");
    }

    @Test
    void read_ofHelperLineWithDebugOrProxySwitches_leavesLoggingToSlf4j_andWithProxyChangesNothing() {
        ProfileFile file = config("[profile switches]\n"
                + "credential_process = aws_signing_helper credential-process --certificate c.pem --debug"
                + " --with-proxy --no-verify-ssl=false\n");

        SessionSpec s = ProfileSettings.read(file, "switches", Map.<String, String>of()::get);

        assertThat(s.debugLoggingEnabled()).isFalse();
        assertThat(s.proxy()).isEmpty();
        assertThat(s).isEqualTo(SessionSpec.builder().signerSpec(key -> key.certificate("c.pem")).build());
    }

    @Test
    void read_ofHelperLine_takesTheProxyFromTheEnvironment_withOrWithoutWithProxy() {
        ProfileFile file = config("[profile with]\n"
                + "credential_process = aws_signing_helper credential-process --certificate c.pem --with-proxy\n"
                + "[profile without]\n"
                + "credential_process = aws_signing_helper credential-process --certificate c.pem\n");
        Map<String, String> environment = Map.of("HTTPS_PROXY", "http://proxy.corp:3128", "NO_PROXY", ".corp");

        for (String profile : List.of("with", "without")) {
            SessionSpec s = ProfileSettings.read(file, profile, environment::get);

            assertThat(s.proxy()).as(profile).contains(URI.create("http://proxy.corp:3128"));
            assertThat(s.nonProxyHosts()).as(profile).containsExactly(".corp");
        }
    }

    @Test
    void read_honoursTheSettingsAwsToolsRead_underTheHelperLine() {
        ProfileFile file = config("[profile shared]\n"
                + "use_fips_endpoint = true\n"
                + "ca_bundle = /from/profile.pem\n"
                + "max_attempts = 6\n"
                + "services = corp\n"
                + "credential_process = aws_signing_helper credential-process --certificate c.pem\n"
                + "[profile explicit]\n"
                + "credential_process = aws_signing_helper credential-process --certificate c.pem"
                + " --endpoint https://from.line.test\n"
                + "[services corp]\n"
                + "rolesanywhere =\n"
                + "  endpoint_url = https://from.services.test\n"
                + "sts =\n"
                + "  endpoint_url = https://sts.services.test\n");

        SessionSpec shared = ProfileSettings.read(file, "shared", Map.of("AWS_USE_DUALSTACK_ENDPOINT", "true")::get);
        SessionSpec lineWins = ProfileSettings.read(file, "explicit",
                Map.of("AWS_ENDPOINT_URL", "https://from.env.test", "AWS_CA_BUNDLE", "/from/env.pem")::get);

        assertThat(shared.fipsEnabled()).isTrue();
        assertThat(shared.dualstackEnabled()).isTrue();
        assertThat(shared.caBundle()).contains(Paths.get("/from/profile.pem"));
        assertThat(shared.maxAttempts()).contains(6);
        assertThat(shared.endpoint()).contains(URI.create("https://from.services.test"));
        assertThat(lineWins.endpoint()).contains(URI.create("https://from.line.test"));
        assertThat(lineWins.caBundle()).contains(Paths.get("/from/env.pem"));
    }

    @Test
    void read_ofUnknownProfile_listsTheProfilesThere() {
        ProfileFile file = config("[profile alpha]\nregion = eu-west-1\n[profile beta]\nregion = eu-west-1\n");

        assertThatThrownBy(() -> ProfileSettings.read(file, "gamma"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No profile named 'gamma'")
                .hasMessageContaining("[alpha, beta]");
    }

    @Test
    void read_ofProfileWithoutRolesAnywhereSettings_saysWhatToAdd() {
        ProfileFile file = config("[profile plain]\nregion = eu-west-1\n");

        assertThatThrownBy(() -> ProfileSettings.read(file, "plain"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("no IAM Roles Anywhere settings")
                .hasMessageContaining("rolesanywhere_trust_anchor_arn");
    }

    @Test
    void read_ofOtherCredentialProcess_isRejected() {
        ProfileFile file = config("[profile other]\ncredential_process = /usr/local/bin/get-creds --json\n");

        assertThatThrownBy(() -> ProfileSettings.read(file, "other"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credential_process of profile 'other'")
                .hasMessageContaining("ProcessCredentialsProvider");
    }

    @Test
    void read_ofMisspelledKey_listsTheKnownKeys() {
        ProfileFile file = config("[profile typo]\nrolesanywhere_role = " + ROLE + "\n");

        assertThatThrownBy(() -> ProfileSettings.read(file, "typo"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown key rolesanywhere_role of profile 'typo'")
                .hasMessageContaining("rolesanywhere_role_arn");
    }

    @Test
    void read_ofMalformedValue_namesKeyAndProfile() {
        ProfileFile file = config("[profile bad]\nrolesanywhere_reuse_pin = yes\n");

        assertThatThrownBy(() -> ProfileSettings.read(file, "bad"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("key rolesanywhere_reuse_pin of profile 'bad'")
                .hasMessageContaining("true or false");
    }
}
