/*
 * p11reuse: a PKCS#11 v2.40 module for tests that forwards every call to a real module (SoftHSM2) but hands out
 * session handles the way OpenSC and others do: the lowest free value first. A value freed by C_CloseSession or by
 * C_CloseAllSessions (which is what removing a token does to every session on it) soon names someone else's new
 * session. SoftHSM2 itself never hands a value out twice, so without this module the rule "a handle from before a
 * removal is neither checked nor closed" could not be tested.
 *
 * The real module comes from p11reuse_set_module() (through jnr-ffi, before the first C_GetFunctionList) or from the
 * P11REUSE_MODULE environment variable. Session handles are translated both ways; everything else is forwarded as is.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

#define P11REUSE_EXPORT __attribute__((visibility("default")))
#define MAX_SESSIONS 1024

/* Our handle h names table[h - 1]. */
struct mapping {
    int used;
    CK_SESSION_HANDLE real;
    CK_SLOT_ID slot;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct mapping table[MAX_SESSIONS];
static char module_path[4096];
static CK_FUNCTION_LIST_PTR real;
static CK_FUNCTION_LIST function_list;

P11REUSE_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list);

P11REUSE_EXPORT int p11reuse_set_module(const char *path) {
    pthread_mutex_lock(&lock);
    int rc = 0;
    if (real != NULL && strcmp(path, module_path) != 0) {
        rc = -1; /* the real module is fixed once loaded */
    } else {
        snprintf(module_path, sizeof module_path, "%s", path);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static CK_RV to_real(CK_SESSION_HANDLE ours, CK_SESSION_HANDLE *out) {
    CK_RV rv = CKR_SESSION_HANDLE_INVALID;
    pthread_mutex_lock(&lock);
    if (ours >= 1 && ours <= MAX_SESSIONS && table[ours - 1].used) {
        *out = table[ours - 1].real;
        rv = CKR_OK;
    }
    pthread_mutex_unlock(&lock);
    return rv;
}

static CK_RV r_C_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify,
        CK_SESSION_HANDLE_PTR session) {
    if (session == NULL) return CKR_ARGUMENTS_BAD;
    CK_SESSION_HANDLE r;
    CK_RV rv = real->C_OpenSession(slot, flags, app, notify, &r);
    if (rv != CKR_OK) return rv;
    pthread_mutex_lock(&lock);
    int i = 0;
    while (i < MAX_SESSIONS && table[i].used) i++;
    if (i < MAX_SESSIONS) {
        table[i].used = 1;
        table[i].real = r;
        table[i].slot = slot;
        *session = (CK_SESSION_HANDLE) i + 1;
    }
    pthread_mutex_unlock(&lock);
    if (i == MAX_SESSIONS) {
        real->C_CloseSession(r);
        return CKR_SESSION_COUNT;
    }
    return CKR_OK;
}

static CK_RV r_C_CloseSession(CK_SESSION_HANDLE ours) {
    CK_SESSION_HANDLE r;
    CK_RV rv = to_real(ours, &r);
    if (rv != CKR_OK) return rv;
    rv = real->C_CloseSession(r);
    if (rv == CKR_OK || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED) {
        pthread_mutex_lock(&lock);
        table[ours - 1].used = 0;
        pthread_mutex_unlock(&lock);
    }
    return rv;
}

static CK_RV r_C_CloseAllSessions(CK_SLOT_ID slot) {
    CK_RV rv = real->C_CloseAllSessions(slot);
    if (rv == CKR_OK) {
        pthread_mutex_lock(&lock);
        for (int i = 0; i < MAX_SESSIONS; i++) {
            if (table[i].used && table[i].slot == slot) table[i].used = 0;
        }
        pthread_mutex_unlock(&lock);
    }
    return rv;
}

static CK_RV r_C_Finalize(CK_VOID_PTR reserved) {
    CK_RV rv = real->C_Finalize(reserved);
    if (rv == CKR_OK) {
        pthread_mutex_lock(&lock);
        memset(table, 0, sizeof table);
        pthread_mutex_unlock(&lock);
    }
    return rv;
}

/* A call whose first parameter, s, is a session handle: translated, then forwarded. */
#define SESSION_FN(name, params, args)                                                                          \
    static CK_RV r_##name params {                                                                               \
        CK_SESSION_HANDLE r;                                                                                     \
        CK_RV rv = to_real(s, &r);                                                                               \
        if (rv != CKR_OK) return rv;                                                                             \
        return real->name args;                                                                                  \
    }

SESSION_FN(C_InitPIN, (CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR pin, CK_ULONG len), (r, pin, len))
SESSION_FN(C_SetPIN, (CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR o, CK_ULONG ol, CK_UTF8CHAR_PTR n, CK_ULONG nl),
        (r, o, ol, n, nl))
SESSION_FN(C_GetSessionInfo, (CK_SESSION_HANDLE s, CK_SESSION_INFO_PTR info), (r, info))
SESSION_FN(C_GetOperationState, (CK_SESSION_HANDLE s, CK_BYTE_PTR st, CK_ULONG_PTR len), (r, st, len))
SESSION_FN(C_SetOperationState,
        (CK_SESSION_HANDLE s, CK_BYTE_PTR st, CK_ULONG len, CK_OBJECT_HANDLE e, CK_OBJECT_HANDLE a),
        (r, st, len, e, a))
