/*
 * The C baseline for the signing benchmarks: the fastest a caller of this PKCS#11 module can sign, so the Java
 * numbers have something honest to be compared with.
 *
 * It loads the module, logs in once, finds the private key by CKA_ID, then each thread signs on its own session in
 * a loop (C_SignInit + C_Sign, as Pkcs11Signer does in its steady state). After the warm-up it measures --iterations
 * windows of --seconds each, like JMH iterations, so the caller can take a median on a noisy machine:
 *
 *   iteration=1 seconds=2.000 signatures=2468 signatures_per_second=1234.0
 *   ...
 *   pkcs11_sign_bench threads=2 seconds=10.000 signatures=12345 signatures_per_second=1234.5
 *
 * The bytes given to C_Sign come from the caller (--input HEX) so both sides sign the same thing: the message for
 * CKM_SHA256_RSA_PKCS, its SHA-256 digest for CKM_ECDSA (Pkcs11Signer hashes ECDSA input in the JVM too).
 * The PIN is read from a file, never from the command line, where other users could see it in the process list.
 */
#define _DEFAULT_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <p11-kit/pkcs11.h>

#include "token_slot.h"

#define MAX_THREADS 64
#define MAX_INPUT 4096
#define SIGNATURE_BUFFER 1024

struct options {
    const char *module;
    const char *token;
    const char *pin_file;
    unsigned char key_id[256];
    size_t key_id_len;
    CK_MECHANISM_TYPE mechanism;
    unsigned char input[MAX_INPUT];
    size_t input_len;
    int threads;
    double warmup_seconds;
    double seconds;
    int iterations;
};

struct worker {
    pthread_t thread;
    CK_FUNCTION_LIST_PTR p11;
    CK_SLOT_ID slot;
    CK_OBJECT_HANDLE key;
    const struct options *opts;
    atomic_ulong signatures;
    CK_RV failure;
    const char *failed_call;
};

static atomic_int stop_flag;

static void die(const char *message) {
    fprintf(stderr, "pkcs11_sign_bench: %s\n", message);
    exit(2);
}

static void check(CK_RV rv, const char *call) {
    if (rv != CKR_OK) {
        fprintf(stderr, "pkcs11_sign_bench: %s failed with CKR 0x%lx\n", call, (unsigned long) rv);
        exit(2);
    }
}

static size_t parse_hex(const char *hex, unsigned char *out, size_t capacity, const char *what) {
    size_t len = strlen(hex);
    if (len % 2 != 0 || len / 2 > capacity || len == 0) {
        fprintf(stderr, "pkcs11_sign_bench: %s must be an even number of hex digits, at most %zu bytes\n", what,
                capacity);
        exit(2);
    }
    for (size_t i = 0; i < len / 2; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) {
            fprintf(stderr, "pkcs11_sign_bench: %s is not hex: %s\n", what, hex);
            exit(2);
        }
        out[i] = (unsigned char) byte;
    }
    return len / 2;
}

static double parse_seconds(const char *text, const char *what) {
    char *end;
    double value = strtod(text, &end);
    if (*end != '\0' || value < 0) {
        fprintf(stderr, "pkcs11_sign_bench: %s must be a number of seconds >= 0, got %s\n", what, text);
        exit(2);
    }
    return value;
}

static void usage(void) {
    fprintf(stderr,
            "usage: pkcs11_sign_bench --module PATH --token LABEL --pin-file FILE --key-id HEX\n"
            "                         --mechanism rsa-sha256|ecdsa --input HEX\n"
            "                         [--threads N] [--warmup-seconds S] [--iterations N] [--seconds S]\n");
    exit(2);
}

