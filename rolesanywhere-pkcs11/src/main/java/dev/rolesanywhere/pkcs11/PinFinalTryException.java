package dev.rolesanywhere.pkcs11;

/**
 * The token reports {@code CKF_USER_PIN_FINAL_TRY}: one more wrong PIN locks it. The library refuses to spend that last
 * attempt on its own, since a stale configured PIN would then lock the token for good; nothing was sent to the token.
 */
public class PinFinalTryException extends Pkcs11PinException {
    private static final long serialVersionUID = 1L;

    /** {@code function} is the call that reported the flag (normally {@code C_GetTokenInfo}), which returned OK. */
    public PinFinalTryException(String function, String message) {
        super(function, 0L, "CKR_OK", message);
    }
}
