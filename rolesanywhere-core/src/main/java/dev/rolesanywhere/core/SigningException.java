package dev.rolesanywhere.core;

/** A signer could not produce a signature (key unusable, token failure). */
public class SigningException extends RolesAnywhereException {
    private static final long serialVersionUID = 1L;

    public SigningException(String message) {
        super(message);
    }

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
