package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PKCS#11 return values ({@code CK_RV}) of v2.40 plus the 3.0/3.1 additions, and their names.
 *
 * <p>The name table is built once by hand rather than by reflection so that it survives shrinking tools and so that
 * every code appears exactly once, which a unit test checks against the system's {@code pkcs11.h}.
 */
public final class Ckr {
    public static final long CKR_OK = 0x0L;
    public static final long CKR_CANCEL = 0x1L;
    public static final long CKR_HOST_MEMORY = 0x2L;
    public static final long CKR_SLOT_ID_INVALID = 0x3L;
    public static final long CKR_GENERAL_ERROR = 0x5L;
    public static final long CKR_FUNCTION_FAILED = 0x6L;
    public static final long CKR_ARGUMENTS_BAD = 0x7L;
    public static final long CKR_NO_EVENT = 0x8L;
    public static final long CKR_NEED_TO_CREATE_THREADS = 0x9L;
    public static final long CKR_CANT_LOCK = 0xAL;
    public static final long CKR_ATTRIBUTE_READ_ONLY = 0x10L;
    public static final long CKR_ATTRIBUTE_SENSITIVE = 0x11L;
    public static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12L;
    public static final long CKR_ATTRIBUTE_VALUE_INVALID = 0x13L;
    public static final long CKR_ACTION_PROHIBITED = 0x1BL;
    public static final long CKR_DATA_INVALID = 0x20L;
    public static final long CKR_DATA_LEN_RANGE = 0x21L;
    public static final long CKR_DEVICE_ERROR = 0x30L;
    public static final long CKR_DEVICE_MEMORY = 0x31L;
    public static final long CKR_DEVICE_REMOVED = 0x32L;
    public static final long CKR_ENCRYPTED_DATA_INVALID = 0x40L;
    public static final long CKR_ENCRYPTED_DATA_LEN_RANGE = 0x41L;
    public static final long CKR_AEAD_DECRYPT_FAILED = 0x42L;
    public static final long CKR_FUNCTION_CANCELED = 0x50L;
    public static final long CKR_FUNCTION_NOT_PARALLEL = 0x51L;
    public static final long CKR_FUNCTION_NOT_SUPPORTED = 0x54L;
    public static final long CKR_KEY_HANDLE_INVALID = 0x60L;
    public static final long CKR_KEY_SIZE_RANGE = 0x62L;
    public static final long CKR_KEY_TYPE_INCONSISTENT = 0x63L;
    public static final long CKR_KEY_NOT_NEEDED = 0x64L;
    public static final long CKR_KEY_CHANGED = 0x65L;
    public static final long CKR_KEY_NEEDED = 0x66L;
    public static final long CKR_KEY_INDIGESTIBLE = 0x67L;
    public static final long CKR_KEY_FUNCTION_NOT_PERMITTED = 0x68L;
    public static final long CKR_KEY_NOT_WRAPPABLE = 0x69L;
    public static final long CKR_KEY_UNEXTRACTABLE = 0x6AL;
    public static final long CKR_MECHANISM_INVALID = 0x70L;
    public static final long CKR_MECHANISM_PARAM_INVALID = 0x71L;
    public static final long CKR_OBJECT_HANDLE_INVALID = 0x82L;
    public static final long CKR_OPERATION_ACTIVE = 0x90L;
    public static final long CKR_OPERATION_NOT_INITIALIZED = 0x91L;
    public static final long CKR_PIN_INCORRECT = 0xA0L;
    public static final long CKR_PIN_INVALID = 0xA1L;
    public static final long CKR_PIN_LEN_RANGE = 0xA2L;
    public static final long CKR_PIN_EXPIRED = 0xA3L;
    public static final long CKR_PIN_LOCKED = 0xA4L;
    public static final long CKR_SESSION_CLOSED = 0xB0L;
    public static final long CKR_SESSION_COUNT = 0xB1L;
    public static final long CKR_SESSION_HANDLE_INVALID = 0xB3L;
    public static final long CKR_SESSION_PARALLEL_NOT_SUPPORTED = 0xB4L;
    public static final long CKR_SESSION_READ_ONLY = 0xB5L;
    public static final long CKR_SESSION_EXISTS = 0xB6L;
    public static final long CKR_SESSION_READ_ONLY_EXISTS = 0xB7L;
    public static final long CKR_SESSION_READ_WRITE_SO_EXISTS = 0xB8L;
    public static final long CKR_SIGNATURE_INVALID = 0xC0L;
    public static final long CKR_SIGNATURE_LEN_RANGE = 0xC1L;
    public static final long CKR_TEMPLATE_INCOMPLETE = 0xD0L;
    public static final long CKR_TEMPLATE_INCONSISTENT = 0xD1L;
    public static final long CKR_TOKEN_NOT_PRESENT = 0xE0L;
    public static final long CKR_TOKEN_NOT_RECOGNIZED = 0xE1L;
    public static final long CKR_TOKEN_WRITE_PROTECTED = 0xE2L;
    public static final long CKR_UNWRAPPING_KEY_HANDLE_INVALID = 0xF0L;
    public static final long CKR_UNWRAPPING_KEY_SIZE_RANGE = 0xF1L;
    public static final long CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT = 0xF2L;
    public static final long CKR_USER_ALREADY_LOGGED_IN = 0x100L;
    public static final long CKR_USER_NOT_LOGGED_IN = 0x101L;
    public static final long CKR_USER_PIN_NOT_INITIALIZED = 0x102L;
    public static final long CKR_USER_TYPE_INVALID = 0x103L;
    public static final long CKR_USER_ANOTHER_ALREADY_LOGGED_IN = 0x104L;
    public static final long CKR_USER_TOO_MANY_TYPES = 0x105L;
    public static final long CKR_WRAPPED_KEY_INVALID = 0x110L;
    public static final long CKR_WRAPPED_KEY_LEN_RANGE = 0x112L;
    public static final long CKR_WRAPPING_KEY_HANDLE_INVALID = 0x113L;
    public static final long CKR_WRAPPING_KEY_SIZE_RANGE = 0x114L;
    public static final long CKR_WRAPPING_KEY_TYPE_INCONSISTENT = 0x115L;
    public static final long CKR_RANDOM_SEED_NOT_SUPPORTED = 0x120L;
    public static final long CKR_RANDOM_NO_RNG = 0x121L;
    public static final long CKR_DOMAIN_PARAMS_INVALID = 0x130L;
    public static final long CKR_CURVE_NOT_SUPPORTED = 0x140L;
    public static final long CKR_BUFFER_TOO_SMALL = 0x150L;
    public static final long CKR_SAVED_STATE_INVALID = 0x160L;
    public static final long CKR_INFORMATION_SENSITIVE = 0x170L;
    public static final long CKR_STATE_UNSAVEABLE = 0x180L;
    public static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190L;
    public static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191L;
    public static final long CKR_MUTEX_BAD = 0x1A0L;
    public static final long CKR_MUTEX_NOT_LOCKED = 0x1A1L;
    public static final long CKR_NEW_PIN_MODE = 0x1B0L;
    public static final long CKR_NEXT_OTP = 0x1B1L;
    public static final long CKR_EXCEEDED_MAX_ITERATIONS = 0x1B5L;
    public static final long CKR_FIPS_SELF_TEST_FAILED = 0x1B6L;
    public static final long CKR_LIBRARY_LOAD_FAILED = 0x1B7L;
    public static final long CKR_PIN_TOO_WEAK = 0x1B8L;
    public static final long CKR_PUBLIC_KEY_INVALID = 0x1B9L;
    public static final long CKR_FUNCTION_REJECTED = 0x200L;
    public static final long CKR_TOKEN_RESOURCE_EXCEEDED = 0x201L;
    public static final long CKR_OPERATION_CANCEL_FAILED = 0x202L;
    public static final long CKR_KEY_EXHAUSTED = 0x203L;
    public static final long CKR_VENDOR_DEFINED = 0x80000000L;

