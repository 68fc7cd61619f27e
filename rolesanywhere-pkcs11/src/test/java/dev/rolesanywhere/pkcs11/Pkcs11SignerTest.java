package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Pkcs11Signer against real SoftHSM2 tokens: every key type, imported and generated keys, PIN handling. */
class Pkcs11SignerTest {
    private static final byte[] STRING_TO_SIGN = ("AWS4-X509-ECDSA-SHA256\n20261129T223000Z\n"
            + "20261129/us-east-1/rolesanywhere/aws4_request\n"
            + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").getBytes(StandardCharsets.UTF_8);

    private static SoftHsmFixture fixture;
    private static final Map<TestKeyType, TokenKey> IMPORTED = new EnumMap<>(TestKeyType.class);
    private static final Map<TestKeyType, TokenKey> GENERATED = new EnumMap<>(TestKeyType.class);
    private static TokenKey privateCertificate;
    private static TokenKey withoutPublicKey;
    private static TokenKey alwaysAuthenticate;

    @BeforeAll
    static void tokens() {
        fixture = SoftHsmFixture.shared();
        SoftHsmToken imported = fixture.createToken();
        SoftHsmToken generated = fixture.createToken();
        for (TestKeyType type : TestKeyType.values()) {
            IMPORTED.put(type, imported.key("imp-" + type).type(type).create());
            // pkcs11-tool 0.23 cannot read back a P-384 public key ("cannot create EVP_PKEY"), which the fixture
            // needs; TokenProvisionerTest covers on-token P-384 generation instead.
            if (type != TestKeyType.EC_P384) {
                GENERATED.put(type, generated.key("gen-" + type).type(type).generatedOnToken().create());
            }
        }
        privateCertificate = fixture.createToken().key("private-cert").privateCertificate().create();
        withoutPublicKey = fixture.createToken().key("no-pub").withoutPublicKey().create();
        alwaysAuthenticate = fixture.createToken().key("always").alwaysAuthenticate().create();
    }

    private static Pkcs11Signer signer(TokenKey key) {
        return Pkcs11Signer.builder().uri(key.uri()).pinCallback(PinCallback.ofValue(key.token().userPin())).build();
    }

    private static void assertSignsVerifiably(Pkcs11Signer signer, TokenKey key) {
        byte[] signature = signer.sign(STRING_TO_SIGN);
        assertThat(Signatures.verifiesInJca(key.publicKey(), STRING_TO_SIGN, signature)).isTrue();
        assertThat(Signatures.verifiesWithOpenssl(key.publicKey(), STRING_TO_SIGN, signature,
                fixture.workDirectory())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestKeyType.class)
    void sign_withImportedKey_verifiesWithTheCertificateKeyInOpenssl(TestKeyType type) {
        TokenKey key = IMPORTED.get(type);
        try (Pkcs11Signer signer = signer(key)) {
            assertThat(signer.certificate()).isEqualTo(key.certificate().get());
            assertThat(signer.algorithm()).isEqualTo(type.isRsa() ? SigningAlgorithm.RSA_SHA256
                    : SigningAlgorithm.ECDSA_SHA256);
            assertSignsVerifiably(signer, key);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestKeyType.class, names = {"RSA_2048", "RSA_3072", "EC_P256"})
    void sign_withKeyGeneratedOnToken_verifiesWithOpenssl(TestKeyType type) {
        TokenKey key = GENERATED.get(type);
        try (Pkcs11Signer signer = signer(key)) {
            assertSignsVerifiably(signer, key);
        }
    }

    @Test
    void sign_rsaIsDeterministic_andEqualsJcaSignatureWithTheSameKey() throws Exception {
        TokenKey key = IMPORTED.get(TestKeyType.RSA_2048);
        java.security.Signature jca = java.security.Signature.getInstance("SHA256withRSA");
        jca.initSign(key.jvmPrivateKey().get());
        jca.update(STRING_TO_SIGN);
        byte[] expected = jca.sign();
        try (Pkcs11Signer signer = signer(key)) {
            assertThat(signer.sign(STRING_TO_SIGN)).isEqualTo(expected);
        }
    }

    @Test
    void build_whenUriNamesOnlyTheToken_findsItsSingleCertificate() {
        TokenKey key = withoutPublicKey;
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(key.token().uri())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
            assertSignsVerifiably(signer, key);
        }
    }

    @Test
    void build_whenCertificateIsPrivateObject_logsInAndFindsIt() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(privateCertificate.token().uri())
                .pinCallback(PinCallback.ofValue(privateCertificate.token().userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(privateCertificate.certificate().get());
            assertSignsVerifiably(signer, privateCertificate);
        }
    }

    @Test
    void build_whenCertificateIsPrivateAndNoPin_explainsThatAPinMayBeNeeded() {
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(privateCertificate.token().uri()).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("No X.509 certificate")
                .hasMessageContaining("configure a PIN");
    }

    @Test
    void build_whenNoPublicKeyObjectToCompare_confirmsKeyWithTestSignature() {
        try (Pkcs11Signer signer = signer(withoutPublicKey)) {
            assertSignsVerifiably(signer, withoutPublicKey);
        }
    }

    @Test
    void sign_withAlwaysAuthenticateKeyAndReusePin_logsInForEachSignature() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(alwaysAuthenticate.uri())
                .pinCallback(PinCallback.ofValue(alwaysAuthenticate.token().userPin())).reusePin(true).build()) {
            assertSignsVerifiably(signer, alwaysAuthenticate);
            assertSignsVerifiably(signer, alwaysAuthenticate);
        }
    }

