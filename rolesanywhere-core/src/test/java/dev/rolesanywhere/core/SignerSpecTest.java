package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class SignerSpecTest {

    @Test
    void build_withoutCertificate_namesTheMissingSettingAndItsForms() {
        assertThatThrownBy(() -> SignerSpec.builder().privateKey("/keys/leaf.key").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("No certificate")
                .hasMessageContaining("pkcs11:");
    }

    @Test
    void build_withBlankPrivateKey_isRejected() {
        assertThatThrownBy(() -> SignerSpec.builder().certificate("/c.pem").privateKey("  ").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("private key location is blank");
    }

    @Test
    void pkcs8Password_isCopiedInAndOut() {
        char[] password = "s3cret".toCharArray();
        SignerSpec spec = SignerSpec.builder().certificate("/c.pem").pkcs8Password(password).build();
        password[0] = 'X';

        char[] first = spec.pkcs8Password().get();
        assertThat(first).containsExactly('s', '3', 'c', 'r', 'e', 't');
        first[0] = 'Y';
        assertThat(spec.pkcs8Password().get()[0]).isEqualTo('s');
    }

    @Test
    void toString_hidesPasswordAndUriPin() {
        SignerSpec spec = SignerSpec.builder()
                .certificate("pkcs11:token=prod;object=leaf;pin-value=123456")
                .privateKey("pkcs11:token=prod;object=leaf?pin-value=654321&module-path=/lib/x.so")
                .pkcs8Password("hunter2".toCharArray())
                .pinCallback(() -> "0000".toCharArray())
                .build();

        String text = spec.toString();
        assertThat(text).doesNotContain("123456", "654321", "hunter2", "0000");
        assertThat(text).contains("token=prod", "pin-value=***", "module-path=/lib/x.so");
    }

    @Test
    void usesPkcs11_recognisesTheSchemeInEitherLocationWhateverItsCase() {
        assertThat(SignerSpec.builder().certificate("PKCS11:object=a").build().usesPkcs11()).isTrue();
        assertThat(SignerSpec.builder().certificate("/c.pem").privateKey("pkcs11:object=a").build().usesPkcs11())
                .isTrue();
        assertThat(SignerSpec.builder().certificate("/pkcs11:/c.pem").build().usesPkcs11()).isFalse();
    }

    @Test
    void usesPkcs11_recognisesTheSchemeAfterLeadingBlanks() {
        assertThat(SignerSpec.builder().certificate(" pkcs11:object=a").build().usesPkcs11()).isTrue();
        assertThat(SignerSpec.builder().certificate("/c.pem").privateKey("\tPkcs11:object=a").build().usesPkcs11())
                .isTrue();
        assertThat(SignerSpec.isPkcs11Uri("file:pkcs11:object=a")).isFalse();
        assertThat(SignerSpec.isPkcs11Uri(null)).isFalse();
    }

    @Test
    void redact_blanksThePinWhereverAndHoweverTheLocationSpellsIt() {
        String[] disguised = {
            " pkcs11:token=prod;pin-value=482915;object=leaf",
            "file:pkcs11:token=prod;pin-value=482915",
            "PKCS11:token=prod;PIN-VALUE=482915",
            "pkcs11:token=prod;Pin-Value = 482915",
            "pkcs11:token=prod?module-name=x&pin-value=482915&module-path=/lib/x.so",
            "pkcs11:token=prod?pin-value=48?2915",
            "/etc/keys/pin-value=482915/leaf.pem",
            "pkcs11:pin-value=482915;pin-value=482915",
        };
        for (String location : disguised) {
            assertThat(SignerSpec.redact(location)).as(location).doesNotContain("482915").doesNotContain("2915")
                    .containsIgnoringCase("pin-value");
        }
    }

    @Test
    void redact_keepsWhatFollowsTheValue_andLeavesOtherTextAlone() {
        assertThat(SignerSpec.redact("pkcs11:token=prod;pin-value=4829;object=leaf?module-path=/lib/x.so"))
                .isEqualTo("pkcs11:token=prod;pin-value=***;object=leaf?module-path=/lib/x.so");
        assertThat(SignerSpec.redact("pkcs11:token=prod?pin-value=48;29&module-path=/lib/x.so"))
                .isEqualTo("pkcs11:token=prod?pin-value=***&module-path=/lib/x.so");
        assertThat(SignerSpec.redact("/etc/pki/leaf.pem")).isEqualTo("/etc/pki/leaf.pem");
        assertThat(SignerSpec.redact("pkcs11:token=prod;pin-source=file:/etc/pin")).contains("pin-source=file:/etc/pin");
        assertThat(SignerSpec.redact(null)).isNull();
    }

    @Test
    void toBuilder_roundTripsEveryValue() {
        PinCallback pins = () -> "1".toCharArray();
        PinCallback contextPins = () -> "2".toCharArray();
        SignerSpec spec = SignerSpec.builder()
                .certificate("/c.pem")
                .privateKey("/k.pem")
                .intermediates(Paths.get("/chain.pem"))
                .pkcs8Password("pw".toCharArray())
                .pkcs11Library("/usr/lib/softhsm/libsofthsm2.so")
                .reusePin(true)
                .pinCallback(pins)
                .contextPinCallback(contextPins)
                .build();

        SignerSpec copy = spec.toBuilder().build();

        assertThat(copy).isEqualTo(spec).isNotSameAs(spec);
        assertThat(copy.hashCode()).isEqualTo(spec.hashCode());
        assertThat(copy.reusePin()).isTrue();
        assertThat(copy.pinCallback()).containsSame(pins);
        assertThat(copy.contextPinCallback()).containsSame(contextPins);
        assertThat(spec.toBuilder().contextPinCallback(null).build()).isNotEqualTo(spec);
        assertThat(spec.toBuilder().pkcs8Password("other".toCharArray()).build()).isNotEqualTo(spec);
    }
}
