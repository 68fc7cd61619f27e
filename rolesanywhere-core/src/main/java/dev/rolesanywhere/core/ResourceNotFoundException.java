package dev.rolesanywhere.core;

/**
 * The trust anchor, profile or role named in the request does not exist in that account and region (HTTP 404).
 */
public final class ResourceNotFoundException extends RolesAnywhereServiceException {
    private static final long serialVersionUID = 1L;

    public ResourceNotFoundException(String message, String errorType, String serviceMessage, int statusCode, String requestId) {
        super(message, errorType, serviceMessage, statusCode, requestId);
    }
}
