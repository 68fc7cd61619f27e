package dev.rolesanywhere.pkcs11.internal.ffi;

/** Values that are not return codes, flags or type tags: sentinels shared by many functions. */
public final class Ck {
    /**
     * {@code CK_UNAVAILABLE_INFORMATION} (all bits of a {@code CK_ULONG} set). The binding widens 32-bit CK_ULONG values
     * so this sentinel reads as {@code -1} on every platform.
     */
    public static final long CK_UNAVAILABLE_INFORMATION = -1L;
    /** {@code CK_EFFECTIVELY_INFINITE}: a session or PIN-length limit that does not exist. */
    public static final long CK_EFFECTIVELY_INFINITE = 0L;
    /** {@code CK_INVALID_HANDLE}: no session or object has this handle. */
    public static final long CK_INVALID_HANDLE = 0L;

    private Ck() {
    }
}
