package dev.rolesanywhere.core;

/**
 * The CreateSession request could not be delivered or its answer could not be read (connection refused, TLS failure,
 * timeout, unreadable response), on every attempt. The cause is the last failure.
 */
public final class CreateSessionIoException extends RolesAnywhereException {
    private static final long serialVersionUID = 1L;

    private final int attempts;

    public CreateSessionIoException(String message, int attempts, Throwable cause) {
        super(message, cause);
        this.attempts = attempts;
    }

    /** Always: the endpoint may be reachable, and its answer readable, later. */
    @Override
    public boolean retryable() {
        return true;
    }

    /** How many attempts were made before giving up. */
    public int attempts() {
        return attempts;
    }
}
