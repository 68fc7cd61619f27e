package dev.rolesanywhere.pkcs11.internal.ffi;

/** Session states ({@code CK_STATE}) reported by {@code C_GetSessionInfo}. */
public final class Cks {
    public static final long CKS_RO_PUBLIC_SESSION = 0x0L;
    public static final long CKS_RO_USER_FUNCTIONS = 0x1L;
    public static final long CKS_RW_PUBLIC_SESSION = 0x2L;
    public static final long CKS_RW_USER_FUNCTIONS = 0x3L;
    public static final long CKS_RW_SO_FUNCTIONS = 0x4L;

    private Cks() {
    }
}
