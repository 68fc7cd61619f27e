package dev.rolesanywhere.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CredentialProcessCommandTest {
    private static final String SOURCE = "credential_process of profile 'dev'";
    private static final String TA = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a1b2";
    private static final String PR = "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/c3d4";
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";

    @Test
    void parse_readsEveryValueOptionOfTheHelper() {
        ProviderSettings s = CredentialProcessCommand.parse("/opt/bin/aws_signing_helper credential-process"
                + " --certificate '/etc/pki/my cert.pem' --private-key \"pkcs11:object=key;token=t\""
                + " --intermediates /etc/pki/chain.pem --trust-anchor-arn " + TA + " --profile-arn " + PR
                + " --role-arn " + ROLE + " --session-duration 900 --region eu-west-1"
                + " --endpoint https://ra.example.test/prefix --role-session-name build-7"
                + " --pkcs11-lib /usr/lib/softhsm/libsofthsm2.so --pkcs8-password pw --reuse-pin", SOURCE);

        assertThat(s.certificate).isEqualTo("/etc/pki/my cert.pem");
        assertThat(s.privateKey).isEqualTo("pkcs11:object=key;token=t");
        assertThat(s.intermediates).isEqualTo(Paths.get("/etc/pki/chain.pem"));
        assertThat(s.trustAnchorArn).isEqualTo(TA);
        assertThat(s.profileArn).isEqualTo(PR);
        assertThat(s.roleArn).isEqualTo(ROLE);
        assertThat(s.sessionDuration).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.region).isEqualTo("eu-west-1");
        assertThat(s.endpoint).isEqualTo(URI.create("https://ra.example.test/prefix"));
        assertThat(s.roleSessionName).isEqualTo("build-7");
        assertThat(s.pkcs11Library).isEqualTo("/usr/lib/softhsm/libsofthsm2.so");
        assertThat(s.pkcs8Password).containsExactly('p', 'w');
        assertThat(s.reusePin).isTrue();
    }

    @Test
    void parse_acceptsEqualsFormSingleDashAndAnyProgramName() {
        ProviderSettings s = CredentialProcessCommand.parse(
                "\"C:\\Program Files\\RA\\signer.exe\" credential-process -certificate=c.pem --role-arn=" + ROLE
                        + " --reuse-pin=false --debug --with-proxy", SOURCE);

        assertThat(s.certificate).isEqualTo("c.pem");
        assertThat(s.roleArn).isEqualTo(ROLE);
        assertThat(s.reusePin).isFalse();
    }

    @Test
    void parse_ofAnotherCommand_pointsToProcessCredentialsProvider() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse("/usr/bin/vault-creds --role x", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'/usr/bin/vault-creds'")
                .hasMessageContaining("ProcessCredentialsProvider")
                .hasMessageContaining(SOURCE);
        assertThatThrownBy(() -> CredentialProcessCommand.parse("aws_signing_helper serve --port 9911", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credential-process");
        assertThatThrownBy(() -> CredentialProcessCommand.parse("   ", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("runs nothing");
    }

    @Test
    void parse_withUnknownOption_listsTheKnownOnes() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process --certficate c.pem", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown option --certficate")
                .hasMessageContaining("--certificate");
    }

    @Test
    void parse_withOptionMissingItsValue_saysSo() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process --role-arn", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--role-arn in the " + SOURCE + " has no value");
    }

    @Test
    void parse_withStrayArgument_isRejected() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process extra --certificate c.pem", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unexpected argument 'extra'");
    }

    @Test
    void parse_refusesToTurnOffTlsVerification() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process --certificate c.pem --no-verify-ssl", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--no-verify-ssl")
                .hasMessageContaining("rolesanywhere_ca_bundle");
    }

    @Test
    void parse_ofCertificateStoreOrTpmOptions_suggestsFilesOrPkcs11() {
        for (String option : new String[] {"--cert-selector Key=x", "--system-store-name MY", "--tpm-key-password x",
                "--no-tpm-key-password", "--use-latest-expiring-certificate"}) {
            assertThatThrownBy(() -> CredentialProcessCommand.parse(
                    "aws_signing_helper credential-process " + option, SOURCE))
                    .as(option)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("pkcs11: URI");
        }
    }

    @Test
    void parse_withMalformedValues_namesTheOption() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process --session-duration 1h", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("option --session-duration");
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process --endpoint ra.example.test", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("option --endpoint");
    }

    @Test
    void parse_neverEchoesThePassword() {
        assertThatThrownBy(() -> CredentialProcessCommand.parse(
                "aws_signing_helper credential-process --pkcs8-password TopSecret99 --bogus", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("TopSecret99");
    }
}