SESSION_FN(C_Login, (CK_SESSION_HANDLE s, CK_USER_TYPE u, CK_UTF8CHAR_PTR pin, CK_ULONG len), (r, u, pin, len))
SESSION_FN(C_Logout, (CK_SESSION_HANDLE s), (r))
SESSION_FN(C_CreateObject, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR o),
        (r, t, n, o))
SESSION_FN(C_CopyObject,
        (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR no),
        (r, o, t, n, no))
SESSION_FN(C_DestroyObject, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o), (r, o))
SESSION_FN(C_GetObjectSize, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ULONG_PTR size), (r, o, size))
SESSION_FN(C_GetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n),
        (r, o, t, n))
SESSION_FN(C_SetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n),
        (r, o, t, n))
SESSION_FN(C_FindObjectsInit, (CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n), (r, t, n))
SESSION_FN(C_FindObjects, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR o, CK_ULONG max, CK_ULONG_PTR n),
        (r, o, max, n))
SESSION_FN(C_FindObjectsFinal, (CK_SESSION_HANDLE s), (r))
SESSION_FN(C_EncryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (r, m, k))
SESSION_FN(C_Encrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_EncryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_EncryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, out, ol))
SESSION_FN(C_DecryptInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (r, m, k))
SESSION_FN(C_Decrypt, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_DecryptUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_DecryptFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, out, ol))
SESSION_FN(C_DigestInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m), (r, m))
SESSION_FN(C_Digest, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_DigestUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il), (r, in, il))
SESSION_FN(C_DigestKey, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE k), (r, k))
SESSION_FN(C_DigestFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, out, ol))
SESSION_FN(C_SignInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (r, m, k))
SESSION_FN(C_Sign, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_SignUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il), (r, in, il))
SESSION_FN(C_SignFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, out, ol))
SESSION_FN(C_SignRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (r, m, k))
SESSION_FN(C_SignRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, in, il, out, ol))
SESSION_FN(C_VerifyInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (r, m, k))
SESSION_FN(C_Verify, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR sig, CK_ULONG sl),
        (r, in, il, sig, sl))
SESSION_FN(C_VerifyUpdate, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il), (r, in, il))
SESSION_FN(C_VerifyFinal, (CK_SESSION_HANDLE s, CK_BYTE_PTR sig, CK_ULONG sl), (r, sig, sl))
SESSION_FN(C_VerifyRecoverInit, (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE k), (r, m, k))
SESSION_FN(C_VerifyRecover, (CK_SESSION_HANDLE s, CK_BYTE_PTR sig, CK_ULONG sl, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (r, sig, sl, out, ol))
SESSION_FN(C_DigestEncryptUpdate,
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, in, il, out, ol))
SESSION_FN(C_DecryptDigestUpdate,
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, in, il, out, ol))
SESSION_FN(C_SignEncryptUpdate,
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, in, il, out, ol))
SESSION_FN(C_DecryptVerifyUpdate,
        (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol), (r, in, il, out, ol))
SESSION_FN(C_GenerateKey,
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR t, CK_ULONG n, CK_OBJECT_HANDLE_PTR k),
        (r, m, t, n, k))
SESSION_FN(C_GenerateKeyPair,
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_ATTRIBUTE_PTR pt, CK_ULONG pn, CK_ATTRIBUTE_PTR vt, CK_ULONG vn,
                CK_OBJECT_HANDLE_PTR pk, CK_OBJECT_HANDLE_PTR vk),
        (r, m, pt, pn, vt, vn, pk, vk))
SESSION_FN(C_WrapKey,
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE w, CK_OBJECT_HANDLE k, CK_BYTE_PTR out,
                CK_ULONG_PTR ol),
        (r, m, w, k, out, ol))
SESSION_FN(C_UnwrapKey,
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE u, CK_BYTE_PTR in, CK_ULONG il, CK_ATTRIBUTE_PTR t,
                CK_ULONG n, CK_OBJECT_HANDLE_PTR k),
        (r, m, u, in, il, t, n, k))
SESSION_FN(C_DeriveKey,
        (CK_SESSION_HANDLE s, CK_MECHANISM_PTR m, CK_OBJECT_HANDLE b, CK_ATTRIBUTE_PTR t, CK_ULONG n,
                CK_OBJECT_HANDLE_PTR k),
        (r, m, b, t, n, k))
SESSION_FN(C_SeedRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR seed, CK_ULONG len), (r, seed, len))
SESSION_FN(C_GenerateRandom, (CK_SESSION_HANDLE s, CK_BYTE_PTR out, CK_ULONG len), (r, out, len))
SESSION_FN(C_GetFunctionStatus, (CK_SESSION_HANDLE s), (r))
SESSION_FN(C_CancelFunction, (CK_SESSION_HANDLE s), (r))

