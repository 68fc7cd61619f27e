package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.Pkcs11KeyException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.pkcs11.TokenUnavailableException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which session handles on one slot of one module are still this library's, shared by every pool and login anchor in
 * the JVM.
 *
 * <p>A handle value is only a number: after a token is removed and re-inserted (or every session on the slot is
 * closed), modules such as OpenSC hand the freed values out again, possibly to another pool or to SunPKCS11. An old
 * handle can then pass {@code C_GetSessionInfo}, and closing it would close someone else's session. So each handle
 * carries the generation it was opened in; the first failure that shows the slot's sessions may be gone advances the
 * generation, and every handle from an older generation is forgotten: never checked, never used, never closed.
 */
final class SlotGeneration {
    private static final Map<String, SlotGeneration> SLOTS = new HashMap<>();

    private final AtomicLong current = new AtomicLong();

    private SlotGeneration() {
    }

    /** The one generation of {@code slotId} in the module at {@code modulePath} (canonical). */
    static synchronized SlotGeneration of(String modulePath, long slotId) {
        return SLOTS.computeIfAbsent(modulePath + "#" + slotId, k -> new SlotGeneration());
    }

    long current() {
        return current.get();
    }

    /** True when a handle opened in {@code generation} may since have been freed and handed to someone else. */
    boolean isStale(long generation) {
        return generation != current.get();
    }

    /**
     * Records that a handle opened in {@code generation} is gone, which makes every handle of that generation stale.
     * Does nothing when the generation has moved on already, so that one removal seen by several pools does not
     * also condemn the handles opened after it.
     */
    void endGeneration(long generation) {
        current.compareAndSet(generation, generation + 1);
    }

    /**
     * True for failures after which the slot's handles may have been freed: the session or token is gone
     * ({@code CKR_SESSION_HANDLE_INVALID}, {@code CKR_SESSION_CLOSED}, {@code CKR_DEVICE_REMOVED},
     * {@code CKR_TOKEN_NOT_PRESENT}, {@code CKR_DEVICE_ERROR}, ...), or the login or the token's objects changed under
     * a session we logged in ({@code CKR_USER_NOT_LOGGED_IN}, {@code CKR_OBJECT_HANDLE_INVALID},
     * {@code CKR_KEY_HANDLE_INVALID}), which is also what a handle value re-issued to someone else's session after a
     * removal nobody here saw looks like. A mere logout by another library looks the same; then forgetting our
     * sessions costs only the slots they hold.
     */
    static boolean endsSessions(RuntimeException e) {
        if (e instanceof SessionLostException || e instanceof TokenUnavailableException) {
            return true;
        }
        if (e instanceof Pkcs11KeyException) {
            long rv = ((Pkcs11KeyException) e).returnValue();
            return rv == Ckr.CKR_OBJECT_HANDLE_INVALID || rv == Ckr.CKR_KEY_HANDLE_INVALID;
        }
        return false;
    }
}
