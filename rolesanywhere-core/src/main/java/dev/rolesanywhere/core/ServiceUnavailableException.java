package dev.rolesanywhere.core;

/**
 * The service had a fault or was unavailable (HTTP 5xx) on every attempt.
 */
public final class ServiceUnavailableException extends RolesAnywhereServiceException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message, String errorType, String serviceMessage, int statusCode, String requestId) {
        super(message, errorType, serviceMessage, statusCode, requestId);
    }

    /** Always retryable: the same request may succeed once the service recovers or the rate drops. */
    @Override
    public boolean retryable() {
        return true;
    }
}