static void parse_options(int argc, char **argv, struct options *o) {
    memset(o, 0, sizeof(*o));
    o->threads = 1;
    o->warmup_seconds = 2;
    o->seconds = 2;
    o->iterations = 5;
    o->mechanism = (CK_MECHANISM_TYPE) -1;
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        if (i + 1 >= argc) {
            usage();
        }
        const char *value = argv[++i];
        if (strcmp(name, "--module") == 0) {
            o->module = value;
        } else if (strcmp(name, "--token") == 0) {
            o->token = value;
        } else if (strcmp(name, "--pin-file") == 0) {
            o->pin_file = value;
        } else if (strcmp(name, "--key-id") == 0) {
            o->key_id_len = parse_hex(value, o->key_id, sizeof(o->key_id), "--key-id");
        } else if (strcmp(name, "--mechanism") == 0) {
            if (strcmp(value, "rsa-sha256") == 0) {
                o->mechanism = CKM_SHA256_RSA_PKCS;
            } else if (strcmp(value, "ecdsa") == 0) {
                o->mechanism = CKM_ECDSA;
            } else {
                die("--mechanism must be rsa-sha256 or ecdsa");
            }
        } else if (strcmp(name, "--input") == 0) {
            o->input_len = parse_hex(value, o->input, sizeof(o->input), "--input");
        } else if (strcmp(name, "--threads") == 0) {
            o->threads = atoi(value);
            if (o->threads < 1 || o->threads > MAX_THREADS) {
                die("--threads must be 1..64");
            }
        } else if (strcmp(name, "--warmup-seconds") == 0) {
            o->warmup_seconds = parse_seconds(value, "--warmup-seconds");
        } else if (strcmp(name, "--iterations") == 0) {
            o->iterations = atoi(value);
            if (o->iterations < 1) {
                die("--iterations must be at least 1");
            }
        } else if (strcmp(name, "--seconds") == 0) {
            o->seconds = parse_seconds(value, "--seconds");
        } else {
            usage();
        }
    }
    if (!o->module || !o->token || !o->pin_file || o->key_id_len == 0 || o->input_len == 0
            || o->mechanism == (CK_MECHANISM_TYPE) -1) {
        usage();
    }
}

/* Reads the PIN and drops a trailing newline; the caller wipes the buffer. */
static size_t read_pin(const char *file, unsigned char *pin, size_t capacity) {
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "pkcs11_sign_bench: cannot read the PIN file %s: %s\n", file, strerror(errno));
        exit(2);
    }
    size_t len = fread(pin, 1, capacity, f);
    fclose(f);
    while (len > 0 && (pin[len - 1] == '\n' || pin[len - 1] == '\r')) {
        len--;
    }
    if (len == 0) {
        die("the PIN file is empty");
    }
    return len;
}

static CK_OBJECT_HANDLE find_key(CK_FUNCTION_LIST_PTR p11, CK_SESSION_HANDLE session, const struct options *o) {
    CK_OBJECT_CLASS klass = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE template[] = {
        {CKA_CLASS, &klass, sizeof(klass)},
        {CKA_ID, (void *) o->key_id, o->key_id_len},
    };
    CK_OBJECT_HANDLE found[2];
    CK_ULONG count = 0;
    check(p11->C_FindObjectsInit(session, template, 2), "C_FindObjectsInit");
    check(p11->C_FindObjects(session, found, 2, &count), "C_FindObjects");
    check(p11->C_FindObjectsFinal(session), "C_FindObjectsFinal");
    if (count != 1) {
        fprintf(stderr, "pkcs11_sign_bench: expected one private key with that CKA_ID, found %lu\n",
                (unsigned long) count);
        exit(2);
    }
    return found[0];
}

static void *sign_loop(void *arg) {
    struct worker *w = arg;
    CK_SESSION_HANDLE session;
    CK_RV rv = w->p11->C_OpenSession(w->slot, CKF_SERIAL_SESSION, NULL, NULL, &session);
    if (rv != CKR_OK) {
        w->failure = rv;
        w->failed_call = "C_OpenSession";
        return NULL;
    }
    CK_MECHANISM mechanism = {w->opts->mechanism, NULL, 0};
    unsigned char signature[SIGNATURE_BUFFER];
    while (!atomic_load_explicit(&stop_flag, memory_order_relaxed)) {
        rv = w->p11->C_SignInit(session, &mechanism, w->key);
        if (rv != CKR_OK) {
            w->failure = rv;
            w->failed_call = "C_SignInit";
            break;
        }
        CK_ULONG length = sizeof(signature);
        rv = w->p11->C_Sign(session, (CK_BYTE_PTR) w->opts->input, w->opts->input_len, signature, &length);
        if (rv != CKR_OK) {
            w->failure = rv;
            w->failed_call = "C_Sign";
            break;
        }
        atomic_fetch_add_explicit(&w->signatures, 1, memory_order_relaxed);
    }
    w->p11->C_CloseSession(session);
    return NULL;
}

static double now_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double) t.tv_sec + (double) t.tv_nsec / 1e9;
}

