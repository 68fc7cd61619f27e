package dev.rolesanywhere.pkcs11.internal.ffi;

import dev.rolesanywhere.pkcs11.PinExpiredException;
import dev.rolesanywhere.pkcs11.PinIncorrectException;
import dev.rolesanywhere.pkcs11.PinLengthException;
import dev.rolesanywhere.pkcs11.PinLockedException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11KeyException;
import dev.rolesanywhere.pkcs11.Pkcs11MechanismException;
import dev.rolesanywhere.pkcs11.Pkcs11PinException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.pkcs11.TokenUnavailableException;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a {@code CK_RV} into the typed exception an application can act on, with a message that names the function,
 * the code and what to do about it.
 */
public final class ReturnValues {
    private static final Map<Long, String> ADVICE = buildAdvice();

    private ReturnValues() {
    }

    /** Throws unless {@code rv} is {@code CKR_OK}. */
    static void check(String function, long rv) {
        if (rv != Ckr.CKR_OK) {
            throw exception(function, rv, null);
        }
    }

    /** The exception for a failed call; {@code context} (may be null) says what was being done. */
    public static Pkcs11Exception exception(String function, long rv, String context) {
        String name = Ckr.name(rv);
        StringBuilder message = new StringBuilder(function).append(" failed with ").append(name).append(" (0x")
                .append(Long.toHexString(rv).toUpperCase(Locale.ROOT)).append(')');
        if (context != null) {
            message.append(": ").append(context);
        }
        message.append(". ").append(advice(rv)).append('.');
        String text = message.toString();
        // Spec codes fit in 31 bits; anything wider must not alias one of them through the int cast.
        int code = rv >= 0 && rv <= Integer.MAX_VALUE ? (int) rv : -1;
        switch (code) {
            case (int) Ckr.CKR_PIN_INCORRECT:
                return new PinIncorrectException(function, rv, name, text);
            case (int) Ckr.CKR_PIN_LOCKED:
                return new PinLockedException(function, rv, name, text);
            case (int) Ckr.CKR_PIN_EXPIRED:
                return new PinExpiredException(function, rv, name, text);
            case (int) Ckr.CKR_PIN_LEN_RANGE:
                return new PinLengthException(function, rv, name, text);
            case (int) Ckr.CKR_PIN_INVALID:
            case (int) Ckr.CKR_PIN_TOO_WEAK:
                return new Pkcs11PinException(function, rv, name, text);
            case (int) Ckr.CKR_SESSION_HANDLE_INVALID:
            case (int) Ckr.CKR_SESSION_CLOSED:
            case (int) Ckr.CKR_USER_NOT_LOGGED_IN:
                return new SessionLostException(function, rv, name, text);
            case (int) Ckr.CKR_DEVICE_REMOVED:
            case (int) Ckr.CKR_TOKEN_NOT_PRESENT:
            case (int) Ckr.CKR_DEVICE_ERROR:
            case (int) Ckr.CKR_TOKEN_NOT_RECOGNIZED:
            case (int) Ckr.CKR_SLOT_ID_INVALID:
                return new TokenUnavailableException(function, rv, name, text);
            case (int) Ckr.CKR_KEY_HANDLE_INVALID:
            case (int) Ckr.CKR_KEY_SIZE_RANGE:
            case (int) Ckr.CKR_KEY_TYPE_INCONSISTENT:
            case (int) Ckr.CKR_KEY_NOT_NEEDED:
            case (int) Ckr.CKR_KEY_CHANGED:
            case (int) Ckr.CKR_KEY_NEEDED:
            case (int) Ckr.CKR_KEY_INDIGESTIBLE:
            case (int) Ckr.CKR_KEY_FUNCTION_NOT_PERMITTED:
            case (int) Ckr.CKR_KEY_NOT_WRAPPABLE:
            case (int) Ckr.CKR_KEY_UNEXTRACTABLE:
            case (int) Ckr.CKR_KEY_EXHAUSTED:
            case (int) Ckr.CKR_OBJECT_HANDLE_INVALID:
            case (int) Ckr.CKR_PUBLIC_KEY_INVALID:
            case (int) Ckr.CKR_CURVE_NOT_SUPPORTED:
            case (int) Ckr.CKR_DOMAIN_PARAMS_INVALID:
                return new Pkcs11KeyException(function, rv, name, text);
            case (int) Ckr.CKR_MECHANISM_INVALID:
            case (int) Ckr.CKR_MECHANISM_PARAM_INVALID:
                return new Pkcs11MechanismException(function, rv, name, text);
            default:
                return new Pkcs11Exception(function, rv, name, text);
        }
    }

