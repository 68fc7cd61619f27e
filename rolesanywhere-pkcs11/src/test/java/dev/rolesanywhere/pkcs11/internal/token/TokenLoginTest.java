package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.pkcs11.PinFinalTryException;
import dev.rolesanywhere.pkcs11.PinLockedException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ck;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckf;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import dev.rolesanywhere.pkcs11.internal.ffi.Version;
import org.junit.jupiter.api.Test;

/** The decisions taken from CK_TOKEN_INFO before any PIN is sent, and the session bound derived from it. */
class TokenLoginTest {
    private static final long BASE = Ckf.CKF_LOGIN_REQUIRED | Ckf.CKF_TOKEN_INITIALIZED | Ckf.CKF_USER_PIN_INITIALIZED;

    private static TokenInfo info(long flags, long maxSessions, String manufacturer, String model) {
        return new TokenInfo("card", manufacturer, model, "0001", flags, maxSessions, 0, maxSessions, 0, 8, 4,
                new Version(1, 0), new Version(1, 0), "");
    }

    private static TokenInfo info(long flags) {
        return info(flags, Ck.CK_EFFECTIVELY_INFINITE, "Vendor", "Card");
    }

    @Test
    void checkRetryFlags_whenLocked_refusesBeforeAnyLogin_namingTheFix() {
        assertThatThrownBy(() -> TokenLogin.checkRetryFlags(info(BASE | Ckf.CKF_USER_PIN_LOCKED), "token 'card'"))
                .isInstanceOf(PinLockedException.class)
                .hasMessageContaining("token 'card'")
                .hasMessageContaining("no login was attempted")
                .hasMessageContaining("security officer");
    }

    @Test
    void checkRetryFlags_whenFinalTry_refusesToSpendTheLastAttempt() {
        assertThatThrownBy(() -> TokenLogin.checkRetryFlags(info(BASE | Ckf.CKF_USER_PIN_FINAL_TRY), "token 'card'"))
                .isInstanceOf(PinFinalTryException.class)
                .hasMessageContaining("one more wrong PIN locks")
                .hasMessageContaining("no login was attempted");
    }

    @Test
    void checkRetryFlags_whenCountLowOrClean_allowsTheLogin() {
        assertThatCode(() -> TokenLogin.checkRetryFlags(info(BASE | Ckf.CKF_USER_PIN_COUNT_LOW), "t"))
                .doesNotThrowAnyException();
        assertThatCode(() -> TokenLogin.checkRetryFlags(info(BASE), "t")).doesNotThrowAnyException();
    }

    @Test
    void checkRetryFlags_lockedWinsOverFinalTry() {
        assertThatThrownBy(() -> TokenLogin.checkRetryFlags(
                info(BASE | Ckf.CKF_USER_PIN_LOCKED | Ckf.CKF_USER_PIN_FINAL_TRY), "t"))
                .isInstanceOf(PinLockedException.class);
    }

    @Test
    void capacity_isTheSmallerOfTokenLimitAndCallerLimit() {
        assertThat(Token.capacity(info(BASE, 3, "Vendor", "Card"), 10)).isEqualTo(3);
        assertThat(Token.capacity(info(BASE, 30, "Vendor", "Card"), 10)).isEqualTo(10);
        assertThat(Token.capacity(info(BASE, Ck.CK_EFFECTIVELY_INFINITE, "Vendor", "Card"), null))
                .isEqualTo(Token.DEFAULT_MAX_SESSIONS);
        assertThat(Token.capacity(info(BASE, Ck.CK_UNAVAILABLE_INFORMATION, "Vendor", "Card"), 2)).isEqualTo(2);
    }

    @Test
    void capacity_onTpmTokens_isBoundLikeAnyOther_softwareOrHardware() {
        // tpm2-pkcs11 signs correctly on concurrent sessions (Pkcs11SignerTpmTest); only opening them is serialised.
        assertThat(Token.capacity(info(BASE, 1024, "IBM", "SW   TPM"), 8)).isEqualTo(8);
        assertThat(Token.capacity(info(BASE, 1024, "IFX", "SLB9670"), 8)).isEqualTo(8);
    }
}
