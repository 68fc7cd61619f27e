package dev.rolesanywhere.pkcs11;

/** The token rejected a PIN. Never retried automatically: each wrong attempt counts toward locking the token. */
public class Pkcs11PinException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public Pkcs11PinException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
