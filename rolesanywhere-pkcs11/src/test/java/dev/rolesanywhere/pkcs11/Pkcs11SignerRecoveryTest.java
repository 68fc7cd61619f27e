package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.pkcs11.testing.WholeProcessSessions;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Token failures injected between the signer and SoftHSM2 by the p11fault module: lost sessions, lost login, device
 * errors, removal and re-insertion, rejected PINs.
 */
class Pkcs11SignerRecoveryTest {
    private static final byte[] DATA = "recover".getBytes(StandardCharsets.UTF_8);

    private static FaultModule faults;
    private static TokenKey key;
    private static TokenKey rsaKey;
    private static TokenKey alwaysAuthenticate;

    @BeforeAll
    static void tokens() {
        key = SoftHsmFixture.shared().createToken().key("recovering").type(TestKeyType.EC_P256).create();
        rsaKey = SoftHsmFixture.shared().createToken().key("recovering-rsa").type(TestKeyType.RSA_2048).create();
        alwaysAuthenticate = SoftHsmFixture.shared().createToken().key("always").alwaysAuthenticate().create();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    void clearFaults() {
        faults.reset();
    }

    @AfterEach
    void endEverySessionAndLogin() {
        // Recovery forgets handles after a session-ending failure (injected here, so the sessions are still open):
        // end them, so that the next test starts from a logged-out token.
        faults.reset();
        for (TokenKey k : new TokenKey[] {key, rsaKey, alwaysAuthenticate}) {
            WholeProcessSessions.closeAll(faults, k.token().slotId());
        }
        faults.reset();
    }

    private static Pkcs11Uri throughFaults(TokenKey k) {
        return Pkcs11Uri.parse(k.uri()).toBuilder().modulePath(faults.modulePath().toString()).build();
    }

    private static Pkcs11Signer signer(TokenKey k, PinCallback pin) {
        return Pkcs11Signer.builder().uri(throughFaults(k)).pinCallback(pin).build();
    }

    private static void assertVerifies(TokenKey k, byte[] signature) {
        assertThat(Signatures.verifiesInJca(k.publicKey(), DATA, signature)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {Ckr.CKR_SESSION_HANDLE_INVALID, Ckr.CKR_SESSION_CLOSED, Ckr.CKR_USER_NOT_LOGGED_IN,
            Ckr.CKR_DEVICE_ERROR, Ckr.CKR_DEVICE_REMOVED, Ckr.CKR_TOKEN_NOT_PRESENT})
    void sign_afterOneRecoverableFailure_reopensAndRetriesOnce(long failure) {
        try (Pkcs11Signer signer = signer(key, PinCallback.ofValue(key.token().userPin()))) {
            assertVerifies(key, signer.sign(DATA));
            long signsBefore = faults.count("C_Sign");
            faults.inject("C_Sign", failure, 1);

            assertVerifies(key, signer.sign(DATA));

            assertThat(faults.count("C_Sign") - signsBefore).isEqualTo(2);
            // The real login survived (only the fault was fake), so recovery spent no PIN entry.
            assertThat(faults.count("C_Login")).isEqualTo(1);
            assertVerifies(key, signer.sign(DATA));
            assertThat(faults.count("C_Login")).isEqualTo(1);
        }
    }

    @Test
    void sign_afterTheApplicationWasReallyLoggedOut_logsInAgainWithTheReusablePin() {
        try (Pkcs11Signer signer = signer(rsaKey, PinCallback.ofValue(rsaKey.token().userPin()))) {
            assertVerifies(rsaKey, signer.sign(DATA));
            assertThat(faults.count("C_Login")).isEqualTo(1);
            WholeProcessSessions.logOut(faults, rsaKey.token().slotId());

            assertVerifies(rsaKey, signer.sign(DATA));

            assertThat(faults.count("C_Login")).isEqualTo(2);
        }
    }

    @Test
    void sign_whenFailureRepeatsOnTheRetry_givesUpWithTheTypedError_andRecoversOnTheNextCall() {
        try (Pkcs11Signer signer = signer(key, PinCallback.ofValue(key.token().userPin()))) {
            faults.inject("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID, 2);

            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(SessionLostException.class)
                    .hasMessageContaining("CKR_SESSION_HANDLE_INVALID");

            assertVerifies(key, signer.sign(DATA));
        }
    }

    @Test
    void sign_whileTokenRemoved_failsClearly_andWorksAgainAfterReinsertion() {
        try (Pkcs11Signer signer = signer(key, PinCallback.ofValue(key.token().userPin()))) {
            assertVerifies(key, signer.sign(DATA));
            faults.tokenRemoved(true);

            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(SigningException.class)
                    .hasMessageContaining("no longer present").hasMessageContaining("Reconnect");

            faults.tokenRemoved(false);
            assertVerifies(key, signer.sign(DATA));
        }
    }

    @Test
    void sign_afterSessionLoss_withPinThatNeedsAPerson_doesNotAskAgain() {
        char[] pin = key.token().userPin();
        PinCallback interactive = new PinCallback() {
            @Override
            public char[] pin() {
                return pin.clone();
            }

            @Override
            public boolean isReusable() {
                return false;
            }
        };
        try (Pkcs11Signer signer = signer(key, interactive)) {
            faults.inject("C_Sign", Ckr.CKR_USER_NOT_LOGGED_IN, 1);

            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(SigningException.class)
                    .hasMessageContaining("needs a PIN from a person");
            assertThat(faults.count("C_Login")).isEqualTo(1);
        }
    }

    @Test
    void build_withWrongPin_callsCLoginExactlyOnce() {
        char[] wrong = "11111111".toCharArray();
        assertThatThrownBy(() -> signer(key, PinCallback.ofValue(wrong)))
                .isInstanceOf(PinIncorrectException.class)
                .hasMessageContaining("CKR_PIN_INCORRECT")
                .hasMessageNotContaining("11111111");
        assertThat(faults.count("C_Login")).isEqualTo(1);
    }

    @Test
    void build_whenTokenSaysPinLocked_callsCLoginOnce_andReportsLocked() {
        faults.inject("C_Login", Ckr.CKR_PIN_LOCKED, 1);
        assertThatThrownBy(() -> signer(key, PinCallback.ofValue(key.token().userPin())))
                .isInstanceOf(PinLockedException.class)
                .hasMessageContaining("security officer");
        assertThat(faults.count("C_Login")).isEqualTo(1);
    }

    @Test
    void sign_whenReloginIsRejected_neverPresentsThatPinAgain() {
        // A token of its own: the fault makes the token "reject" its right PIN, and this JVM remembers that.
        TokenKey own = SoftHsmFixture.shared().createToken().key("rejected-relogin").type(TestKeyType.EC_P256).create();
        try (Pkcs11Signer signer = signer(own, PinCallback.ofValue(own.token().userPin()))) {
            WholeProcessSessions.logOut(faults, own.token().slotId());
            faults.inject("C_Login", Ckr.CKR_PIN_INCORRECT, 1);

            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinIncorrectException.class);
            assertThat(faults.count("C_Login")).isEqualTo(2);

            // Later refreshes fail the same way without touching the token's retry counter.
            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinIncorrectException.class);
            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinIncorrectException.class);
            assertThat(faults.count("C_Login")).isEqualTo(2);
        }
    }

