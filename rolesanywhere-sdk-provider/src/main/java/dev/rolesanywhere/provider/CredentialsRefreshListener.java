package dev.rolesanywhere.provider;

/**
 * Told about each refresh of a {@link RolesAnywhereCredentialsProvider}: for metrics, alerts and audit logs. Register
 * one with {@link RolesAnywhereCredentialsProvider.Builder#addRefreshListener(CredentialsRefreshListener)}; a provider
 * without listeners neither times its refreshes nor creates events.
 *
 * <p>Methods are called on the refreshing thread, one refresh at a time, and must return quickly. What a listener
 * throws is logged and otherwise ignored: it never fails a refresh.
 */
public interface CredentialsRefreshListener {

    /** A CreateSession call for new credentials is about to be made. */
    default void refreshStarted() {
    }

    /** New credentials were obtained and are cached. */
    default void refreshSucceeded(CredentialsRefresh refresh) {
    }

    /** The refresh failed; the provider keeps serving cached credentials while they are valid. */
    default void refreshFailed(CredentialsRefresh refresh) {
    }
}
