package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mechanism is chosen per key: key policies ({@code CKA_ALLOWED_MECHANISMS}, which SoftHSM2 enforces at
 * {@code C_SignInit}) and policies a token only reveals by refusing {@code C_SignInit}.
 */
class Pkcs11SignerMechanismTest {
    private static final byte[] DATA = "which mechanism".getBytes(StandardCharsets.UTF_8);

    private static TokenKey rawRsaOnly;
    private static TokenKey ecdsaOnly;
    private static TokenKey ecdsaSha256Only;
    private static TokenKey unrestrictedRsa;
    private static FaultModule faults;

    @BeforeAll
    static void tokens() {
        SoftHsmFixture fixture = SoftHsmFixture.shared();
        rawRsaOnly = fixture.createToken().key("raw-rsa-only").type(TestKeyType.RSA_2048)
                .allowedMechanisms("RSA-PKCS").create();
        ecdsaOnly = fixture.createToken().key("ecdsa-only").type(TestKeyType.EC_P256)
                .allowedMechanisms("ECDSA").create();
        ecdsaSha256Only = fixture.createToken().key("ecdsa-sha256-only").type(TestKeyType.EC_P256)
                .allowedMechanisms("ECDSA-SHA256").create();
        unrestrictedRsa = fixture.createToken().key("refused-later").type(TestKeyType.RSA_2048).create();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private static Pkcs11Signer signer(TokenKey key) {
        return Pkcs11Signer.builder().uri(key.uri()).pinCallback(PinCallback.ofValue(key.token().userPin())).build();
    }

    @Test
    void sign_withKeyAllowedOnlyRawRsa_signsThroughRsaPkcsWithALocalDigestInfo() throws Exception {
        try (Pkcs11Signer signer = signer(rawRsaOnly)) {
            byte[] signature = signer.sign(DATA);

            Signature jca = Signature.getInstance("SHA256withRSA");
            jca.initSign(rawRsaOnly.jvmPrivateKey().get());
            jca.update(DATA);
            assertThat(signature).isEqualTo(jca.sign());
        }
    }

    @Test
    void sign_withKeyAllowedOnlyEcdsa_signsVerifiably() {
        try (Pkcs11Signer signer = signer(ecdsaOnly)) {
            assertThat(Signatures.verifiesInJca(ecdsaOnly.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void build_withKeyAllowedOnlyAMechanismTheTokenLacks_failsNamingThePolicy() {
        // SoftHSM2 2.6 has no CKM_ECDSA_SHA256: the key can never sign here, which build() says at once.
        assertThatThrownBy(() -> signer(ecdsaSha256Only).close())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("ecdsa-sha256-only")
                .hasMessageContaining("allows only CKM_ECDSA_SHA256")
                .hasMessageContaining("CKA_ALLOWED_MECHANISMS");
    }

    @Test
    void sign_whenSignInitRefusesTheTokensHashingMechanism_fallsBackToRawRsa() {
        Pkcs11Uri uri = Pkcs11Uri.parse(unrestrictedRsa.uri()).toBuilder().modulePath(faults.modulePath().toString()).build();
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri)
                .pinCallback(PinCallback.ofValue(unrestrictedRsa.token().userPin())).build()) {
            faults.inject("C_SignInit", Ckr.CKR_MECHANISM_INVALID, 1);

            byte[] first = signer.sign(DATA);
            long signInitsForFirst = faults.count("C_SignInit");
            byte[] second = signer.sign(DATA);

            assertThat(Signatures.verifiesInJca(unrestrictedRsa.publicKey(), DATA, first)).isTrue();
            assertThat(second).isEqualTo(first);
            assertThat(signInitsForFirst).isEqualTo(2);
            assertThat(faults.count("C_SignInit")).isEqualTo(3);
        }
    }
}
