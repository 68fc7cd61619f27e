package dev.rolesanywhere.pkcs11;

/** {@code CKR_PIN_INCORRECT}: the PIN is wrong. The token's retry counter has moved one step toward locking. */
public class PinIncorrectException extends Pkcs11PinException {
    private static final long serialVersionUID = 1L;

    public PinIncorrectException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
