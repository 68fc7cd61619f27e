package dev.rolesanywhere.core;

/**
 * IAM Roles Anywhere answered a CreateSession request with an error. The message explains the likely cause and the
 * fix; the accessors carry what the service said, for logging and for programmatic handling.
 *
 * <p>Subclasses name the common cases; this class itself is thrown for error types without a dedicated subclass.
 */
public class RolesAnywhereServiceException extends RolesAnywhereException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String serviceMessage;
    private final int statusCode;
    private final String requestId;

    /**
     * @param message        the explanation shown to the user (what failed and how to fix it)
     * @param errorType      the service's error type without any {@code :}-suffix, or {@code null} if none was sent
     * @param serviceMessage the service's own message, or {@code null}
     * @param statusCode     the HTTP status code
     * @param requestId      the {@code x-amzn-RequestId} of the failed request, or {@code null}
     */
    public RolesAnywhereServiceException(String message, String errorType, String serviceMessage, int statusCode,
            String requestId) {
        super(message);
        this.errorType = errorType;
        this.serviceMessage = serviceMessage;
        this.statusCode = statusCode;
        this.requestId = requestId;
    }

    /** The service's error type, such as {@code AccessDeniedException}; {@code null} when the service sent none. */
    public String errorType() {
        return errorType;
    }

    /** The message the service sent, verbatim; {@code null} when it sent none. */
    public String serviceMessage() {
        return serviceMessage;
    }

    /** The HTTP status code of the response. */
    public int statusCode() {
        return statusCode;
    }

    /** The request id to quote to AWS Support; {@code null} when the service sent none. */
    public String requestId() {
        return requestId;
    }

    /** Whether sending the same request again later may succeed (throttling, server-side faults). */
    @Override
    public boolean retryable() {
        return statusCode == 429 || statusCode >= 500;
    }
}