    @Test
    void sign_whenTheContextPinIsRejected_neverPresentsItAgain() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(throughFaults(alwaysAuthenticate))
                .pinCallback(PinCallback.ofValue(alwaysAuthenticate.token().userPin()))
                .contextPinCallback(PinCallback.ofValue("00000000".toCharArray())).build()) {
            long loginsAfterBuild = faults.count("C_Login");

            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinIncorrectException.class);
            assertThat(faults.count("C_Login")).isEqualTo(loginsAfterBuild + 1);

            assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinIncorrectException.class);
            assertThat(faults.count("C_Login")).isEqualTo(loginsAfterBuild + 1);
        }
    }

    @Test
    void close_ofOneSignerLeavesTheSharedLoginToAnotherOnTheSameToken_andTheLastLeavesItToTheProcess() {
        Pkcs11Signer first = signer(key, PinCallback.ofValue(key.token().userPin()));
        Pkcs11Signer second = signer(key, PinCallback.ofValue(key.token().userPin()));
        // The second found the token logged in already: login state belongs to the process.
        assertThat(faults.count("C_Login")).isEqualTo(1);

        first.close();
        assertThat(faults.count("C_Logout")).isZero();
        long signs = faults.count("C_Sign");
        assertVerifies(key, second.sign(DATA));
        assertThat(faults.count("C_Sign") - signs).isEqualTo(1);
        assertThat(faults.count("C_Login")).isEqualTo(1);

        second.close();
        // Another library in the process may rely on the login this library made: only exclusive use logs out.
        assertThat(faults.count("C_Logout")).isZero();
    }

    @Test
    void close_withExclusiveModuleUse_logsOutWhenTheLastSignerRelyingOnOurLoginCloses() {
        Pkcs11Signer first = Pkcs11Signer.builder().uri(throughFaults(rsaKey)).exclusiveModuleUse(true)
                .pinCallback(PinCallback.ofValue(rsaKey.token().userPin())).build();
        Pkcs11Signer second = first.toBuilder().build();
        assertThat(faults.count("C_Login")).isEqualTo(1);

        first.close();
        assertThat(faults.count("C_Logout")).isZero();
        second.close();

        assertThat(faults.count("C_Logout")).isEqualTo(1);
    }

    @Test
    void sign_afterItsSessionWasClosedBehindItsBackWhileNotIdle_failsSignInitOnce_andRecoversWithOneRetry() {
        try (Pkcs11Signer signer = signer(key, PinCallback.ofValue(key.token().userPin()))) {
            assertVerifies(key, signer.sign(DATA));
            // Every session of the process on the token ends (and with them the login), as a removal would do.
            WholeProcessSessions.closeAll(faults, key.token().slotId());
            faults.reset();

            assertVerifies(key, signer.sign(DATA));

            // No health check on a session idle below the threshold: C_SignInit meets the dead session, and the
            // signer reopens, logs in again with the reusable PIN and retries once.
            assertThat(faults.count("C_SignInit")).isEqualTo(2);
            assertThat(faults.count("C_Sign")).isEqualTo(1);
            assertThat(faults.count("C_Login")).isEqualTo(1);
        }
    }

    @Test
    void sign_withAZeroIdleSessionCheckThreshold_checksTheSessionBeforeEverySignature() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(throughFaults(key))
                .pinCallback(PinCallback.ofValue(key.token().userPin())).idleSessionCheckThreshold(Duration.ZERO)
                .build()) {
            signer.sign(DATA);
            faults.reset();
            for (int i = 0; i < 3; i++) {
                assertVerifies(key, signer.sign(DATA));
            }
            assertThat(faults.count("C_GetSessionInfo")).isEqualTo(3);
            assertThat(faults.count("C_SignInit")).isEqualTo(3);
        }
    }

    @Test
    void build_withANegativeIdleSessionCheckThreshold_failsNamingTheSetting() {
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(throughFaults(key))
                .idleSessionCheckThreshold(Duration.ofSeconds(-1)).build())
                .isInstanceOf(dev.rolesanywhere.core.ConfigurationException.class)
                .hasMessageContaining("idleSessionCheckThreshold").hasMessageContaining("Duration.ZERO");
        assertThat(faults.count("C_Initialize")).isZero();
    }

    @Test
    void sign_inSteadyState_costsOneSignInitAndOneSignAndNoHealthCheckNorSearch() {
        try (Pkcs11Signer signer = signer(key, PinCallback.ofValue(key.token().userPin()))) {
            signer.sign(DATA);
            faults.reset();
            for (int i = 0; i < 10; i++) {
                assertVerifies(key, signer.sign(DATA));
            }
            // Sessions idle below the check threshold (5 s) go straight to C_SignInit.
            assertThat(faults.count("C_GetSessionInfo")).isZero();
            assertThat(faults.count("C_SignInit")).isEqualTo(10);
            assertThat(faults.count("C_Sign")).isEqualTo(10);
            assertThat(faults.count("C_FindObjectsInit")).isZero();
            assertThat(faults.count("C_Login")).isZero();
            assertThat(faults.count("C_OpenSession")).isZero();
        }
    }
}
