package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.RolesAnywhereException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What {@link RolesAnywhereCredentialsProvider#resolveCredentials()} throws: an {@link SdkClientException}, so that
 * {@code catch (SdkException e)} around an AWS call and retry rules keyed on the SDK's types see provider failures
 * too. The typed failure from {@code rolesanywhere-core} (an {@code AccessDeniedException}, a
 * {@code CreateSessionIoException}, a {@code KeySourceException}, …) is the {@linkplain #getCause() cause}, and its
 * message, which says what failed and how to fix it, is this exception's message.
 */
public class RolesAnywhereCredentialsException extends SdkClientException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    RolesAnywhereCredentialsException(String message, Throwable cause, boolean retryable) {
        super(SdkClientException.builder().message(message).cause(cause));
        this.retryable = retryable;
    }

    /** Wraps {@code failure}, keeping it as the cause and its message. */
    static RolesAnywhereCredentialsException of(RuntimeException failure) {
        boolean retryable = failure instanceof RolesAnywhereException && ((RolesAnywhereException) failure).retryable();
        return new RolesAnywhereCredentialsException(failure.getMessage(), failure, retryable);
    }

    /**
     * Whether asking again later may succeed: true when the cause is a throttled or failed service call or an
     * unreachable endpoint, false for configuration and key problems, which need a fix first.
     */
    @Override
    public boolean retryable() {
        return retryable;
    }
}
