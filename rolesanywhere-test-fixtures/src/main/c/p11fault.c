/*
 * p11fault: a PKCS#11 v2.40 module for tests that forwards every call to a real module (SoftHSM2) and answers
 * chosen calls with chosen CKR_* codes instead, so the Java layer's error handling can be exercised against real
 * token behaviour everywhere else.
 *
 * The real module comes from p11fault_set_module() (called through jnr-ffi before the first C_GetFunctionList) or,
 * for command-line tools such as pkcs11-tool, from the P11FAULT_MODULE environment variable. Loading the same .so
 * path again in one process returns the same handle, so the Java test controls the very instance the code under test
 * uses.
 *
 * Control functions (all thread-safe):
 *   p11fault_inject("C_Sign", CKR_SESSION_HANDLE_INVALID, 1)   next call fails (times < 0: until reset)
 *   p11fault_inject_after("C_Sign", CKR_DEVICE_ERROR, 2, 1)     third call fails, the two before are forwarded
 *   p11fault_block("C_Sign") / p11fault_release("C_Sign")        callers wait inside the module until released
 *   p11fault_await_blocked("C_Sign", 2, 5000)                    waits (bounded) until 2 callers are held
 *   p11fault_count("C_Login")                                   calls seen since the last reset
 *   p11fault_reset()                                            clears faults, counters and modes
 *   p11fault_set_token_removed(1)                               the token looks pulled out
 *   p11fault_set_initialize_mode(P11FAULT_INIT_CANT_LOCK)       C_Initialize behaviours, see below
 *   p11fault_set_token_flags(CKF_USER_PIN_FINAL_TRY, 0)         flags C_GetTokenInfo sets and clears (0, 0: none)
 *
 * Device imitations (see "Device imitations" below; also cleared by p11fault_reset):
 *   p11fault_set_delay_us(1000)                                 every PKCS#11 call takes 1 ms longer, like a round
 *                                                               trip to a network HSM; P11FAULT_DELAY_US sets the
 *                                                               same for command-line tools (kept across resets)
 *   p11fault_set_zero_length_attribute(CKA_ALWAYS_AUTHENTICATE) C_GetAttributeValue reports ulValueLen 0 for it
 *   p11fault_set_strip_leading_zeros(1)                         C_Sign drops leading zero bytes of a signature
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <p11-kit/pkcs11.h>
#include "p11forward.h"
#include <stdatomic.h>

#define P11FAULT_EXPORT __attribute__((visibility("default")))

/* C_Initialize behaviours */
#define P11FAULT_INIT_NORMAL 0
/* CKR_CANT_LOCK when the caller asks for OS locking (CKF_OS_LOCKING_OK); forwarded when args are NULL */
#define P11FAULT_INIT_CANT_LOCK 1
/* the real module is initialised but the caller hears CKR_CRYPTOKI_ALREADY_INITIALIZED, as if another library in
 * the process had initialised it first */
#define P11FAULT_INIT_ALREADY_INITIALIZED 2

#define MAX_FAULTS 64
#define MAX_COUNTED 96
#define NAME_LEN 40

struct fault {
    char name[NAME_LEN];
    CK_RV rv;
    int skip;      /* calls to forward before the fault starts */
    int remaining; /* < 0: forever */
};

/* A gate holds callers of one function inside the module, so a test can line up concurrent calls exactly. */
struct gate {
    char name[NAME_LEN];
    int closed;
    int waiting;
};
#define MAX_GATES 16

