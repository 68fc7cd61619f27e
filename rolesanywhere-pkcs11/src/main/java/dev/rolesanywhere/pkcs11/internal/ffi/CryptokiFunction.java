package dev.rolesanywhere.pkcs11.internal.ffi;

/**
 * The entries of {@code CK_FUNCTION_LIST} in the order pkcs11f.h (v2.40) declares them; the order is the ABI, since a
 * module hands out a table of pointers and callers index into it.
 *
 * <p>{@link #parameters()} describes the C parameter types of the entries this library calls: {@code U} for a
 * CK_ULONG-based type, {@code P} for a pointer, {@code B} for {@code CK_BBOOL}. Entries never called have none.
 */
public enum CryptokiFunction {
    C_Initialize("P"),
    C_Finalize("P"),
    C_GetInfo("P"),
    C_GetFunctionList("P"),
    C_GetSlotList("BPP"),
    C_GetSlotInfo("UP"),
    C_GetTokenInfo("UP"),
    C_GetMechanismList("UPP"),
    C_GetMechanismInfo("UUP"),
    C_InitToken(null),
    C_InitPIN(null),
    C_SetPIN(null),
    C_OpenSession("UUPPP"),
    C_CloseSession("U"),
    C_CloseAllSessions("U"),
    C_GetSessionInfo("UP"),
    C_GetOperationState(null),
    C_SetOperationState(null),
    C_Login("UUPU"),
    C_Logout("U"),
    C_CreateObject("UPUP"),
    C_CopyObject(null),
    C_DestroyObject("UU"),
    C_GetObjectSize(null),
    C_GetAttributeValue("UUPU"),
    C_SetAttributeValue(null),
    C_FindObjectsInit("UPU"),
    C_FindObjects("UPUP"),
    C_FindObjectsFinal("U"),
    C_EncryptInit(null),
    C_Encrypt(null),
    C_EncryptUpdate(null),
    C_EncryptFinal(null),
    C_DecryptInit(null),
    C_Decrypt(null),
    C_DecryptUpdate(null),
    C_DecryptFinal(null),
    C_DigestInit(null),
    C_Digest(null),
    C_DigestUpdate(null),
    C_DigestKey(null),
    C_DigestFinal(null),
    C_SignInit("UPU"),
    C_Sign("UPUPP"),
    C_SignUpdate(null),
    C_SignFinal(null),
    C_SignRecoverInit(null),
    C_SignRecover(null),
    C_VerifyInit("UPU"),
    C_Verify("UPUPU"),
    C_VerifyUpdate(null),
    C_VerifyFinal(null),
    C_VerifyRecoverInit(null),
    C_VerifyRecover(null),
    C_DigestEncryptUpdate(null),
    C_DecryptDigestUpdate(null),
    C_SignEncryptUpdate(null),
    C_DecryptVerifyUpdate(null),
    C_GenerateKey(null),
    C_GenerateKeyPair("UPPUPUPP"),
    C_WrapKey(null),
    C_UnwrapKey(null),
    C_DeriveKey(null),
    C_SeedRandom(null),
    C_GenerateRandom("UPU"),
    C_GetFunctionStatus(null),
    C_CancelFunction(null),
    C_WaitForSlotEvent(null);

    private final String parameters;

    CryptokiFunction(String parameters) {
        this.parameters = parameters;
    }

    /** Parameter kinds, one character each ({@code U}, {@code P}, {@code B}); null for entries this library never calls. */
    public String parameters() {
        return parameters;
    }
}
