package dev.rolesanywhere.core;

/**
 * The service refused the request (HTTP 403): the signature did not verify, the certificate is not trusted by the trust anchor, has expired or was revoked, the role is not in the profile, or the session name is not permitted. The message says which.
 */
public final class AccessDeniedException extends RolesAnywhereServiceException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message, String errorType, String serviceMessage, int statusCode, String requestId) {
        super(message, errorType, serviceMessage, statusCode, requestId);
    }
}
