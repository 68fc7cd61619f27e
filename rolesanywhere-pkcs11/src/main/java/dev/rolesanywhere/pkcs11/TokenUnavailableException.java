package dev.rolesanywhere.pkcs11;

/** The token or device cannot be reached ({@code CKR_DEVICE_REMOVED}, {@code CKR_TOKEN_NOT_PRESENT}, {@code CKR_DEVICE_ERROR} and kin): reinsert or reconnect it. */
public class TokenUnavailableException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public TokenUnavailableException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
