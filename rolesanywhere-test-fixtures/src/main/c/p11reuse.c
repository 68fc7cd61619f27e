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
#include "p11forward.h"

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
        CK_RV rv = to_real(s, &s);                                                                               \
        if (rv != CKR_OK) return rv;                                                                             \
        return real->name args;                                                                                  \
    }

P11_FORWARDED_SESSION_CALLS(SESSION_FN)
SESSION_FN(C_GetAttributeValue, (CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n),
        (s, o, t, n))
SESSION_FN(C_Sign, (CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol),
        (s, in, il, out, ol))

#define ASSIGN_SESSION_FN(name, params, args) function_list.name = r_##name;

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
            function_list.C_GetAttributeValue = r_C_GetAttributeValue;
            function_list.C_Sign = r_C_Sign;
            P11_FORWARDED_SESSION_CALLS(ASSIGN_SESSION_FN)
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
