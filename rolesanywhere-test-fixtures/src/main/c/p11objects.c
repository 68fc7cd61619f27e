/*
 * p11objects: creates a certificate object with CKA_PRIVATE=TRUE, which pkcs11-tool 0.23 cannot do (it ignores
 * --private for certificates). Used by the Java test fixtures only.
 *
 * usage: p11objects MODULE SLOT_ID LABEL ID_HEX SUBJECT_HEX ISSUER_HEX SERIAL_HEX CERT_DER_FILE
 * The user PIN comes from the P11OBJECTS_PIN environment variable so it does not show up in the process list.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <p11-kit/pkcs11.h>

static unsigned char *from_hex(const char *hex, CK_ULONG *len) {
    size_t n = strlen(hex) / 2;
    unsigned char *out = malloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        unsigned int v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) {
            free(out);
            return NULL;
        }
        out[i] = (unsigned char) v;
    }
    *len = n;
    return out;
}

static int fail(const char *what, CK_RV rv) {
    fprintf(stderr, "p11objects: %s failed: CKR 0x%lx\n", what, (unsigned long) rv);
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 9) {
        fprintf(stderr, "usage: %s MODULE SLOT_ID LABEL ID_HEX SUBJECT_HEX ISSUER_HEX SERIAL_HEX CERT_DER\n", argv[0]);
        return 2;
    }
    const char *pin = getenv("P11OBJECTS_PIN");
    if (pin == NULL) {
        fprintf(stderr, "p11objects: set P11OBJECTS_PIN\n");
        return 2;
    }
    void *h = dlopen(argv[1], RTLD_NOW);
    CK_C_GetFunctionList get = h == NULL ? NULL : (CK_C_GetFunctionList) dlsym(h, "C_GetFunctionList");
    CK_FUNCTION_LIST_PTR p;
    if (get == NULL || get(&p) != CKR_OK) {
        fprintf(stderr, "p11objects: cannot load %s\n", argv[1]);
        return 1;
    }
    CK_SLOT_ID slot = strtoull(argv[2], NULL, 10);
    CK_ULONG id_len, subject_len, issuer_len, serial_len;
    unsigned char *id = from_hex(argv[4], &id_len);
    unsigned char *subject = from_hex(argv[5], &subject_len);
    unsigned char *issuer = from_hex(argv[6], &issuer_len);
    unsigned char *serial = from_hex(argv[7], &serial_len);
    if (id == NULL || subject == NULL || issuer == NULL || serial == NULL) {
        fprintf(stderr, "p11objects: bad hex argument\n");
        return 2;
    }
    FILE *f = fopen(argv[8], "rb");
    if (f == NULL) {
        perror(argv[8]);
        return 1;
    }
    static unsigned char der[65536];
    CK_ULONG der_len = fread(der, 1, sizeof der, f);
    fclose(f);

    CK_RV rv = p->C_Initialize(NULL);
    if (rv != CKR_OK) return fail("C_Initialize", rv);
    CK_SESSION_HANDLE s;
    rv = p->C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION, NULL, NULL, &s);
    if (rv != CKR_OK) return fail("C_OpenSession", rv);
    rv = p->C_Login(s, CKU_USER, (CK_UTF8CHAR_PTR) pin, strlen(pin));
    if (rv != CKR_OK) return fail("C_Login", rv);

    CK_OBJECT_CLASS cls = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE type = CKC_X_509;
    CK_BBOOL yes = CK_TRUE;
    CK_ATTRIBUTE t[] = {
        {CKA_CLASS, &cls, sizeof cls},
        {CKA_CERTIFICATE_TYPE, &type, sizeof type},
        {CKA_TOKEN, &yes, sizeof yes},
        {CKA_PRIVATE, &yes, sizeof yes},
        {CKA_LABEL, argv[3], strlen(argv[3])},
        {CKA_ID, id, id_len},
        {CKA_SUBJECT, subject, subject_len},
        {CKA_ISSUER, issuer, issuer_len},
        {CKA_SERIAL_NUMBER, serial, serial_len},
        {CKA_VALUE, der, der_len},
    };
    CK_OBJECT_HANDLE o;
    rv = p->C_CreateObject(s, t, sizeof t / sizeof t[0], &o);
    if (rv != CKR_OK) return fail("C_CreateObject", rv);
    p->C_Logout(s);
    p->C_CloseSession(s);
    p->C_Finalize(NULL);
    return 0;
}
