package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.core.SigningException;

/**
 * A PKCS#11 function returned an error. Carries the function name and the numeric {@code CK_RV} with its symbolic
 * name so that callers can act on the code and operators can look it up in the module's documentation.
 *
 * <p>Subclasses group the codes an application reacts to differently: a wrong or locked PIN, a session that must be
 * reopened, a token that is gone, an unusable key or mechanism.
 */
public class Pkcs11Exception extends SigningException {
    private static final long serialVersionUID = 1L;

    private final String function;
    private final long returnValue;
    private final String returnValueName;

    public Pkcs11Exception(String function, long returnValue, String returnValueName, String message) {
        super(message);
        this.function = function;
        this.returnValue = returnValue;
        this.returnValueName = returnValueName;
    }

    /** The PKCS#11 function that failed, e.g. {@code C_Sign}. */
    public String function() {
        return function;
    }

    /** The raw {@code CK_RV}, e.g. {@code 0xA0}. */
    public long returnValue() {
        return returnValue;
    }

    /** The symbolic name of {@link #returnValue()}, e.g. {@code CKR_PIN_INCORRECT} or {@code CKR_VENDOR_DEFINED+0x2A}. */
    public String returnValueName() {
        return returnValueName;
    }
}
