package dev.rolesanywhere.pkcs11.internal.ffi;

/** Certificate types ({@code CK_CERTIFICATE_TYPE}, the value of {@code CKA_CERTIFICATE_TYPE}). */
public final class Ckc {
    public static final long CKC_X_509 = 0x0L;
    public static final long CKC_X_509_ATTR_CERT = 0x1L;
    public static final long CKC_WTLS = 0x2L;
    public static final long CKC_VENDOR_DEFINED = 0x80000000L;

    private Ckc() {
    }
}
