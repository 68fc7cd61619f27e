package dev.rolesanywhere.pkcs11;

/** {@code CKR_PIN_LOCKED}: too many wrong PINs; the security officer must unblock or reset the user PIN. */
public class PinLockedException extends Pkcs11PinException {
    private static final long serialVersionUID = 1L;

    public PinLockedException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
