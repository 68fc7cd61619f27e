package dev.rolesanywhere.core;

/**
 * Invalid configuration detected before any request is sent: malformed ARN, regions that disagree, duration out of
 * range, endpoint not allowed. Thrown at build time wherever possible.
 */
public class ConfigurationException extends RolesAnywhereException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
