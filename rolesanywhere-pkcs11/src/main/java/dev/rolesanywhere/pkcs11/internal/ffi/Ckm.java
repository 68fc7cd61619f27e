package dev.rolesanywhere.pkcs11.internal.ffi;

/** Mechanism types ({@code CK_MECHANISM_TYPE}) for key generation, signing and digesting. */
public final class Ckm {
    public static final long CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0L;
    public static final long CKM_RSA_PKCS = 0x1L;
    public static final long CKM_RSA_X_509 = 0x3L;
    public static final long CKM_RSA_PKCS_PSS = 0xDL;
    public static final long CKM_SHA1_RSA_PKCS = 0x6L;
    public static final long CKM_SHA256_RSA_PKCS = 0x40L;
    public static final long CKM_SHA384_RSA_PKCS = 0x41L;
    public static final long CKM_SHA512_RSA_PKCS = 0x42L;
    public static final long CKM_SHA256_RSA_PKCS_PSS = 0x43L;
    public static final long CKM_SHA384_RSA_PKCS_PSS = 0x44L;
    public static final long CKM_SHA512_RSA_PKCS_PSS = 0x45L;
    public static final long CKM_SHA_1 = 0x220L;
    public static final long CKM_SHA256 = 0x250L;
    public static final long CKM_SHA384 = 0x260L;
    public static final long CKM_SHA512 = 0x270L;
    public static final long CKM_EC_KEY_PAIR_GEN = 0x1040L;
    public static final long CKM_ECDSA = 0x1041L;
    public static final long CKM_ECDSA_SHA1 = 0x1042L;
    public static final long CKM_ECDSA_SHA224 = 0x1043L;
    public static final long CKM_ECDSA_SHA256 = 0x1044L;
    public static final long CKM_ECDSA_SHA384 = 0x1045L;
    public static final long CKM_ECDSA_SHA512 = 0x1046L;
    public static final long CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055L;
    public static final long CKM_EDDSA = 0x1057L;
    public static final long CKM_AES_KEY_GEN = 0x1080L;
    public static final long CKM_VENDOR_DEFINED = 0x80000000L;

    private Ckm() {
    }
}
