package dev.rolesanywhere.pkcs11;

/** {@code CKR_PIN_LEN_RANGE}: the PIN is shorter or longer than the token accepts. */
public class PinLengthException extends Pkcs11PinException {
    private static final long serialVersionUID = 1L;

    public PinLengthException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
