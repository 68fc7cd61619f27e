/*
 * The slot holding the token with a given label, shared by the benchmark's C programs.
 */
#ifndef TOKEN_SLOT_H
#define TOKEN_SLOT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <p11-kit/pkcs11.h>

/* The slot whose token carries label; otherwise prints why, prefixed with program, and exits with status 2. */
static CK_SLOT_ID token_slot(CK_FUNCTION_LIST_PTR p11, const char *label, const char *program) {
    /* Token labels are blank-padded to 32 bytes, never NUL-terminated. */
    char padded[32];
    size_t n = strlen(label);
    if (n > sizeof(padded)) {
        fprintf(stderr, "%s: --token is longer than 32 bytes\n", program);
        exit(2);
    }
    memset(padded, ' ', sizeof(padded));
    memcpy(padded, label, n);
    CK_ULONG count = 0;
    CK_RV rv = p11->C_GetSlotList(CK_TRUE, NULL, &count);
    CK_SLOT_ID *slots = calloc(count ? count : 1, sizeof(CK_SLOT_ID));
    if (rv == CKR_OK) {
        rv = p11->C_GetSlotList(CK_TRUE, slots, &count);
    }
    if (rv != CKR_OK) {
        fprintf(stderr, "%s: C_GetSlotList failed with CKR 0x%lx\n", program, (unsigned long) rv);
        exit(2);
    }
    for (CK_ULONG i = 0; i < count; i++) {
        CK_TOKEN_INFO info;
        if (p11->C_GetTokenInfo(slots[i], &info) == CKR_OK && memcmp(info.label, padded, sizeof(padded)) == 0) {
            CK_SLOT_ID slot = slots[i];
            free(slots);
            return slot;
        }
    }
    fprintf(stderr, "%s: no token labelled '%s' (check SOFTHSM2_CONF)\n", program, label);
    exit(2);
}

#endif
