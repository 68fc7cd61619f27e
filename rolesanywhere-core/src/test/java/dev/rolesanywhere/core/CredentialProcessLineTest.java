package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CredentialProcessLineTest {
    private static final String SOURCE = "credential_process of profile 'dev'";
    private static final String TA = "arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a1b2";
    private static final String PR = "arn:aws:rolesanywhere:eu-west-1:111122223333:profile/c3d4";
    private static final String ROLE = "arn:aws:iam::111122223333:role/app";

    @Test
    void parse_quotingALocationInAnError_blanksItsPin() {
        String pin = "731946";
        String[] lines = {
            "aws_signing_helper credential-process 'pkcs11:token=t;pin-value=" + pin + "'",
            "aws_signing_helper credential-process --certificate\\ pkcs11:token=t;PIN-VALUE=" + pin,
            "aws_signing_helper credential-process --session-duration 'file:pkcs11:pin-value=" + pin + "'",
            "aws_signing_helper credential-process --reuse-pin=' pkcs11:pin-value=" + pin + "'",
            "aws_signing_helper credential-process --endpoint 'pkcs11:?Pin-Value=" + pin + "'",
            "'pkcs11:token=t;pin-value=" + pin + "' serve",
        };
        for (String line : lines) {
            assertThatThrownBy(() -> CredentialProcessLine.parse(line, SOURCE))
                    .as(line)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(SOURCE)
                    .hasMessageNotContaining(pin);
        }
    }

    @Test
    void parse_readsEveryValueOptionOfTheHelper() {
        SessionSpec s = CredentialProcessLine.parse("/opt/bin/aws_signing_helper credential-process"
                + " --certificate '/etc/pki/my cert.pem' --private-key \"pkcs11:object=key;token=t\""
                + " --intermediates /etc/pki/chain.pem --trust-anchor-arn " + TA + " --profile-arn " + PR
                + " --role-arn " + ROLE + " --session-duration 900 --region eu-west-1"
                + " --endpoint https://ra.example.test/prefix --role-session-name build-7"
                + " --pkcs11-lib /usr/lib/softhsm/libsofthsm2.so --pkcs8-password pw --reuse-pin", SOURCE)
                .sessionSpec();

        SignerSpec key = s.signerSpec().get();
        assertThat(key.certificate()).isEqualTo("/etc/pki/my cert.pem");
        assertThat(key.privateKey()).contains("pkcs11:object=key;token=t");
        assertThat(key.intermediates()).contains(Paths.get("/etc/pki/chain.pem"));
        assertThat(s.trustAnchorArn()).contains(TA);
        assertThat(s.profileArn()).contains(PR);
        assertThat(s.roleArn()).contains(ROLE);
        assertThat(s.sessionDuration()).contains(Duration.ofMinutes(15));
        assertThat(s.region()).contains("eu-west-1");
        assertThat(s.endpoint()).contains(URI.create("https://ra.example.test/prefix"));
        assertThat(s.roleSessionName()).contains("build-7");
        assertThat(key.pkcs11Library()).contains("/usr/lib/softhsm/libsofthsm2.so");
        assertThat(key.pkcs8Password().get()).containsExactly('p', 'w');
        assertThat(key.reusePin()).isTrue();
    }

    @Test
    void parse_acceptsEqualsFormSingleDashAndAnyProgramName() {
        CredentialProcessLine line = CredentialProcessLine.parse(
                "\"C:\\Program Files\\RA\\signer.exe\" credential-process -certificate=c.pem --role-arn=" + ROLE
                        + " --reuse-pin=false --debug --with-proxy", SOURCE);
        SessionSpec s = line.sessionSpec();

        assertThat(s.signerSpec().get().certificate()).isEqualTo("c.pem");
        assertThat(s.roleArn()).contains(ROLE);
        assertThat(s.isSet(SessionField.REUSE_PIN)).isTrue();
        assertThat(s.signerSpec().get().reusePin()).isFalse();
        assertThat(s.debugLoggingEnabled()).isTrue();
        assertThat(line.has(CredentialProcessFlag.WITH_PROXY)).isTrue();
        assertThat(line.has(CredentialProcessFlag.REUSE_PIN)).as("a switch turned off").isFalse();
        assertThat(line.has(CredentialProcessFlag.NO_VERIFY_SSL)).isFalse();
    }

    @Test
    void parse_ofNoVerifySsl_asksForTrustingEveryCertificate() {
        CredentialProcessLine line = CredentialProcessLine.parse(
                "aws_signing_helper credential-process --certificate c.pem --no-verify-ssl", SOURCE);

        assertThat(line.has(CredentialProcessFlag.NO_VERIFY_SSL)).isTrue();
        assertThat(line.sessionSpec().trustAllCertificatesEnabled()).isTrue();
    }

    @Test
    void parse_ofAnotherCommand_pointsToProcessCredentialsProvider() {
        assertThatThrownBy(() -> CredentialProcessLine.parse("/usr/bin/vault-creds --role x", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'/usr/bin/vault-creds'")
                .hasMessageContaining("ProcessCredentialsProvider")
                .hasMessageContaining(SOURCE);
        assertThatThrownBy(() -> CredentialProcessLine.parse("aws_signing_helper serve --port 9911", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credential-process");
        assertThatThrownBy(() -> CredentialProcessLine.parse("   ", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("runs nothing");
    }

    @Test
    void parse_withUnknownOption_listsTheKnownOnes() {
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --certficate c.pem", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unknown option --certficate")
                .hasMessageContaining("--certificate");
    }

    @Test
    void parse_withOptionMissingItsValue_saysSo() {
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --role-arn", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--role-arn in the " + SOURCE + " has no value");
    }

    @Test
    void parse_withAnEmptyValue_namesTheOptionAndTheSource() {
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --certificate c.pem --private-key ''", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--private-key in the " + SOURCE + " is empty");
    }

    @Test
    void parse_withStrayArgument_isRejected() {
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process extra --certificate c.pem", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Unexpected argument 'extra'");
    }

    @Test
    void parse_ofCertificateStoreOrTpmOptions_suggestsFilesOrPkcs11() {
        for (String option : new String[] {"--cert-selector Key=x", "--system-store-name MY", "--tpm-key-password x",
                "--no-tpm-key-password", "--use-latest-expiring-certificate"}) {
            assertThatThrownBy(() -> CredentialProcessLine.parse(
                    "aws_signing_helper credential-process " + option, SOURCE))
                    .as(option)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(option.split(" ")[0] + " in the " + SOURCE)
                    .hasMessageContaining("the reference tool reads")
                    .hasMessageContaining("pkcs11: URI");
        }
    }

    @Test
    void parse_withMalformedValues_namesTheOption() {
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --session-duration 1h", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("option --session-duration");
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --endpoint ra.example.test", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("option --endpoint");
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --reuse-pin=yes", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("option --reuse-pin")
                .hasMessageContaining("true or false");
    }

    @Test
    void parse_neverEchoesThePassword() {
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --pkcs8-password TopSecret99 --bogus", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("TopSecret99");
        assertThatThrownBy(() -> CredentialProcessLine.parse(
                "aws_signing_helper credential-process --pkcs8-password --session-duration=TopSecret99", SOURCE))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("TopSecret99");
        assertThat(CredentialProcessLine.parse("aws_signing_helper credential-process --pkcs8-password TopSecret99",
                SOURCE).toString()).doesNotContain("TopSecret99");
    }
}
