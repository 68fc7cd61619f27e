package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.testing.TpmFixture;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.LogCapture;
import dev.rolesanywhere.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CKM_ECDSA_SHA256} on a module that implements it: tpm2-pkcs11 over a software TPM (SoftHSM2 2.6 does not).
 * The signer prefers {@code CKM_ECDSA} and moves on to {@code CKM_ECDSA_SHA256} when the token refuses the former at
 * {@code C_SignInit}; the fault module in front of tpm2-pkcs11 makes that refusal, and every signature is then made
 * by the TPM hashing the message itself.
 */
class Pkcs11SignerTpmMechanismTest {
    private static final byte[] DATA = "hashed inside the TPM".getBytes(StandardCharsets.UTF_8);
    private static TpmFixture tpm;
    private static FaultModule faults;

    @BeforeAll
    static void startTpm() {
        tpm = TpmFixture.shared();
        faults = FaultModule.over(tpm.modulePath());
    }

    @BeforeEach
    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private static Pkcs11Signer signerThroughFaults() {
        Pkcs11Uri uri = tpm.ecKey().uri().toBuilder().modulePath(faults.modulePath().toString()).build();
        return Pkcs11Signer.builder().uri(uri).pinCallback(PinCallback.ofValue(tpm.userPin())).build();
    }

    private static boolean verifiesWithTheCertificate(byte[] data, byte[] signature) throws Exception {
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(tpm.ecKey().certificate().getPublicKey());
        jdk.update(data);
        return jdk.verify(signature);
    }

    @Test
    void tpm2Pkcs11_offersCkmEcdsaSha256ForSigning() {
        String mechanisms = tpm.pkcs11Tool("--token-label", tpm.tokenLabel(), "--list-mechanisms");

        assertThat(mechanisms).containsPattern("(?m)^\\s*ECDSA-SHA256, .*\\bsign\\b").contains("ECDSA, ");
    }

    @Test
    void sign_whenTheTokenRefusesCkmEcdsa_signsWithCkmEcdsaSha256_verifiedWithTheCertificatesKey() throws Exception {
        try (LogCapture log = new LogCapture(); Pkcs11Signer signer = signerThroughFaults()) {
            faults.inject("C_SignInit", Ckr.CKR_MECHANISM_INVALID, 1);

            byte[] first = signer.sign(DATA);
            long signInitsForFirst = faults.count("C_SignInit");
            byte[] other = "a second message".getBytes(StandardCharsets.UTF_8);
            byte[] second = signer.sign(other);

            assertThat(verifiesWithTheCertificate(DATA, first)).isTrue();
            assertThat(verifiesWithTheCertificate(other, second)).isTrue();
            // The refused CKM_ECDSA, then CKM_ECDSA_SHA256; the second signature goes straight to the latter.
            assertThat(signInitsForFirst).isEqualTo(2);
            assertThat(faults.count("C_SignInit")).isEqualTo(3);
            assertThat(faults.count("C_Sign")).isEqualTo(2);
            assertThat(log.text()).contains("refused CKM_ECDSA for key")
                    .contains("signing with CKM_ECDSA_SHA256 from now on");
        }
    }

    @Test
    void createSession_signedWithCkmEcdsaSha256_isVerifiedByTheEmulator() {
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder()
                .trustAnchor(TestPki.shared().caCertificate()).build().start();
                CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                        .trustStore(emulator.trustStore()).build();
                Pkcs11Signer signer = signerThroughFaults()) {
            faults.inject("C_SignInit", Ckr.CKR_MECHANISM_INVALID, 1);

            SessionCredentials credentials = client.createSession(CreateSessionRequest.builder().signer(signer)
                    .trustAnchorArn(emulator.trustAnchorArn()).profileArn(emulator.profileArn())
                    .roleArn(emulator.roleArn()).build());

            assertThat(credentials.accessKeyId()).startsWith("ASIA");
            LoggedRequest logged = emulator.requestLog().last().orElseThrow();
            assertThat(logged.statusCode()).isEqualTo(201);
            assertThat(logged.algorithm()).contains("AWS4-X509-ECDSA-SHA256");
            assertThat(faults.count("C_SignInit")).isEqualTo(2);
        }
    }
}
