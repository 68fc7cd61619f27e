package dev.rolesanywhere.pkcs11.internal.ffi;

/** Object classes ({@code CK_OBJECT_CLASS}, the value of {@code CKA_CLASS}). */
public final class Cko {
    public static final long CKO_DATA = 0x0L;
    public static final long CKO_CERTIFICATE = 0x1L;
    public static final long CKO_PUBLIC_KEY = 0x2L;
    public static final long CKO_PRIVATE_KEY = 0x3L;
    public static final long CKO_SECRET_KEY = 0x4L;
    public static final long CKO_HW_FEATURE = 0x5L;
    public static final long CKO_DOMAIN_PARAMETERS = 0x6L;
    public static final long CKO_MECHANISM = 0x7L;
    public static final long CKO_OTP_KEY = 0x8L;
    public static final long CKO_PROFILE = 0x9L;
    public static final long CKO_VENDOR_DEFINED = 0x80000000L;

    private Cko() {
    }
}
