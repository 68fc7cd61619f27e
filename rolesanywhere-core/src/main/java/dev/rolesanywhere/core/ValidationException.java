package dev.rolesanywhere.core;

/**
 * The service rejected a malformed request (HTTP 400), such as a duration outside the range the profile allows.
 */
public final class ValidationException extends RolesAnywhereServiceException {
    private static final long serialVersionUID = 1L;

    public ValidationException(String message, String errorType, String serviceMessage, int statusCode, String requestId) {
        super(message, errorType, serviceMessage, statusCode, requestId);
    }
}
