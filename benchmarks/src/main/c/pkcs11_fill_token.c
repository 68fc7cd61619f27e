/*
 * Puts COUNT certificate objects on a token in one session, for the build-cost benchmark: a token crowded with
 * objects the signer's URI does not name, as HSM partitions shared by many applications are. pkcs11-tool would start
 * one process per object.
 *
 * usage: pkcs11_fill_token --module PATH --token LABEL --pin-file FILE --count N --cert-der FILE --subject-hex HEX
 *
 * Each object is a public token object of class CKO_CERTIFICATE with CKA_VALUE from --cert-der, CKA_SUBJECT from
 * --subject-hex, and its own CKA_LABEL ("unrelated-N") and CKA_ID (0xEE followed by N, big-endian, 4 bytes).
 */
#define _DEFAULT_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

#include "token_slot.h"

static void die(const char *message) {
    fprintf(stderr, "pkcs11_fill_token: %s\n", message);
    exit(2);
}

static void check(CK_RV rv, const char *call) {
    if (rv != CKR_OK) {
        fprintf(stderr, "pkcs11_fill_token: %s failed with CKR 0x%lx\n", call, (unsigned long) rv);
        exit(2);
    }
}

static unsigned char *read_file(const char *path, size_t *length) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "pkcs11_fill_token: cannot read %s: %s\n", path, strerror(errno));
        exit(2);
    }
    static unsigned char buffer[65536];
    *length = fread(buffer, 1, sizeof(buffer), f);
    fclose(f);
    return buffer;
}

static size_t parse_hex(const char *hex, unsigned char *out, size_t capacity) {
    size_t len = strlen(hex);
    if (len % 2 != 0 || len / 2 > capacity || len == 0) {
        die("--subject-hex must be an even number of hex digits");
    }
    for (size_t i = 0; i < len / 2; i++) {
        unsigned int byte;
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) {
            die("--subject-hex is not hex");
        }
        out[i] = (unsigned char) byte;
    }
    return len / 2;
}

int main(int argc, char **argv) {
    const char *module = NULL, *token = NULL, *pin_file = NULL, *cert_der = NULL, *subject_hex = NULL;
    long count = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--module") == 0) module = argv[i + 1];
        else if (strcmp(argv[i], "--token") == 0) token = argv[i + 1];
        else if (strcmp(argv[i], "--pin-file") == 0) pin_file = argv[i + 1];
        else if (strcmp(argv[i], "--count") == 0) count = strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--cert-der") == 0) cert_der = argv[i + 1];
        else if (strcmp(argv[i], "--subject-hex") == 0) subject_hex = argv[i + 1];
        else die("unknown option");
    }
    if (!module || !token || !pin_file || !cert_der || !subject_hex || count < 0) {
        die("usage: --module PATH --token LABEL --pin-file FILE --count N --cert-der FILE --subject-hex HEX");
    }
    size_t der_len;
    unsigned char *der = read_file(cert_der, &der_len);
    unsigned char subject[4096];
    size_t subject_len = parse_hex(subject_hex, subject, sizeof(subject));
    size_t pin_len;
    unsigned char *pin = read_file(pin_file, &pin_len);
    while (pin_len > 0 && (pin[pin_len - 1] == '\n' || pin[pin_len - 1] == '\r')) {
        pin_len--;
    }
    unsigned char pin_copy[256];
    if (pin_len == 0 || pin_len > sizeof(pin_copy)) {
        die("the PIN file is empty or too long");
    }
    memcpy(pin_copy, pin, pin_len);
    explicit_bzero(pin, pin_len);

    void *handle = dlopen(module, RTLD_NOW | RTLD_LOCAL);
    CK_C_GetFunctionList get = handle ? (CK_C_GetFunctionList) dlsym(handle, "C_GetFunctionList") : NULL;
    if (!get) {
        die("cannot load the module");
    }
    CK_FUNCTION_LIST_PTR p11;
    check(get(&p11), "C_GetFunctionList");
    check(p11->C_Initialize(NULL), "C_Initialize");
    CK_SLOT_ID slot = token_slot(p11, token, "pkcs11_fill_token");
    CK_SESSION_HANDLE session;
    check(p11->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &session), "C_OpenSession");
    CK_RV rv = p11->C_Login(session, CKU_USER, pin_copy, pin_len);
    explicit_bzero(pin_copy, sizeof(pin_copy));
    check(rv, "C_Login");

    CK_OBJECT_CLASS klass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE type = CKC_X_509;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    for (long n = 0; n < count; n++) {
        char label[32];
        snprintf(label, sizeof(label), "unrelated-%ld", n);
        unsigned char id[5] = {0xEE, (unsigned char) (n >> 24), (unsigned char) (n >> 16), (unsigned char) (n >> 8),
                               (unsigned char) n};
        CK_ATTRIBUTE t[] = {
            {CKA_CLASS, &klass, sizeof(klass)},
            {CKA_CERTIFICATE_TYPE, &type, sizeof(type)},
            {CKA_TOKEN, &yes, sizeof(yes)},
            {CKA_PRIVATE, &no, sizeof(no)},
            {CKA_LABEL, label, strlen(label)},
            {CKA_ID, id, sizeof(id)},
            {CKA_SUBJECT, subject, subject_len},
            {CKA_VALUE, der, der_len},
        };
        CK_OBJECT_HANDLE object;
        check(p11->C_CreateObject(session, t, sizeof(t) / sizeof(t[0]), &object), "C_CreateObject");
    }
    p11->C_Logout(session);
    p11->C_CloseSession(session);
    p11->C_Finalize(NULL);
    printf("pkcs11_fill_token created=%ld\n", count);
    return 0;
}
