package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.ConfigurationException;

/**
 * A PKCS#11 module could not be loaded: the path does not exist, is not a shared library for this platform, or does not
 * export {@code C_GetFunctionList}. A configuration problem, detected before any token is touched.
 */
public class Pkcs11ModuleException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    private final String modulePath;

    public Pkcs11ModuleException(String modulePath, String message) {
        super(message);
        this.modulePath = modulePath;
    }

    public Pkcs11ModuleException(String modulePath, String message, Throwable cause) {
        super(message, cause);
        this.modulePath = modulePath;
    }

    /** The module path as configured. */
    public String modulePath() {
        return modulePath;
    }
}
