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

    /**
     * Whether the same request may succeed if sent again later (throttling, a server fault, an unreachable endpoint);
     * named as the AWS SDK names it ({@code SdkException.retryable()}). False here: configuration and key errors need
     * a fix first.
     */
    public boolean retryable() {
        return false;
    }
}
