package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.List;

/**
 * The PKCS#11 functions this library calls, one Java method per C function, on one loaded and initialised module.
 * Obtain one from {@code ModuleRegistry.global().acquire(path).cryptoki()}; {@code C_Initialize} and {@code C_Finalize} belong to the
 * registry, which alone knows whether this process initialised the module.
 *
 * <p>Conventions: CK_ULONG values, slot ids and handles are Java {@code long}s (widened from 32 bits on Windows);
 * every non-{@code CKR_OK} return value throws a {@link dev.rolesanywhere.pkcs11.Pkcs11Exception} subclass naming the
 * function, except where a method documents a return value it handles itself.
 *
 * <p>Thread safety: every method may be called from any thread. A PKCS#11 session must not be used by two threads at
 * once; that is the caller's (the session pool's) job. When the module could not use OS locking, the implementation
 * serialises all calls into it.
 */
public interface Cryptoki {

    /** The canonical path of the module. */
    String modulePath();

    /** {@code C_GetInfo}. */
    ModuleInfo getInfo();

    /** {@code C_GetSlotList}: slot ids, only those with a token present when {@code tokenPresent}. */
    long[] getSlotList(boolean tokenPresent);

    /** {@code C_GetSlotInfo}. */
    SlotInfo getSlotInfo(long slotId);

    /** {@code C_GetTokenInfo}. */
    TokenInfo getTokenInfo(long slotId);

    /** {@code C_GetMechanismList}. */
    long[] getMechanismList(long slotId);

    /** {@code C_GetMechanismInfo}. */
    MechanismInfo getMechanismInfo(long slotId, long mechanism);

    /**
     * {@code C_OpenSession} without notification callback. {@link Ckf#CKF_SERIAL_SESSION} is always added; pass
     * {@link Ckf#CKF_RW_SESSION} to create or destroy token objects.
     */
    long openSession(long slotId, long flags);

    /** {@code C_CloseSession}. */
    void closeSession(long session);

    /** {@code C_CloseAllSessions}: closes the sessions of every application thread on the slot, not only ours. */
    void closeAllSessions(long slotId);

    /** {@code C_GetSessionInfo}. */
    SessionInfo getSessionInfo(long session);

    /**
     * {@code C_Login}. The PIN is encoded as UTF-8 into native memory that is wiped right after the call; the caller
     * still owns and wipes {@code pin}. Pass {@code null} for tokens with a protected authentication path (PIN pad).
     * A wrong PIN throws {@link dev.rolesanywhere.pkcs11.PinIncorrectException} and is never retried here.
     */
    void login(long session, long userType, char[] pin);

    /** {@code C_Logout}. */
    void logout(long session);

    /** {@code C_CreateObject}: the handle of the new object. */
    long createObject(long session, List<Attribute> template);

    /** {@code C_DestroyObject}. */
    void destroyObject(long session, long object);

    /**
     * {@code C_GetAttributeValue} in two passes (lengths, then values). Attributes the object lacks or will not reveal
     * come back with a non-present {@link AttributeValue.Status} instead of an exception; results are in the order of
     * {@code types}.
     */
    List<AttributeValue> getAttributeValue(long session, long object, long... types);

    /** {@code C_FindObjectsInit}. */
    void findObjectsInit(long session, List<Attribute> template);

    /** {@code C_FindObjects}: up to {@code maxCount} handles; an empty array when the search is exhausted. */
    long[] findObjects(long session, int maxCount);

    /** {@code C_FindObjectsFinal}. */
    void findObjectsFinal(long session);

    /** {@code C_GenerateKeyPair}. */
    KeyPairHandles generateKeyPair(long session, Mechanism mechanism, List<Attribute> publicKeyTemplate,
                                   List<Attribute> privateKeyTemplate);

    /** {@code C_SignInit}. */
    void signInit(long session, Mechanism mechanism, long key);

    /**
     * {@code C_Sign} into a reused per-thread native buffer, growing it once on {@code CKR_BUFFER_TOO_SMALL}. Ends the
     * signing operation, as PKCS#11 specifies for single-part signing.
     */
    byte[] sign(long session, byte[] data);

    /** {@code C_VerifyInit}. */
    void verifyInit(long session, Mechanism mechanism, long key);

    /**
     * {@code C_Verify}: {@code false} for {@code CKR_SIGNATURE_INVALID} and {@code CKR_SIGNATURE_LEN_RANGE}; other
     * errors throw.
     */
    boolean verify(long session, byte[] data, byte[] signature);

    /** {@code C_GenerateRandom}. */
    byte[] generateRandom(long session, int length);
}