    /** What to do about a return value; never empty. */
    static String advice(long rv) {
        String advice = ADVICE.get(rv);
        if (advice != null) {
            return advice;
        }
        if (rv >= Ckr.CKR_VENDOR_DEFINED) {
            return "This is a vendor-specific code: look it up in the module vendor's documentation";
        }
        return "See the PKCS#11 specification and the module's documentation or logs for this code";
    }

    private static Map<Long, String> buildAdvice() {
        Map<Long, String> m = new HashMap<>();
        m.put(Ckr.CKR_PIN_INCORRECT, "The PIN is wrong. Correct the configured PIN. It is not retried automatically, "
                + "because every wrong attempt brings the token closer to locking the PIN");
        m.put(Ckr.CKR_PIN_LOCKED, "The PIN is locked after too many wrong attempts. Ask the token's security "
                + "officer to unblock or reset it with the vendor's tool, then update the configured PIN");
        m.put(Ckr.CKR_PIN_EXPIRED, "The PIN has expired. Change it with the token vendor's tool, then update the "
                + "configured PIN");
        m.put(Ckr.CKR_PIN_LEN_RANGE, "The PIN is shorter or longer than the token allows (see its minimum and maximum "
                + "PIN length). Check for a truncated PIN or stray characters such as a trailing newline in a PIN file");
        m.put(Ckr.CKR_PIN_INVALID, "The PIN contains characters the token does not accept. Check the PIN's "
                + "encoding and for stray characters such as a trailing newline");
        m.put(Ckr.CKR_PIN_TOO_WEAK, "The token's PIN policy rejects this PIN as too weak. Choose a stronger PIN");
        m.put(Ckr.CKR_SESSION_HANDLE_INVALID, "The session no longer exists (token removed, or all sessions closed). "
                + "Open a new session and log in again");
        m.put(Ckr.CKR_SESSION_CLOSED, "The session was closed while the call was running. Open a new session");
        m.put(Ckr.CKR_USER_NOT_LOGGED_IN, "The session is not logged in, perhaps because another part of the "
                + "application logged out. Log in again");
        m.put(Ckr.CKR_USER_ALREADY_LOGGED_IN, "The token is already logged in for this application; "
                + "sessions share one login state per token");
        m.put(Ckr.CKR_USER_PIN_NOT_INITIALIZED, "The token's user PIN has never been set. Set it with the vendor's "
                + "tool (for example pkcs11-tool --init-pin)");
        m.put(Ckr.CKR_DEVICE_REMOVED, "The token was removed. Reinsert or reconnect it");
        m.put(Ckr.CKR_TOKEN_NOT_PRESENT, "No token is in the slot. Insert or reconnect the token");
        m.put(Ckr.CKR_DEVICE_ERROR, "The device reported an error. Check its connection and the module's logs");
        m.put(Ckr.CKR_TOKEN_NOT_RECOGNIZED, "The module does not recognise the token in the slot. Check that the "
                + "module matches the token");
        m.put(Ckr.CKR_SLOT_ID_INVALID, "The slot no longer exists (a reader or token was removed). List the slots "
                + "again");
        m.put(Ckr.CKR_DEVICE_MEMORY, "The token is out of memory. Delete unused objects from it");
        m.put(Ckr.CKR_KEY_HANDLE_INVALID, "The key handle is no longer valid (key deleted or token reinserted). Look "
                + "the key up again");
        m.put(Ckr.CKR_OBJECT_HANDLE_INVALID, "The object handle is no longer valid (object deleted or token "
                + "reinserted). Look the object up again");
        m.put(Ckr.CKR_KEY_TYPE_INCONSISTENT, "The key's type does not fit the mechanism (for example an EC key with "
                + "an RSA mechanism). Use a mechanism for the key's type");
        m.put(Ckr.CKR_KEY_FUNCTION_NOT_PERMITTED, "The key's attributes forbid this use (for example CKA_SIGN is "
                + "false). Use a key created for signing");
        m.put(Ckr.CKR_KEY_SIZE_RANGE, "The token does not support this key size for the mechanism");
        m.put(Ckr.CKR_CURVE_NOT_SUPPORTED, "The token does not support this elliptic curve. Use P-256 or another "
                + "curve the token lists");
        m.put(Ckr.CKR_MECHANISM_INVALID, "The token does not support this mechanism. List what it supports with "
                + "pkcs11-tool --list-mechanisms");
        m.put(Ckr.CKR_MECHANISM_PARAM_INVALID, "The token rejected the mechanism's parameters");
        m.put(Ckr.CKR_TEMPLATE_INCOMPLETE, "The attribute template lacks an attribute the token requires for this "
                + "object");
        m.put(Ckr.CKR_TEMPLATE_INCONSISTENT, "The attribute template contains attributes that contradict each other");
        m.put(Ckr.CKR_ATTRIBUTE_VALUE_INVALID, "An attribute value in the template is not valid for its type");
        m.put(Ckr.CKR_ATTRIBUTE_TYPE_INVALID, "The template names an attribute type the object cannot have");
        m.put(Ckr.CKR_ATTRIBUTE_READ_ONLY, "The template sets an attribute the token does not let applications set");
        m.put(Ckr.CKR_SESSION_READ_ONLY, "Creating or deleting token objects needs a read-write session "
                + "(CKF_RW_SESSION)");
        m.put(Ckr.CKR_TOKEN_WRITE_PROTECTED, "The token is write-protected");
        m.put(Ckr.CKR_SESSION_COUNT, "The token has no free sessions. Close sessions elsewhere or use a smaller "
                + "session pool");
        m.put(Ckr.CKR_OPERATION_ACTIVE, "Another operation is still active in this session. Finish it first or use "
                + "another session");
        m.put(Ckr.CKR_OPERATION_NOT_INITIALIZED, "No operation of this kind was started in the session (the "
                + "...Init call is missing or an earlier error ended it)");
        m.put(Ckr.CKR_DATA_LEN_RANGE, "The input length does not suit the mechanism and key (for example a raw RSA "
                + "or ECDSA input longer than the key allows)");
        m.put(Ckr.CKR_DATA_INVALID, "The input is not valid for the mechanism");
        m.put(Ckr.CKR_BUFFER_TOO_SMALL, "The output buffer was too small; this is a binding defect, please report "
                + "it");
        m.put(Ckr.CKR_ARGUMENTS_BAD, "The module rejected the arguments; this is a binding defect, please report it");
        m.put(Ckr.CKR_FUNCTION_NOT_SUPPORTED, "The module does not implement this function");
        m.put(Ckr.CKR_CRYPTOKI_NOT_INITIALIZED, "The module is not initialised, perhaps because another component "
                + "called C_Finalize on it. Load modules only through this library's module registry");
        m.put(Ckr.CKR_CANT_LOCK, "The module cannot use the locking the application asked for");
        m.put(Ckr.CKR_HOST_MEMORY, "The module ran out of memory in this process");
        m.put(Ckr.CKR_GENERAL_ERROR, "The module hit an unrecoverable error. Check its configuration and logs "
                + "(for SoftHSM2: the SOFTHSM2_CONF file and its token directory)");
        m.put(Ckr.CKR_FUNCTION_FAILED, "The module could not complete the request. Check its logs; a retry may "
                + "succeed");
        m.put(Ckr.CKR_FUNCTION_REJECTED, "The request was rejected by the token's policy or by the user");
        m.put(Ckr.CKR_LIBRARY_LOAD_FAILED, "The module failed to load a library it depends on. Check its "
                + "installation");
        m.put(Ckr.CKR_FIPS_SELF_TEST_FAILED, "The module failed its FIPS self-test and will not operate");
        return m;
    }
}
