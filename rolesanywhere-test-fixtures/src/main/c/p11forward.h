/*
 * The PKCS#11 v2.40 calls that take a session handle first (named s) and that the test modules forward as they are,
 * apart from what each module does with the handle: X(name, parameters, arguments). C_Sign and C_GetAttributeValue
 * are left out because p11fault changes what they return.
 */
#ifndef P11_FORWARDED_SESSION_CALLS
#define P11_FORWARDED_SESSION_CALLS(X) \
    X(C_InitPIN, (CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR pin, CK_ULONG len), (s, pin, len))                            \
    X(C_SetPIN, (CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR o, CK_ULONG ol, CK_UTF8CHAR_PTR n, CK_ULONG nl),               \
        (s, o, ol, n, nl))                                                                                           \
    X(C_GetSessionInfo, (CK_SESSION_HANDLE s, CK_SESSION_INFO_PTR info), (s, info))                                  \
    X(C_GetOperationState, (CK_SESSION_HANDLE s, CK_BYTE_PTR st, CK_ULONG_PTR len), (s, st, len))                    \
    X(C_SetOperationState,                                                                                           \
        (CK_SESSION_HANDLE s, CK_BYTE_PTR st, CK_ULONG len, CK_OBJECT_HANDLE e, CK_OBJECT_HANDLE a),                 \
        (s, st, len, e, a))                                                                                          \
    X(C_Login, (CK_SESSION_HANDLE s, CK_USER_TYPE u, CK_UTF8CHAR_PTR pin, CK_ULONG len), (s, u, pin, len))           \
    X(C_Logout, (CK_SESSION_HANDLE s), (s))                                                                          \
    X(C_CreateObject, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR o),                 \
        (s, t, n, o))                                                                                                \
    X(C_CopyObject,                                                                                                  \
        (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR no),          \
        (s, o, t, n, no))                                                                                            \
    X(C_DestroyObject, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o), (s, o))                                            \
    X(C_GetObjectSize, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ULONG_PTR size), (s, o, size))                   \
    X(C_SetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n),                \
        (s, o, t, n))                                                                                                \
    X(C_FindObjectsInit, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n), (s, t, n))                           \
    X(C_FindObjects, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR o, CK_ULONG max, CK_ULONG_PTR n),                    \
        (s, o, max, n))                                                                                              \
    X(C_FindObjectsFinal, (CK_SESSION_HANDLE s), (s))                                                                \
    X(C_EncryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))                       \
    X(C_Encrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),               \
        (s, in, il, out, ol))                                                                                        \
    X(C_EncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),         \
        (s, in, il, out, ol))                                                                                        \
    X(C_EncryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, out, ol))                         \
    X(C_DecryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))                       \
    X(C_Decrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),               \
        (s, in, il, out, ol))                                                                                        \
    X(C_DecryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),         \
        (s, in, il, out, ol))                                                                                        \
    X(C_DecryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, out, ol))                         \
    X(C_DigestInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m), (s, m))                                               \
    X(C_Digest, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),                \
        (s, in, il, out, ol))                                                                                        \
    X(C_DigestUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il), (s, in, il))                               \
    X(C_DigestKey, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE k), (s, k))                                                \
    X(C_DigestFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, out, ol))                          \
    X(C_SignInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))                          \
    X(C_SignUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il), (s, in, il))                                 \
    X(C_SignFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, out, ol))                            \
    X(C_SignRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))                   \
    X(C_SignRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),           \
        (s, in, il, out, ol))                                                                                        \
    X(C_VerifyInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))                        \
    X(C_Verify, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR sig, CK_ULONG sl),                    \
        (s, in, il, sig, sl))                                                                                        \
    X(C_VerifyUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il), (s, in, il))                               \
    X(C_VerifyFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR sig, CK_ULONG sl), (s, sig, sl))                              \
    X(C_VerifyRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (s, m, k))                 \
    X(C_VerifyRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR sig, CK_ULONG sl, CK_BYTE_PTR out, CK_ULONG_PTR ol),        \
        (s, sig, sl, out, ol))                                                                                       \
    X(C_DigestEncryptUpdate,                                                                                         \
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, in, il, out, ol))  \
    X(C_DecryptDigestUpdate,                                                                                         \
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, in, il, out, ol))  \
    X(C_SignEncryptUpdate,                                                                                           \
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, in, il, out, ol))  \
    X(C_DecryptVerifyUpdate,                                                                                         \
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (s, in, il, out, ol))  \
    X(C_GenerateKey,                                                                                                 \
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k),           \
        (s, m, t, n, k))                                                                                             \
    X(C_GenerateKeyPair,                                                                                             \
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR pt, CK_ULONG pn, CK_ATTRIBUTE_PTR vt, CK_ULONG vn, \
        CK_OBJECT_HANDLE_PTR pk, CK_OBJECT_HANDLE_PTR vk),                                                           \
        (s, m, pt, pn, vt, vn, pk, vk))                                                                              \
    X(C_WrapKey,                                                                                                     \
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE w, CK_OBJECT_HANDLE k, CK_BYTE_PTR out,           \
        CK_ULONG_PTR ol),                                                                                            \
        (s, m, w, k, out, ol))                                                                                       \
    X(C_UnwrapKey,                                                                                                   \
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE u, CK_BYTE_PTR in, CK_ULONG il, CK_ATTRIBUTE_PTR t, \
        CK_ULONG n, CK_OBJECT_HANDLE_PTR k),                                                                         \
        (s, m, u, in, il, t, n, k))                                                                                  \
    X(C_DeriveKey,                                                                                                   \
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE b, CK_ATTRIBUTE_PTR t, CK_ULONG n,                \
        CK_OBJECT_HANDLE_PTR k),                                                                                     \
        (s, m, b, t, n, k))                                                                                          \
    X(C_SeedRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR seed, CK_ULONG len), (s, seed, len))                           \
    X(C_GenerateRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG len), (s, out, len))                         \
    X(C_GetFunctionStatus, (CK_SESSION_HANDLE s), (s))                                                               \
    X(C_CancelFunction, (CK_SESSION_HANDLE s), (s))
#endif
