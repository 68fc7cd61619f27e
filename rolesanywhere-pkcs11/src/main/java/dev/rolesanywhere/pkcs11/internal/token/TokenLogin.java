package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.PinFinalTryException;
import dev.rolesanywhere.pkcs11.PinLockedException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11PinException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ReturnValues;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.util.Arrays;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules for presenting a PIN to one token: look at the retry flags first, send a PIN at most once, wipe it.
 *
 * <p>A wrong PIN is never retried: each attempt moves the token toward locking, and a library that retries a stale
 * configured PIN locks smart cards in minutes. So a PIN the token rejected is remembered per physical token
 * ({@link LoginState}, shared by every signer in the JVM, and optionally a {@link RejectedPinMarker} shared with later
 * processes) and is not presented again until the PIN source returns a different one. For the same reason the last
 * try is never spent without a person.
 */
public final class TokenLogin {
    private static final Logger LOG = LoggerFactory.getLogger(TokenLogin.class);

    private final Cryptoki cryptoki;
    private final LoginState state;
    /** Null unless the caller opted in to remembering rejected PINs across processes. */
    private final RejectedPinMarker marker;
    private final String tokenName;

    TokenLogin(Cryptoki cryptoki, LoginState state, RejectedPinMarker marker, String tokenName) {
        this.cryptoki = cryptoki;
        this.state = state;
        this.marker = marker;
        this.tokenName = tokenName;
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
                    + "Verify the PIN by hand (e.g. pkcs11-tool --login --test): a successful login resets the "
                    + "counter, and the next login that needs the configured PIN presents it");
        }
        if (info.userPinCountLow()) {
            LOG.warn("The token reports that wrong PINs were entered for {}; few attempts remain before it locks. "
                    + "Check the configured PIN", tokenName);
        }
    }

    /**
     * One {@code C_Login} with the PIN {@code pin} supplies, unless this token already rejected that very PIN from a
     * source that hands it out without a person ({@link PinCallback#isReusable()}).
     * {@code CKR_USER_ALREADY_LOGGED_IN} counts as success: another part of this process logged in to the token, and
     * login state is shared per application.
     *
     * @param pin null for a protected authentication path (PIN pad); otherwise supplies a PIN that is wiped here
     * @return true when this call made the login ({@code CKR_OK}); false when the application was logged in already
     * @throws Pkcs11PinException when the token rejects the PIN, or rejected the same PIN before (then nothing is sent)
     */
    boolean login(long session, long userType, PinCallback pin) {
        if (pin == null) {
            return loginWith(session, userType, null);
        }
        char[] value = pin.pin();
        if (value == null) {
            throw new KeySourceException("The PIN source for " + tokenName + " returned no PIN. Check the PIN "
                    + "callback, file or variable");
        }
        // Markers are for the user login, which short-lived processes repeat; not read per signature.
        RejectedPinMarker file = userType == Cku.CKU_USER ? marker : null;
        try {
            // A person answering a prompt decides afresh (a card with a separate signature PIN is asked this way after
            // it rejected the reused user PIN); what is refused is a source repeating a rejected PIN on its own.
            if (pin.isReusable()) {
                refuseIfRejectedBefore(userType, value, file);
            }
            boolean made;
            try {
                made = loginWith(session, userType, value);
            } catch (Pkcs11PinException e) {
                if (isWrongPin(e.returnValue())) {
                    state.rejected(userType, new LoginState.Rejection(PinFingerprint.of(value), e.returnValue()));
                    if (file != null) {
                        file.record(value, e.returnValue());
                    }
                }
                throw e;
            }
            // Only a login the token verified clears a rejection: "already logged in" says nothing about this PIN.
            if (made && state.rejection(userType) != null) {
                state.accepted(userType);
            }
            if (made && file != null) {
                file.clear();
            }
            return made;
        } finally {
            Arrays.fill(value, '\0');
        }
    }

    /**
     * Return values that condemn the PIN itself. Not {@code CKR_PIN_LOCKED} (the flags check refuses a locked token
     * before any PIN, and the same correct PIN must work once the officer unblocks it) nor {@code CKR_PIN_EXPIRED}
     * (the PIN was right).
     */
    private static boolean isWrongPin(long rv) {
        return rv == Ckr.CKR_PIN_INCORRECT || rv == Ckr.CKR_PIN_INVALID || rv == Ckr.CKR_PIN_LEN_RANGE;
    }

    private boolean loginWith(long session, long userType, char[] value) {
        try {
            cryptoki.login(session, userType, value);
            return true;
        } catch (Pkcs11Exception e) {
            if (e.returnValue() != Ckr.CKR_USER_ALREADY_LOGGED_IN) {
                throw e;
            }
            return false;
        }
    }

    private void refuseIfRejectedBefore(long userType, char[] value, RejectedPinMarker file) {
        LoginState.Rejection inJvm = state.rejection(userType);
        if (inJvm != null && inJvm.pin.matches(value)) {
            throw rejectedBefore(inJvm.returnValue, "in this process");
        }
        if (file != null) {
            OptionalLong recorded = file.rejectionOf(value);
            if (recorded.isPresent()) {
                throw rejectedBefore(recorded.getAsLong(), "as recorded in " + file.file());
            }
        }
    }

    private Pkcs11Exception rejectedBefore(long rv, String where) {
        return ReturnValues.exception("C_Login", rv, "earlier, by " + tokenName + " (" + where + "). The PIN source "
                + "still returns that PIN, so it was not presented again and the token's retry counter is untouched; "
                + "the next attempt after the PIN is corrected presents the new one");
    }
}
