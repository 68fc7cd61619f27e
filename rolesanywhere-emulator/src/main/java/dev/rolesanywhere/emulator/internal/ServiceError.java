package dev.rolesanywhere.emulator.internal;

/** An error answer: HTTP status, the service's error type and a message. Thrown to end request handling early. */
public final class ServiceError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    public ServiceError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public static ServiceError accessDenied(String message) {
        return new ServiceError(403, "AccessDeniedException", message);
    }

    public static ServiceError validation(String message) {
        return new ServiceError(400, "ValidationException", message);
    }

    public static ServiceError notFound(String message) {
        return new ServiceError(404, "ResourceNotFoundException", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }
}
