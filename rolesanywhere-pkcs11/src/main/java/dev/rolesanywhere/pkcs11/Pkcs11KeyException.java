package dev.rolesanywhere.pkcs11;

/** The key or object cannot be used as asked: wrong handle, wrong type or size, or the operation is not permitted by its attributes. */
public class Pkcs11KeyException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public Pkcs11KeyException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
