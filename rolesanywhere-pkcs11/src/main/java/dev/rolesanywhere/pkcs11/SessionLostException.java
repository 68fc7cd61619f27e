package dev.rolesanywhere.pkcs11;

/** The session is gone or no longer logged in ({@code CKR_SESSION_HANDLE_INVALID}, {@code CKR_SESSION_CLOSED}, {@code CKR_USER_NOT_LOGGED_IN}): open a new session and log in again. */
public class SessionLostException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public SessionLostException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
