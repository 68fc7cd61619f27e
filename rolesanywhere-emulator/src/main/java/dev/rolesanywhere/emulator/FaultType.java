package dev.rolesanywhere.emulator;

/** The faults the emulator can inject into CreateSession answers. */
public enum FaultType {
    /** HTTP 429 {@code ThrottlingException}, as when the account's CreateSession rate is exceeded. */
    THROTTLING(429, "ThrottlingException", "Rate exceeded"),
    /** HTTP 500 {@code InternalServerException}. */
    INTERNAL_ERROR(500, "InternalServerException", "An internal error occurred (injected by the emulator)"),
    /** HTTP 503 {@code ServiceUnavailableException}. */
    SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", "Service unavailable (injected by the emulator)"),
    /** The connection is closed without any answer. */
    DROP_CONNECTION(0, null, null),
    /** HTTP 201 whose body is truncated JSON. */
    MALFORMED_BODY(201, null, null),
    /**
     * HTTP 201 with real credentials, except that the session token ends in a line break and a
     * {@value #HOSTILE_LINE} line: what a rogue or intercepted endpoint sends to get a command into a shared
     * credentials file that is written without checks.
     */
    HOSTILE_CREDENTIALS(201, null, null),
    /** The request waits for a set time, then is handled normally. */
    DELAY(0, null, null);

    /** The line {@link #HOSTILE_CREDENTIALS} appends to the session token, after a line feed. */
    public static final String HOSTILE_LINE = "credential_process = sh -c 'touch rolesanywhere-hostile-endpoint-ran'";

    private final int statusCode;
    private final String errorType;
    private final String message;

    FaultType(int statusCode, String errorType, String message) {
        this.statusCode = statusCode;
        this.errorType = errorType;
        this.message = message;
    }

    /** The HTTP status this fault answers with; 0 when it sends none of its own. */
    public int statusCode() {
        return statusCode;
    }

    /** The {@code x-amzn-ErrorType} this fault answers with, or null. */
    public String errorType() {
        return errorType;
    }

    /** The error message this fault answers with, or null. */
    public String message() {
        return message;
    }
}