    @Test
    void sign_withAlwaysAuthenticateKeyAndContextPinCallback_usesIt() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        char[] pin = alwaysAuthenticate.token().userPin();
        PinCallback context = () -> {
            asked.incrementAndGet();
            return pin.clone();
        };
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(alwaysAuthenticate.uri())
                .pinCallback(PinCallback.ofValue(alwaysAuthenticate.token().userPin()))
                .contextPinCallback(context).build()) {
            assertSignsVerifiably(signer, alwaysAuthenticate);
            assertSignsVerifiably(signer, alwaysAuthenticate);
        }
        assertThat(asked).hasValue(2);
    }

    @Test
    void build_withAlwaysAuthenticateKeyButNoContextPin_failsNamingBothFixes() {
        assertThatThrownBy(() -> signer(alwaysAuthenticate))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CKA_ALWAYS_AUTHENTICATE")
                .hasMessageContaining("contextPinCallback")
                .hasMessageContaining("reusePin(true)");
    }

    @Test
    void build_withWrongPin_throwsPinIncorrect_withoutThePinInTheMessage() {
        TokenKey key = IMPORTED.get(TestKeyType.EC_P256);
        char[] wrong = "99999999".toCharArray();
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(key.uri()).pinCallback(PinCallback.ofValue(wrong))
                .build())
                .isInstanceOf(PinIncorrectException.class)
                .hasMessageNotContaining("99999999");
        // One wrong attempt must not have locked anything: the right PIN still works afterwards.
        try (Pkcs11Signer signer = signer(key)) {
            assertSignsVerifiably(signer, key);
        }
    }

    @Test
    void build_withPinFromUriPinSource_works() {
        TokenKey key = IMPORTED.get(TestKeyType.EC_P384);
        Pkcs11Uri uri = Pkcs11Uri.parse(key.uri()).toBuilder().pinSource(key.token().writePinFile().toString()).build();
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri).build()) {
            assertSignsVerifiably(signer, key);
        }
    }

    @Test
    void build_whenNoTokenMatches_listsTheTokensPresent() {
        TokenKey key = IMPORTED.get(TestKeyType.EC_P256);
        Pkcs11Uri uri = Pkcs11Uri.parse(key.uri()).toBuilder().token("no-such-token").build();
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(uri).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("No token")
                .hasMessageContaining("token=" + key.token().label());
    }

    @Test
    void build_withoutUri_failsWithConfigurationException() {
        assertThatThrownBy(() -> Pkcs11Signer.builder().build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("pkcs11: URI");
    }

    @Test
    void sign_afterClose_failsClearly() {
        Pkcs11Signer signer = signer(IMPORTED.get(TestKeyType.EC_P256));
        signer.close();
        signer.close();
        assertThatThrownBy(() -> signer.sign(STRING_TO_SIGN))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void toString_showsTheKeyButNeverThePin() {
        TokenKey key = IMPORTED.get(TestKeyType.EC_P256);
        char[] pin = key.token().userPin();
        Pkcs11Uri uri = Pkcs11Uri.parse(key.uri()).toBuilder().pinValue(pin).build();
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri).build()) {
            assertThat(signer.toString()).contains(key.label()).doesNotContain(new String(pin));
        }
    }
}
