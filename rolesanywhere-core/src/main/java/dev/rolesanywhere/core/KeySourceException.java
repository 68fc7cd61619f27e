package dev.rolesanywhere.core;

/**
 * A certificate or private key could not be loaded: missing or unreadable file, unparseable content, wrong password,
 * unsupported key type, certificate that is not X.509 v3, key that does not match the certificate.
 */
public class KeySourceException extends RolesAnywhereException {
    private static final long serialVersionUID = 1L;

    public KeySourceException(String message) {
        super(message);
    }

    public KeySourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