struct counter {
    char name[NAME_LEN];
    unsigned long calls;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_changed = PTHREAD_COND_INITIALIZER;
static struct fault faults[MAX_FAULTS];
static struct gate gates[MAX_GATES];
static struct counter counters[MAX_COUNTED];
static int token_removed;
static int initialize_mode;
static char module_path[4096];
static void *real_handle;
static CK_FUNCTION_LIST_PTR real;

P11FAULT_EXPORT int p11fault_set_module(const char *path) {
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

P11FAULT_EXPORT void p11fault_inject_after(const char *function, unsigned long rv, int skip, int times) {
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_FAULTS; i++) {
        if (faults[i].name[0] == '\0') {
            snprintf(faults[i].name, NAME_LEN, "%s", function);
            faults[i].rv = rv;
            faults[i].skip = skip;
            faults[i].remaining = times;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

P11FAULT_EXPORT void p11fault_inject(const char *function, unsigned long rv, int times) {
    p11fault_inject_after(function, rv, 0, times);
}

/* Caller holds the lock. */
static struct gate *find_gate(const char *function, int create) {
    for (int i = 0; i < MAX_GATES; i++) {
        if (gates[i].name[0] != '\0' && strcmp(gates[i].name, function) == 0) {
            return &gates[i];
        }
    }
    if (create) {
        for (int i = 0; i < MAX_GATES; i++) {
            if (gates[i].name[0] == '\0') {
                snprintf(gates[i].name, NAME_LEN, "%s", function);
                return &gates[i];
            }
        }
    }
    return NULL;
}

P11FAULT_EXPORT void p11fault_block(const char *function) {
    pthread_mutex_lock(&lock);
    struct gate *g = find_gate(function, 1);
    if (g != NULL) {
        g->closed = 1;
    }
    pthread_mutex_unlock(&lock);
}

P11FAULT_EXPORT void p11fault_release(const char *function) {
    pthread_mutex_lock(&lock);
    struct gate *g = find_gate(function, 0);
    if (g != NULL) {
        g->closed = 0;
    }
    pthread_cond_broadcast(&gate_changed);
    pthread_mutex_unlock(&lock);
}

/* Waits until at least `callers` calls of `function` are held by its gate, or timeout_ms pass; returns how many are. */
P11FAULT_EXPORT int p11fault_await_blocked(const char *function, int callers, long timeout_ms) {
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&lock);
    int waiting = 0;
    for (;;) {
        struct gate *g = find_gate(function, 0);
        waiting = g == NULL ? 0 : g->waiting;
        if (waiting >= callers) break;
        if (pthread_cond_timedwait(&gate_changed, &lock, &deadline) != 0) {
            g = find_gate(function, 0);
            waiting = g == NULL ? 0 : g->waiting;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return waiting;
}

P11FAULT_EXPORT unsigned long p11fault_count(const char *function) {
    unsigned long n = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_COUNTED && counters[i].name[0] != '\0'; i++) {
        if (strcmp(counters[i].name, function) == 0) {
            n = counters[i].calls;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return n;
}

static void reset_device_imitations(void);

P11FAULT_EXPORT void p11fault_reset(void) {
    reset_device_imitations();
    pthread_mutex_lock(&lock);
    memset(faults, 0, sizeof faults);
    memset(counters, 0, sizeof counters);
    for (int i = 0; i < MAX_GATES; i++) {
        gates[i].closed = 0; /* held callers leave; their waiting counts drop as they go */
    }
    pthread_cond_broadcast(&gate_changed);
    token_removed = 0;
    initialize_mode = P11FAULT_INIT_NORMAL;
    pthread_mutex_unlock(&lock);
}

P11FAULT_EXPORT void p11fault_set_token_removed(int removed) {
    pthread_mutex_lock(&lock);
    token_removed = removed;
    pthread_mutex_unlock(&lock);
}

P11FAULT_EXPORT void p11fault_set_initialize_mode(int mode) {
    pthread_mutex_lock(&lock);
    initialize_mode = mode;
    pthread_mutex_unlock(&lock);
}

static void add_latency(void);

/* Counts the call and returns 1 with *rv set when an injected fault answers it instead of the real module. */
static int intercept(const char *function, CK_RV *rv) {
    add_latency();
    int hit = 0;
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < MAX_COUNTED && counters[i].name[0] != '\0'; i++) {
        if (strcmp(counters[i].name, function) == 0) {
            break;
        }
    }
    if (i < MAX_COUNTED) {
        if (counters[i].name[0] == '\0') {
            snprintf(counters[i].name, NAME_LEN, "%s", function);
        }
        counters[i].calls++;
    }
    struct gate *g = find_gate(function, 0);
    if (g != NULL && g->closed) {
        g->waiting++;
        pthread_cond_broadcast(&gate_changed);
        while (g->closed) {
            pthread_cond_wait(&gate_changed, &lock);
        }
        g->waiting--;
        pthread_cond_broadcast(&gate_changed);
    }
    for (int f = 0; f < MAX_FAULTS; f++) {
        if (faults[f].name[0] != '\0' && faults[f].remaining != 0 && strcmp(faults[f].name, function) == 0) {
            if (faults[f].skip > 0) {
                faults[f].skip--;
                break;
            }
            *rv = faults[f].rv;
            if (faults[f].remaining > 0) {
                faults[f].remaining--;
            }
            hit = 1;
            break;
        }
    }
    pthread_mutex_unlock(&lock);
    return hit;
}

static int is_removed(void) {
    pthread_mutex_lock(&lock);
    int r = token_removed;
    pthread_mutex_unlock(&lock);
    return r;
}

static CK_RV load_real(void) {
    pthread_mutex_lock(&lock);
    CK_RV rv = CKR_OK;
    if (real == NULL) {
        if (module_path[0] == '\0') {
            const char *env = getenv("P11FAULT_MODULE");
            if (env != NULL) {
                snprintf(module_path, sizeof module_path, "%s", env);
            }
        }
        if (module_path[0] == '\0') {
            fprintf(stderr, "p11fault: no real module: call p11fault_set_module() or set P11FAULT_MODULE\n");
            rv = CKR_GENERAL_ERROR;
        } else {
            real_handle = dlopen(module_path, RTLD_NOW | RTLD_LOCAL);
            CK_C_GetFunctionList get = real_handle == NULL ? NULL
                    : (CK_C_GetFunctionList) dlsym(real_handle, "C_GetFunctionList");
            if (get == NULL || get(&real) != CKR_OK || real == NULL) {
                const char *why = dlerror();
                fprintf(stderr, "p11fault: cannot load %s: %s\n", module_path,
                        why != NULL ? why : "C_GetFunctionList failed");
                real = NULL;
                rv = CKR_GENERAL_ERROR;
            }
        }
    }
    pthread_mutex_unlock(&lock);
    return rv;
}

/*
 * Device imitations: behaviours of real modules and networks that SoftHSM2 does not have. Kept apart from the fault
 * table above; each is one atomic setting, read without the lock so that a delay never serialises callers.
 */
#define MAX_ZERO_LENGTH 8

static atomic_long delay_us = -1; /* -1: not read from P11FAULT_DELAY_US yet */
static atomic_long env_delay_us = -1;
static atomic_ulong zero_length_types[MAX_ZERO_LENGTH];
static atomic_int zero_length_count;
static atomic_int strip_leading_zeros;

static long delay_from_environment(void) {
    long cached = atomic_load(&env_delay_us);
    if (cached < 0) {
        const char *env = getenv("P11FAULT_DELAY_US");
        cached = env == NULL ? 0 : strtol(env, NULL, 10);
        if (cached < 0) cached = 0;
        atomic_store(&env_delay_us, cached);
    }
    return cached;
}

/* Sleeps outside every lock, so concurrent callers are delayed side by side, as on a network. */
static void add_latency(void) {
    long us = atomic_load(&delay_us);
    if (us < 0) {
        us = delay_from_environment();
        atomic_store(&delay_us, us);
    }
    if (us == 0) return;
    struct timespec t = {us / 1000000L, (us % 1000000L) * 1000L};
    while (nanosleep(&t, &t) != 0) {
    }
}

P11FAULT_EXPORT void p11fault_set_delay_us(long us) {
    atomic_store(&delay_us, us < 0 ? 0 : us);
}

P11FAULT_EXPORT void p11fault_set_zero_length_attribute(unsigned long type) {
    int i = atomic_fetch_add(&zero_length_count, 1);
    if (i < MAX_ZERO_LENGTH) {
        atomic_store(&zero_length_types[i], type);
    }
}

P11FAULT_EXPORT void p11fault_set_strip_leading_zeros(int strip) {
    atomic_store(&strip_leading_zeros, strip);
}

static void reset_device_imitations(void) {
    atomic_store(&delay_us, delay_from_environment());
    atomic_store(&zero_length_count, 0);
    atomic_store(&strip_leading_zeros, 0);
}

static int reports_zero_length(CK_ATTRIBUTE_TYPE type) {
    int n = atomic_load(&zero_length_count);
    for (int i = 0; i < n && i < MAX_ZERO_LENGTH; i++) {
        if (atomic_load(&zero_length_types[i]) == type) return 1;
    }
    return 0;
}

/* Old tpm2-pkcs11 and corePKCS11 answer CKR_OK with ulValueLen 0 for attributes they do not implement. */
static CK_RV w_C_GetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t, CK_ULONG n) {
    CK_RV rv;
    if (intercept("C_GetAttributeValue", &rv)) return rv;
    if (is_removed()) return CKR_DEVICE_REMOVED;
    rv = real->C_GetAttributeValue(s, o, t, n);
    if (rv == CKR_OK || rv == CKR_ATTRIBUTE_SENSITIVE || rv == CKR_ATTRIBUTE_TYPE_INVALID) {
        for (CK_ULONG i = 0; i < n; i++) {
            if (reports_zero_length(t[i].type)) t[i].ulValueLen = 0;
        }
    }
    return rv;
}

/* Some RSA modules return the signature as an integer without its leading zero bytes. */
static CK_RV w_C_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG il, CK_BYTE_PTR out, CK_ULONG_PTR ol) {
    CK_RV rv;
    if (intercept("C_Sign", &rv)) return rv;
    if (is_removed()) return CKR_DEVICE_REMOVED;
    rv = real->C_Sign(s, in, il, out, ol);
    if (rv == CKR_OK && out != NULL && ol != NULL && atomic_load(&strip_leading_zeros)) {
        CK_ULONG zeros = 0;
        while (zeros + 1 < *ol && out[zeros] == 0) zeros++;
        memmove(out, out + zeros, *ol - zeros);
        *ol -= zeros;
    }
    return rv;
}

/* Session-bound calls: an injected fault first, then a removed token, then the real module. */
#define SESSION_CALL(name, params, args)                                                                        \
    static CK_RV w_##name params {                                                                               \
        CK_RV rv;                                                                                                \
        if (intercept(#name, &rv)) return rv;                                                                    \
        if (is_removed()) return CKR_DEVICE_REMOVED;                                                             \
        return real->name args;                                                                                  \
    }

/* Slot-bound calls that need a token. */
#define TOKEN_CALL(name, params, args)                                                                          \
    static CK_RV w_##name params {                                                                               \
        CK_RV rv;                                                                                                \
        if (intercept(#name, &rv)) return rv;                                                                    \
        if (is_removed()) return CKR_TOKEN_NOT_PRESENT;                                                          \
        return real->name args;                                                                                  \
    }

/* Calls that do not depend on a token. */
#define PLAIN_CALL(name, params, args)                                                                          \
    static CK_RV w_##name params {                                                                               \
        CK_RV rv;                                                                                                \
        if (intercept(#name, &rv)) return rv;                                                                    \
        return real->name args;                                                                                  \
    }

static CK_RV w_C_Initialize(CK_VOID_PTR init_args) {
    CK_RV rv;
    if (intercept("C_Initialize", &rv)) return rv;
    rv = load_real();
    if (rv != CKR_OK) return rv;
    pthread_mutex_lock(&lock);
    int mode = initialize_mode;
    pthread_mutex_unlock(&lock);
    CK_C_INITIALIZE_ARGS_PTR args = (CK_C_INITIALIZE_ARGS_PTR) init_args;
    if (mode == P11FAULT_INIT_CANT_LOCK && args != NULL && (args->flags & CKF_OS_LOCKING_OK)) {
        return CKR_CANT_LOCK;
    }
    rv = real->C_Initialize(init_args);
    if (mode == P11FAULT_INIT_ALREADY_INITIALIZED && (rv == CKR_OK || rv == CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
        return CKR_CRYPTOKI_ALREADY_INITIALIZED;
    }
    return rv;
}

PLAIN_CALL(C_Finalize, (CK_VOID_PTR reserved), (reserved))
PLAIN_CALL(C_GetInfo, (CK_INFO_PTR info), (info))

static CK_RV w_C_GetSlotList(CK_BBOOL token_present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
    CK_RV rv;
    if (intercept("C_GetSlotList", &rv)) return rv;
    if (is_removed() && token_present) {
        if (count == NULL) return CKR_ARGUMENTS_BAD;
        *count = 0;
        return CKR_OK;
    }
    return real->C_GetSlotList(token_present, list, count);
}

static CK_RV w_C_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
    CK_RV rv;
    if (intercept("C_GetSlotInfo", &rv)) return rv;
    rv = real->C_GetSlotInfo(slot, info);
    if (rv == CKR_OK && is_removed()) {
        info->flags &= ~CKF_TOKEN_PRESENT;
    }
    return rv;
}

TOKEN_CALL(C_GetTokenInfo, (CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info), (slot, info))
TOKEN_CALL(C_GetMechanismList, (CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count), (slot, list, count))
TOKEN_CALL(C_GetMechanismInfo, (CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info),
        (slot, type, info))
TOKEN_CALL(C_InitToken, (CK_SLOT_ID slot, CK_UTF8CHAR_PTR pin, CK_ULONG len, CK_UTF8CHAR_PTR label),
        (slot, pin, len, label))
P11_FORWARDED_SESSION_CALLS(SESSION_CALL)
TOKEN_CALL(C_OpenSession,
        (CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR session),
        (slot, flags, app, notify, session))
PLAIN_CALL(C_CloseSession, (CK_SESSION_HANDLE s), (s))
PLAIN_CALL(C_CloseAllSessions, (CK_SLOT_ID slot), (slot))
PLAIN_CALL(C_WaitForSlotEvent, (CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved), (flags, slot, reserved))

/* Token flags C_GetTokenInfo reports on top of the real module's: retry-counter states SoftHSM2 never reaches. */
static CK_FLAGS token_flags_set;
static CK_FLAGS token_flags_clear;

P11FAULT_EXPORT void p11fault_set_token_flags(unsigned long set, unsigned long clear) {
    pthread_mutex_lock(&lock);
    token_flags_set = set;
    token_flags_clear = clear;
    pthread_mutex_unlock(&lock);
}

static CK_RV w_C_GetTokenInfo_flagged(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
    CK_RV rv = w_C_GetTokenInfo(slot, info);
    if (rv == CKR_OK) {
        pthread_mutex_lock(&lock);
        info->flags = (info->flags & ~token_flags_clear) | token_flags_set;
        pthread_mutex_unlock(&lock);
    }
    return rv;
}

static CK_RV w_C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list);

#define FUNCTION_LIST_ENTRY(name, params, args) .name = w_##name,

static CK_FUNCTION_LIST function_list = {
    P11_FORWARDED_SESSION_CALLS(FUNCTION_LIST_ENTRY)
    .version = {2, 40},
    .C_Initialize = w_C_Initialize,
    .C_Finalize = w_C_Finalize,
    .C_GetInfo = w_C_GetInfo,
    .C_GetFunctionList = w_C_GetFunctionList,
    .C_GetSlotList = w_C_GetSlotList,
    .C_GetSlotInfo = w_C_GetSlotInfo,
    .C_GetTokenInfo = w_C_GetTokenInfo_flagged,
    .C_GetMechanismList = w_C_GetMechanismList,
    .C_GetMechanismInfo = w_C_GetMechanismInfo,
    .C_InitToken = w_C_InitToken,
    .C_OpenSession = w_C_OpenSession,
    .C_CloseSession = w_C_CloseSession,
    .C_CloseAllSessions = w_C_CloseAllSessions,
    .C_GetAttributeValue = w_C_GetAttributeValue,
    .C_Sign = w_C_Sign,
    .C_WaitForSlotEvent = w_C_WaitForSlotEvent,
};

static CK_RV w_C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
    CK_RV rv;
    if (intercept("C_GetFunctionList", &rv)) return rv;
    if (list == NULL) return CKR_ARGUMENTS_BAD;
    /* load now so that a missing real module shows up at the first call, not at some later one */
    rv = load_real();
    if (rv != CKR_OK) return rv;
    *list = &function_list;
    return CKR_OK;
}

P11FAULT_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
    return w_C_GetFunctionList(list);
}
