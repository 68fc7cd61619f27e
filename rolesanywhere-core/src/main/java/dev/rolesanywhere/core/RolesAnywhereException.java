package dev.rolesanywhere.core;

/**
 * Base of every exception this library throws. Unchecked. Messages name what failed and how to fix it, and never
 * contain a PIN, a private key, a secret access key or a session token.
 */
public class RolesAnywhereException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RolesAnywhereException(String message) {
        super(message);
    }

    public RolesAnywhereException(String message, Throwable cause) {
        super(message, cause);
    }
}
