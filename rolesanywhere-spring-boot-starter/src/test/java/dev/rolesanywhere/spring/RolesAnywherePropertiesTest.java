package dev.rolesanywhere.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.SignerSpec;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RolesAnywherePropertiesTest {

    @Test
    void toSessionSpec_carriesEverySessionProperty_butTheKey() {
        RolesAnywhereProperties properties = new RolesAnywhereProperties();
        properties.setTrustAnchorArn("arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a");
        properties.setProfileArn("arn:aws:rolesanywhere:eu-west-1:111122223333:profile/p");
        properties.setRoleArn("arn:aws:iam::111122223333:role/r");
        properties.setRegion("eu-west-1");
        properties.setEndpoint(URI.create("https://ra.example.test"));
        properties.setCaBundle(Paths.get("/ca.pem"));
        properties.setFipsEnabled(true);
        properties.setDualstackEnabled(true);
        properties.setSessionDuration(Duration.ofMinutes(30));
        properties.setRoleSessionName("boot");
        properties.setCertificate("/c.pem");

        assertThat(properties.toSessionSpec()).isEqualTo(SessionSpec.builder()
                .trustAnchorArn("arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/a")
                .profileArn("arn:aws:rolesanywhere:eu-west-1:111122223333:profile/p")
                .roleArn("arn:aws:iam::111122223333:role/r")
                .region("eu-west-1")
                .endpoint(URI.create("https://ra.example.test"))
                .caBundle(Paths.get("/ca.pem"))
                .fipsEnabled(true)
                .dualstackEnabled(true)
                .sessionDuration(Duration.ofMinutes(30))
                .roleSessionName("boot")
                .build());
    }

    @Test
    void toSignerSpec_carriesEveryKeyProperty_andNeedsTheCertificate() {
        RolesAnywhereProperties properties = new RolesAnywhereProperties();
        assertThatThrownBy(properties::toSignerSpec).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No certificate");
        properties.setCertificate("pkcs11:token=t;object=leaf");
        properties.setPrivateKey("pkcs11:token=t;object=leaf;type=private");
        properties.setIntermediates(Paths.get("/chain.pem"));
        properties.setPkcs11Library("/usr/lib/softhsm/libsofthsm2.so");
        properties.setReusePin(true);

        assertThat(properties.toSignerSpec()).isEqualTo(SignerSpec.builder()
                .certificate("pkcs11:token=t;object=leaf")
                .privateKey("pkcs11:token=t;object=leaf;type=private")
                .intermediates(Paths.get("/chain.pem"))
                .pkcs11Library("/usr/lib/softhsm/libsofthsm2.so")
                .reusePin(true)
                .build());
    }
}
