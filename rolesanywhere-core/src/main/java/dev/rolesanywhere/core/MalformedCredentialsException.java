package dev.rolesanywhere.core;

/**
 * Temporary credentials whose values break the rules of their fields: an access key id that is not 16 to 128
 * upper-case letters and digits, a secret or session token with characters outside the base64 alphabets or of an
 * absurd length, a control character in any field, an expiration that is not a real instant, a malformed ARN.
 *
 * <p>From {@link CreateSessionClient#createSession(CreateSessionRequest)} it means the whole response was refused and
 * nothing of it was used: such an answer comes from something that is not IAM Roles Anywhere, or that altered the
 * response on its way. The message names the field and what is wrong with it, never its value.
 */
public final class MalformedCredentialsException extends RolesAnywhereException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public MalformedCredentialsException(String field, String message) {
        super(message);
        this.field = field;
    }

    public MalformedCredentialsException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The field that was refused, as the CreateSession response names it ({@code sessionToken}, {@code roleArn}). */
    public String field() {
        return field;
    }
}
