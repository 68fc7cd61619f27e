package dev.rolesanywhere.core.internal;

import dev.rolesanywhere.core.ConfigurationException;

/**
 * The SDK's url-connection client is what this library creates when the caller passes no HTTP client; a user who
 * brings their own (Apache, Netty, CRT) may exclude it. Without it and without a client of the caller's, say so
 * instead of failing with a {@link NoClassDefFoundError}.
 */
public final class UrlConnectionClientCheck {
    static final String ARTIFACT = "software.amazon.awssdk:url-connection-client";
    private static final String CLIENT_CLASS = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

    private UrlConnectionClientCheck() {
    }

    /** @throws ConfigurationException when the url-connection client is not on the class path */
    public static void require() {
        try {
            Class.forName(CLIENT_CLASS, false, UrlConnectionClientCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("No HTTP client for CreateSession: none was given, and " + ARTIFACT
                    + " (the one this library creates by default) is not on the class path. Add that dependency, or "
                    + "pass your own SdkHttpClient (httpClient(...) on the builder; a bean named "
                    + "rolesAnywhereHttpClient in Spring)", e);
        }
    }
}