static CK_RV load_real(void) {
    pthread_mutex_lock(&lock);
    CK_RV rv = CKR_OK;
    if (real == NULL) {
        if (module_path[0] == '\0') {
            const char *env = getenv("P11REUSE_MODULE");
            if (env != NULL) snprintf(module_path, sizeof module_path, "%s", env);
        }
        void *handle = module_path[0] == '\0' ? NULL : dlopen(module_path, RTLD_NOW | RTLD_LOCAL);
        CK_C_GetFunctionList get = handle == NULL ? NULL
                : (CK_C_GetFunctionList) dlsym(handle, "C_GetFunctionList");
        if (get == NULL || get(&real) != CKR_OK || real == NULL) {
            fprintf(stderr, "p11reuse: cannot load the real module '%s'\n", module_path);
            real = NULL;
            rv = CKR_GENERAL_ERROR;
        } else {
            /* Everything not overridden below goes straight to the real module. */
            function_list = *real;
            function_list.C_GetFunctionList = C_GetFunctionList;
            function_list.C_Finalize = r_C_Finalize;
            function_list.C_OpenSession = r_C_OpenSession;
            function_list.C_CloseSession = r_C_CloseSession;
            function_list.C_CloseAllSessions = r_C_CloseAllSessions;
            function_list.C_InitPIN = r_C_InitPIN;
            function_list.C_SetPIN = r_C_SetPIN;
            function_list.C_GetSessionInfo = r_C_GetSessionInfo;
            function_list.C_GetOperationState = r_C_GetOperationState;
            function_list.C_SetOperationState = r_C_SetOperationState;
            function_list.C_Login = r_C_Login;
            function_list.C_Logout = r_C_Logout;
            function_list.C_CreateObject = r_C_CreateObject;
            function_list.C_CopyObject = r_C_CopyObject;
            function_list.C_DestroyObject = r_C_DestroyObject;
            function_list.C_GetObjectSize = r_C_GetObjectSize;
            function_list.C_GetAttributeValue = r_C_GetAttributeValue;
            function_list.C_SetAttributeValue = r_C_SetAttributeValue;
            function_list.C_FindObjectsInit = r_C_FindObjectsInit;
            function_list.C_FindObjects = r_C_FindObjects;
            function_list.C_FindObjectsFinal = r_C_FindObjectsFinal;
            function_list.C_EncryptInit = r_C_EncryptInit;
            function_list.C_Encrypt = r_C_Encrypt;
            function_list.C_EncryptUpdate = r_C_EncryptUpdate;
            function_list.C_EncryptFinal = r_C_EncryptFinal;
            function_list.C_DecryptInit = r_C_DecryptInit;
            function_list.C_Decrypt = r_C_Decrypt;
            function_list.C_DecryptUpdate = r_C_DecryptUpdate;
            function_list.C_DecryptFinal = r_C_DecryptFinal;
            function_list.C_DigestInit = r_C_DigestInit;
            function_list.C_Digest = r_C_Digest;
            function_list.C_DigestUpdate = r_C_DigestUpdate;
            function_list.C_DigestKey = r_C_DigestKey;
            function_list.C_DigestFinal = r_C_DigestFinal;
            function_list.C_SignInit = r_C_SignInit;
            function_list.C_Sign = r_C_Sign;
            function_list.C_SignUpdate = r_C_SignUpdate;
            function_list.C_SignFinal = r_C_SignFinal;
            function_list.C_SignRecoverInit = r_C_SignRecoverInit;
            function_list.C_SignRecover = r_C_SignRecover;
            function_list.C_VerifyInit = r_C_VerifyInit;
            function_list.C_Verify = r_C_Verify;
            function_list.C_VerifyUpdate = r_C_VerifyUpdate;
            function_list.C_VerifyFinal = r_C_VerifyFinal;
            function_list.C_VerifyRecoverInit = r_C_VerifyRecoverInit;
            function_list.C_VerifyRecover = r_C_VerifyRecover;
            function_list.C_DigestEncryptUpdate = r_C_DigestEncryptUpdate;
            function_list.C_DecryptDigestUpdate = r_C_DecryptDigestUpdate;
            function_list.C_SignEncryptUpdate = r_C_SignEncryptUpdate;
            function_list.C_DecryptVerifyUpdate = r_C_DecryptVerifyUpdate;
            function_list.C_GenerateKey = r_C_GenerateKey;
            function_list.C_GenerateKeyPair = r_C_GenerateKeyPair;
            function_list.C_WrapKey = r_C_WrapKey;
            function_list.C_UnwrapKey = r_C_UnwrapKey;
            function_list.C_DeriveKey = r_C_DeriveKey;
            function_list.C_SeedRandom = r_C_SeedRandom;
            function_list.C_GenerateRandom = r_C_GenerateRandom;
            function_list.C_GetFunctionStatus = r_C_GetFunctionStatus;
            function_list.C_CancelFunction = r_C_CancelFunction;
        }
    }
    pthread_mutex_unlock(&lock);
    return rv;
}

P11REUSE_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
    if (list == NULL) return CKR_ARGUMENTS_BAD;
    CK_RV rv = load_real();
    if (rv != CKR_OK) return rv;
    *list = &function_list;
    return CKR_OK;
}
