package dev.rolesanywhere.pkcs11;

/** {@code CKR_PIN_EXPIRED}: the PIN must be changed (with the token's own tools) before it can be used. */
public class PinExpiredException extends Pkcs11PinException {
    private static final long serialVersionUID = 1L;

    public PinExpiredException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
