package dev.rolesanywhere.core;

/**
 * An encrypted private key or PKCS#12 file was found and no password was given. A program with a person at hand (the
 * command line at a terminal) may ask for it and try again; everything else reports it.
 */
public final class PasswordRequiredException extends KeySourceException {
    private static final long serialVersionUID = 1L;

    public PasswordRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