static void sleep_seconds(double seconds) {
    struct timespec t;
    t.tv_sec = (time_t) seconds;
    t.tv_nsec = (long) ((seconds - (double) t.tv_sec) * 1e9);
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

static unsigned long total(struct worker *workers, int n) {
    unsigned long sum = 0;
    for (int i = 0; i < n; i++) {
        sum += atomic_load_explicit(&workers[i].signatures, memory_order_relaxed);
    }
    return sum;
}

int main(int argc, char **argv) {
    struct options opts;
    parse_options(argc, argv, &opts);

    void *module = dlopen(opts.module, RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        fprintf(stderr, "pkcs11_sign_bench: cannot load %s: %s\n", opts.module, dlerror());
        return 2;
    }
    CK_C_GetFunctionList get_function_list = (CK_C_GetFunctionList) dlsym(module, "C_GetFunctionList");
    if (!get_function_list) {
        die("the module has no C_GetFunctionList");
    }
    CK_FUNCTION_LIST_PTR p11;
    check(get_function_list(&p11), "C_GetFunctionList");

    /* Threads share the module, so it must do its own locking, as it does for the JVM. */
    CK_C_INITIALIZE_ARGS init_args;
    memset(&init_args, 0, sizeof(init_args));
    init_args.flags = CKF_OS_LOCKING_OK;
    check(p11->C_Initialize(&init_args), "C_Initialize");

    CK_SLOT_ID slot = token_slot(p11, opts.token, "pkcs11_sign_bench");
    /* This session stays open for the whole run: closing an application's last session logs it out. */
    CK_SESSION_HANDLE login_session;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION, NULL, NULL, &login_session), "C_OpenSession");
    unsigned char pin[256];
    size_t pin_len = read_pin(opts.pin_file, pin, sizeof(pin));
    CK_RV rv = p11->C_Login(login_session, CKU_USER, pin, pin_len);
    explicit_bzero(pin, sizeof(pin));
    if (rv != CKR_OK && rv != CKR_USER_ALREADY_LOGGED_IN) {
        check(rv, "C_Login");
    }
    CK_OBJECT_HANDLE key = find_key(p11, login_session, &opts);

    struct worker workers[MAX_THREADS];
    memset(workers, 0, sizeof(workers));
    for (int i = 0; i < opts.threads; i++) {
        workers[i].p11 = p11;
        workers[i].slot = slot;
        workers[i].key = key;
        workers[i].opts = &opts;
        atomic_init(&workers[i].signatures, 0);
        if (pthread_create(&workers[i].thread, NULL, sign_loop, &workers[i]) != 0) {
            die("pthread_create failed");
        }
    }
    sleep_seconds(opts.warmup_seconds);
    unsigned long start_count = total(workers, opts.threads);
    double start = now_seconds();
    unsigned long window_count = start_count;
    double window_start = start;
    for (int i = 1; i <= opts.iterations; i++) {
        sleep_seconds(opts.seconds);
        unsigned long count = total(workers, opts.threads);
        double t = now_seconds();
        printf("iteration=%d seconds=%.3f signatures=%lu signatures_per_second=%.1f\n", i, t - window_start,
                count - window_count, t > window_start ? (double) (count - window_count) / (t - window_start) : 0.0);
        window_count = count;
        window_start = t;
    }
    unsigned long end_count = window_count;
    double end = window_start;
    atomic_store(&stop_flag, 1);
    int failed = 0;
    for (int i = 0; i < opts.threads; i++) {
        pthread_join(workers[i].thread, NULL);
        if (workers[i].failure != CKR_OK) {
            fprintf(stderr, "pkcs11_sign_bench: thread %d: %s failed with CKR 0x%lx\n", i, workers[i].failed_call,
                    (unsigned long) workers[i].failure);
            failed = 1;
        }
    }
    p11->C_Logout(login_session);
    p11->C_CloseSession(login_session);
    p11->C_Finalize(NULL);
    if (failed) {
        return 2;
    }
    double elapsed = end - start;
    unsigned long signatures = end_count - start_count;
    printf("pkcs11_sign_bench threads=%d seconds=%.3f signatures=%lu signatures_per_second=%.1f\n", opts.threads,
            elapsed, signatures, elapsed > 0 ? (double) signatures / elapsed : 0.0);
    return 0;
}
