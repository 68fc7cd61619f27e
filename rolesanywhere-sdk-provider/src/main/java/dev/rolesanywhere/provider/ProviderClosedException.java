package dev.rolesanywhere.provider;

/** Credentials were asked of a provider after {@link RolesAnywhereCredentialsProvider#close()}. */
public final class ProviderClosedException extends RolesAnywhereCredentialsException {
    private static final long serialVersionUID = 1L;

    ProviderClosedException(RolesAnywhereCredentialsProvider provider) {
        super("This RolesAnywhereCredentialsProvider has been closed and serves no more credentials: build a new one, "
                + "and close a provider only after the SDK clients that use it (" + provider + ")", null, false);
    }
}
