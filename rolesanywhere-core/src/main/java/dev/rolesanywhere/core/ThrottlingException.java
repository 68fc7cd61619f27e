package dev.rolesanywhere.core;

/**
 * The service throttled the request (HTTP 429). CreateSession allows only a few requests per second per account and region: cache the credentials and share them across threads.
 */
public final class ThrottlingException extends RolesAnywhereServiceException {
    private static final long serialVersionUID = 1L;

    public ThrottlingException(String message, String errorType, String serviceMessage, int statusCode, String requestId) {
        super(message, errorType, serviceMessage, statusCode, requestId);
    }

    /** Always retryable: the same request may succeed once the service recovers or the rate drops. */
    @Override
    public boolean retryable() {
        return true;
    }
}
