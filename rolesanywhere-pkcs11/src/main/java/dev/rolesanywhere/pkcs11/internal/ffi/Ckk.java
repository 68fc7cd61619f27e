package dev.rolesanywhere.pkcs11.internal.ffi;

/** Key types ({@code CK_KEY_TYPE}, the value of {@code CKA_KEY_TYPE}). */
public final class Ckk {
    public static final long CKK_RSA = 0x0L;
    public static final long CKK_DSA = 0x1L;
    public static final long CKK_DH = 0x2L;
    public static final long CKK_EC = 0x3L;
    public static final long CKK_GENERIC_SECRET = 0x10L;
    public static final long CKK_AES = 0x1FL;
    public static final long CKK_EC_EDWARDS = 0x40L;
    public static final long CKK_EC_MONTGOMERY = 0x41L;
    public static final long CKK_VENDOR_DEFINED = 0x80000000L;

    private Ckk() {
    }
}
