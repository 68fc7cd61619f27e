package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
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

/** What other modules do differently from SoftHSM2, imitated by the p11fault module in front of it. */
class Pkcs11SignerModuleQuirksTest {
    private static final byte[] DATA = "quirks".getBytes(StandardCharsets.UTF_8);

    private static FaultModule faults;
    private static TokenKey ecKey;
    private static TokenKey rsaKey;

    @BeforeAll
    static void tokens() {
        ecKey = SoftHsmFixture.shared().createToken().key("quirky-ec").type(TestKeyType.EC_P256).create();
        rsaKey = SoftHsmFixture.shared().createToken().key("quirky-rsa").type(TestKeyType.RSA_2048).create();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private static Pkcs11Signer signer(TokenKey key) {
        return Pkcs11Signer.builder().uri(Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(faults.modulePath().toString()).build())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build();
    }

    @Test
    void build_whenTheModuleReportsLengthZeroForAnAttributeItLacks_treatsItAsAbsent() {
        // Old tpm2-pkcs11 and corePKCS11 answer CKR_OK with ulValueLen 0 for CKA_ALWAYS_AUTHENTICATE.
        faults.reportZeroLength(Cka.CKA_ALWAYS_AUTHENTICATE);
        faults.reportZeroLength(Cka.CKA_ALLOWED_MECHANISMS);

        try (Pkcs11Signer signer = signer(ecKey)) {
            assertThat(Signatures.verifiesInJca(ecKey.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
        assertThat(faults.count("C_GetAttributeValue")).isPositive();
    }

    @Test
    void sign_whenTheModuleDropsLeadingZeroBytes_returnsASignatureAsLongAsTheModulus() throws Exception {
        byte[] message = messageWhoseSignatureStartsWithZero(rsaKey);
        faults.stripLeadingZerosFromSignatures(true);

        try (Pkcs11Signer signer = signer(rsaKey)) {
            byte[] signature = signer.sign(message);

            assertThat(signature).hasSize(256);
            assertThat(signature[0]).isZero();
            assertThat(Signatures.verifiesInJca(rsaKey.publicKey(), message, signature)).isTrue();
        }
    }

    /** RSA PKCS#1 v1.5 is deterministic: about one message in 256 gives a signature with a leading zero byte. */
    private static byte[] messageWhoseSignatureStartsWithZero(TokenKey key) throws Exception {
        Signature jca = Signature.getInstance("SHA256withRSA");
        for (int i = 0; i < 100_000; i++) {
            byte[] message = ("leading zero? " + i).getBytes(StandardCharsets.UTF_8);
            jca.initSign(key.jvmPrivateKey().get());
            jca.update(message);
            if (jca.sign()[0] == 0) {
                return message;
            }
        }
        throw new AssertionError("No signature with a leading zero byte in 100000 messages");
    }
}
