package dev.rolesanywhere.pkcs11;

/** The token does not support the mechanism or its parameters. */
public class Pkcs11MechanismException extends Pkcs11Exception {
    private static final long serialVersionUID = 1L;

    public Pkcs11MechanismException(String function, long returnValue, String returnValueName, String message) {
        super(function, returnValue, returnValueName, message);
    }
}