    private static final Map<Long, String> NAMES = buildNames();

    private Ckr() {
    }

    /**
     * The symbolic name of a return value: {@code CKR_PIN_INCORRECT}, {@code CKR_VENDOR_DEFINED+0x2A} for vendor codes,
     * or {@code CKR_UNKNOWN(0x…)} for a code no specification defines.
     */
    public static String name(long rv) {
        String name = NAMES.get(rv);
        if (name != null) {
            return name;
        }
        if (rv >= CKR_VENDOR_DEFINED && rv <= 0xFFFFFFFFL) {
            return "CKR_VENDOR_DEFINED+0x" + Long.toHexString(rv - CKR_VENDOR_DEFINED).toUpperCase(Locale.ROOT);
        }
        return "CKR_UNKNOWN(0x" + Long.toHexString(rv).toUpperCase(Locale.ROOT) + ")";
    }

    /** Every code this class names, in ascending order. */
    public static Map<Long, String> names() {
        return NAMES;
    }

    private static Map<Long, String> buildNames() {
        Map<Long, String> m = new LinkedHashMap<>();
        m.put(CKR_OK, "CKR_OK");
        m.put(CKR_CANCEL, "CKR_CANCEL");
        m.put(CKR_HOST_MEMORY, "CKR_HOST_MEMORY");
        m.put(CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID");
        m.put(CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR");
        m.put(CKR_FUNCTION_FAILED, "CKR_FUNCTION_FAILED");
        m.put(CKR_ARGUMENTS_BAD, "CKR_ARGUMENTS_BAD");
        m.put(CKR_NO_EVENT, "CKR_NO_EVENT");
        m.put(CKR_NEED_TO_CREATE_THREADS, "CKR_NEED_TO_CREATE_THREADS");
        m.put(CKR_CANT_LOCK, "CKR_CANT_LOCK");
        m.put(CKR_ATTRIBUTE_READ_ONLY, "CKR_ATTRIBUTE_READ_ONLY");
        m.put(CKR_ATTRIBUTE_SENSITIVE, "CKR_ATTRIBUTE_SENSITIVE");
        m.put(CKR_ATTRIBUTE_TYPE_INVALID, "CKR_ATTRIBUTE_TYPE_INVALID");
        m.put(CKR_ATTRIBUTE_VALUE_INVALID, "CKR_ATTRIBUTE_VALUE_INVALID");
        m.put(CKR_ACTION_PROHIBITED, "CKR_ACTION_PROHIBITED");
        m.put(CKR_DATA_INVALID, "CKR_DATA_INVALID");
        m.put(CKR_DATA_LEN_RANGE, "CKR_DATA_LEN_RANGE");
        m.put(CKR_DEVICE_ERROR, "CKR_DEVICE_ERROR");
        m.put(CKR_DEVICE_MEMORY, "CKR_DEVICE_MEMORY");
        m.put(CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED");
        m.put(CKR_ENCRYPTED_DATA_INVALID, "CKR_ENCRYPTED_DATA_INVALID");
        m.put(CKR_ENCRYPTED_DATA_LEN_RANGE, "CKR_ENCRYPTED_DATA_LEN_RANGE");
        m.put(CKR_AEAD_DECRYPT_FAILED, "CKR_AEAD_DECRYPT_FAILED");
        m.put(CKR_FUNCTION_CANCELED, "CKR_FUNCTION_CANCELED");
        m.put(CKR_FUNCTION_NOT_PARALLEL, "CKR_FUNCTION_NOT_PARALLEL");
        m.put(CKR_FUNCTION_NOT_SUPPORTED, "CKR_FUNCTION_NOT_SUPPORTED");
        m.put(CKR_KEY_HANDLE_INVALID, "CKR_KEY_HANDLE_INVALID");
        m.put(CKR_KEY_SIZE_RANGE, "CKR_KEY_SIZE_RANGE");
        m.put(CKR_KEY_TYPE_INCONSISTENT, "CKR_KEY_TYPE_INCONSISTENT");
        m.put(CKR_KEY_NOT_NEEDED, "CKR_KEY_NOT_NEEDED");
        m.put(CKR_KEY_CHANGED, "CKR_KEY_CHANGED");
        m.put(CKR_KEY_NEEDED, "CKR_KEY_NEEDED");
        m.put(CKR_KEY_INDIGESTIBLE, "CKR_KEY_INDIGESTIBLE");
        m.put(CKR_KEY_FUNCTION_NOT_PERMITTED, "CKR_KEY_FUNCTION_NOT_PERMITTED");
        m.put(CKR_KEY_NOT_WRAPPABLE, "CKR_KEY_NOT_WRAPPABLE");
        m.put(CKR_KEY_UNEXTRACTABLE, "CKR_KEY_UNEXTRACTABLE");
        m.put(CKR_MECHANISM_INVALID, "CKR_MECHANISM_INVALID");
        m.put(CKR_MECHANISM_PARAM_INVALID, "CKR_MECHANISM_PARAM_INVALID");
        m.put(CKR_OBJECT_HANDLE_INVALID, "CKR_OBJECT_HANDLE_INVALID");
        m.put(CKR_OPERATION_ACTIVE, "CKR_OPERATION_ACTIVE");
        m.put(CKR_OPERATION_NOT_INITIALIZED, "CKR_OPERATION_NOT_INITIALIZED");
        m.put(CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT");
        m.put(CKR_PIN_INVALID, "CKR_PIN_INVALID");
        m.put(CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE");
        m.put(CKR_PIN_EXPIRED, "CKR_PIN_EXPIRED");
        m.put(CKR_PIN_LOCKED, "CKR_PIN_LOCKED");
        m.put(CKR_SESSION_CLOSED, "CKR_SESSION_CLOSED");
        m.put(CKR_SESSION_COUNT, "CKR_SESSION_COUNT");
        m.put(CKR_SESSION_HANDLE_INVALID, "CKR_SESSION_HANDLE_INVALID");
        m.put(CKR_SESSION_PARALLEL_NOT_SUPPORTED, "CKR_SESSION_PARALLEL_NOT_SUPPORTED");
        m.put(CKR_SESSION_READ_ONLY, "CKR_SESSION_READ_ONLY");
        m.put(CKR_SESSION_EXISTS, "CKR_SESSION_EXISTS");
        m.put(CKR_SESSION_READ_ONLY_EXISTS, "CKR_SESSION_READ_ONLY_EXISTS");
        m.put(CKR_SESSION_READ_WRITE_SO_EXISTS, "CKR_SESSION_READ_WRITE_SO_EXISTS");
        m.put(CKR_SIGNATURE_INVALID, "CKR_SIGNATURE_INVALID");
        m.put(CKR_SIGNATURE_LEN_RANGE, "CKR_SIGNATURE_LEN_RANGE");
        m.put(CKR_TEMPLATE_INCOMPLETE, "CKR_TEMPLATE_INCOMPLETE");
        m.put(CKR_TEMPLATE_INCONSISTENT, "CKR_TEMPLATE_INCONSISTENT");
        m.put(CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT");
        m.put(CKR_TOKEN_NOT_RECOGNIZED, "CKR_TOKEN_NOT_RECOGNIZED");
        m.put(CKR_TOKEN_WRITE_PROTECTED, "CKR_TOKEN_WRITE_PROTECTED");
        m.put(CKR_UNWRAPPING_KEY_HANDLE_INVALID, "CKR_UNWRAPPING_KEY_HANDLE_INVALID");
        m.put(CKR_UNWRAPPING_KEY_SIZE_RANGE, "CKR_UNWRAPPING_KEY_SIZE_RANGE");
        m.put(CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, "CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT");
        m.put(CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN");
        m.put(CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN");
        m.put(CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED");
        m.put(CKR_USER_TYPE_INVALID, "CKR_USER_TYPE_INVALID");
        m.put(CKR_USER_ANOTHER_ALREADY_LOGGED_IN, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN");
        m.put(CKR_USER_TOO_MANY_TYPES, "CKR_USER_TOO_MANY_TYPES");
        m.put(CKR_WRAPPED_KEY_INVALID, "CKR_WRAPPED_KEY_INVALID");
        m.put(CKR_WRAPPED_KEY_LEN_RANGE, "CKR_WRAPPED_KEY_LEN_RANGE");
        m.put(CKR_WRAPPING_KEY_HANDLE_INVALID, "CKR_WRAPPING_KEY_HANDLE_INVALID");
        m.put(CKR_WRAPPING_KEY_SIZE_RANGE, "CKR_WRAPPING_KEY_SIZE_RANGE");
        m.put(CKR_WRAPPING_KEY_TYPE_INCONSISTENT, "CKR_WRAPPING_KEY_TYPE_INCONSISTENT");
        m.put(CKR_RANDOM_SEED_NOT_SUPPORTED, "CKR_RANDOM_SEED_NOT_SUPPORTED");
        m.put(CKR_RANDOM_NO_RNG, "CKR_RANDOM_NO_RNG");
        m.put(CKR_DOMAIN_PARAMS_INVALID, "CKR_DOMAIN_PARAMS_INVALID");
        m.put(CKR_CURVE_NOT_SUPPORTED, "CKR_CURVE_NOT_SUPPORTED");
        m.put(CKR_BUFFER_TOO_SMALL, "CKR_BUFFER_TOO_SMALL");
        m.put(CKR_SAVED_STATE_INVALID, "CKR_SAVED_STATE_INVALID");
        m.put(CKR_INFORMATION_SENSITIVE, "CKR_INFORMATION_SENSITIVE");
        m.put(CKR_STATE_UNSAVEABLE, "CKR_STATE_UNSAVEABLE");
        m.put(CKR_CRYPTOKI_NOT_INITIALIZED, "CKR_CRYPTOKI_NOT_INITIALIZED");
        m.put(CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED");
        m.put(CKR_MUTEX_BAD, "CKR_MUTEX_BAD");
        m.put(CKR_MUTEX_NOT_LOCKED, "CKR_MUTEX_NOT_LOCKED");
        m.put(CKR_NEW_PIN_MODE, "CKR_NEW_PIN_MODE");
        m.put(CKR_NEXT_OTP, "CKR_NEXT_OTP");
        m.put(CKR_EXCEEDED_MAX_ITERATIONS, "CKR_EXCEEDED_MAX_ITERATIONS");
        m.put(CKR_FIPS_SELF_TEST_FAILED, "CKR_FIPS_SELF_TEST_FAILED");
        m.put(CKR_LIBRARY_LOAD_FAILED, "CKR_LIBRARY_LOAD_FAILED");
        m.put(CKR_PIN_TOO_WEAK, "CKR_PIN_TOO_WEAK");
        m.put(CKR_PUBLIC_KEY_INVALID, "CKR_PUBLIC_KEY_INVALID");
        m.put(CKR_FUNCTION_REJECTED, "CKR_FUNCTION_REJECTED");
        m.put(CKR_TOKEN_RESOURCE_EXCEEDED, "CKR_TOKEN_RESOURCE_EXCEEDED");
        m.put(CKR_OPERATION_CANCEL_FAILED, "CKR_OPERATION_CANCEL_FAILED");
        m.put(CKR_KEY_EXHAUSTED, "CKR_KEY_EXHAUSTED");
        m.put(CKR_VENDOR_DEFINED, "CKR_VENDOR_DEFINED");
        return Collections.unmodifiableMap(m);
    }
}
