package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.PinFinalTryException;
import dev.rolesanywhere.pkcs11.PinLockedException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for presenting a PIN to a token: look at the retry flags first, send the PIN exactly once, wipe it.
 *
 * <p>A wrong PIN is never retried: each attempt moves the token toward locking, and a library that retries a stale
 * configured PIN locks smart cards in minutes. For the same reason the last try is never spent without a person.
 */
public final class TokenLogin {
    private static final Logger LOG = LoggerFactory.getLogger(TokenLogin.class);

    private TokenLogin() {
    }

    /**
     * Refuses to log in when the user PIN is locked or one wrong attempt away from it; warns when the count is low.
     *
     * @throws PinLockedException when {@code CKF_USER_PIN_LOCKED} is set
     * @throws PinFinalTryException when {@code CKF_USER_PIN_FINAL_TRY} is set
     */
    public static void checkRetryFlags(TokenInfo info, String tokenName) {
        if (info.userPinLocked()) {
            throw new PinLockedException("C_GetTokenInfo", Ckr.CKR_PIN_LOCKED, "CKR_PIN_LOCKED", "The user PIN of "
                    + tokenName + " is locked after too many wrong attempts; no login was attempted. Ask the token's "
                    + "security officer to unblock or reset it with the vendor's tool, then update the configured PIN");
        }
        if (info.userPinFinalTry()) {
            throw new PinFinalTryException("C_GetTokenInfo", "The token reports that one more wrong PIN locks "
                    + tokenName + "; no login was attempted, so the configured PIN is not gambled on the last try. "
                    + "Verify the PIN by hand (e.g. pkcs11-tool --login --test) and then retry; a successful login "
                    + "resets the counter");
        }
        if (info.userPinCountLow()) {
            LOG.warn("The token reports that wrong PINs were entered for {}; few attempts remain before it locks. "
                    + "Check the configured PIN", tokenName);
        }
    }

    /**
     * One {@code C_Login}. Treats {@code CKR_USER_ALREADY_LOGGED_IN} as success: another part of this process logged
     * in to the same token, and login state is shared per application.
     *
     * @param pin null for a protected authentication path (PIN pad); otherwise supplies a PIN that is wiped here
     */
    public static void login(Cryptoki cryptoki, long session, long userType, PinCallback pin, String tokenName) {
        char[] value = null;
        try {
            if (pin != null) {
                value = pin.pin();
                if (value == null) {
                    throw new KeySourceException("The PIN source for " + tokenName + " returned no PIN. Check the "
                            + "PIN callback, file or variable");
                }
            }
            cryptoki.login(session, userType, value);
        } catch (dev.rolesanywhere.pkcs11.Pkcs11Exception e) {
            if (e.returnValue() != Ckr.CKR_USER_ALREADY_LOGGED_IN) {
                throw e;
            }
        } finally {
            if (value != null) {
                Arrays.fill(value, '\0');
            }
        }
    }
}
