package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.ConfigurationException;

/**
 * A {@code pkcs11:} URI (RFC 7512) that cannot be used: wrong scheme, malformed percent escape, unknown or repeated
 * attribute, bad {@code slot-id} or {@code library-version}. The message quotes the offending text (never a
 * {@code pin-value}) and says how to write it correctly.
 */
public class Pkcs11UriException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    public Pkcs11UriException(String message) {
        super(message);
    }

    public Pkcs11UriException(String message, Throwable cause) {
        super(message, cause);
    }
}
