package dev.rolesanywhere.provider;

/** Credentials were asked of a provider after {@link RolesAnywhereCredentialsProvider#close()}. */
public final class ProviderClosedException extends RolesAnywhereCredentialsException {
    private static final long serialVersionUID = 1L;

    ProviderClosedException(RolesAnywhereCredentialsProvider provider) {
        super("This RolesAnywhereCredentialsProvider has been closed and serves no more credentials. Closing an SDK "
                + "client also closes the credentials provider it was built with, so a provider shared by several "
                + "clients must outlive all of them: close the clients only when the provider is no longer needed, "
                + "or give a short-lived client a provider of its own (toBuilder().build()) (" + provider + ")",
                null, false);
    }
}
