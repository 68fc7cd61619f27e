package dev.rolesanywhere.pkcs11.internal.ffi;

/** User types ({@code CK_USER_TYPE}) for {@code C_Login}. */
public final class Cku {
    public static final long CKU_SO = 0x0L;
    public static final long CKU_USER = 0x1L;
    public static final long CKU_CONTEXT_SPECIFIC = 0x2L;

    private Cku() {
    }
}
