package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this JVM knows about the login to one physical token (see {@link LoginRegistry}): the lock every login takes,
 * who relies on the login, whether this library made it, the PIN the token last rejected for each kind of login, and
 * the lock that makes an always-authenticate signature one unit.
 *
 * <p>Fields other than the rejections are guarded by {@link #lock()}; the rejections are also read by per-signature
 * context logins, which do not take the lock.
 */
final class LoginState {
    private final ReentrantLock lock = new ReentrantLock();
    private int holders;
    private boolean loggedInByUs;
    private final ReentrantLock contextSignature = new ReentrantLock();
    /** For {@code CKU_USER}; a card with a separate signature PIN rejects the user PIN only as a context login. */
    private volatile Rejection userRejection;
    private volatile Rejection contextRejection;

    /** A PIN the token rejected, and how. */
    static final class Rejection {
        final PinFingerprint pin;
        final long returnValue;

        Rejection(PinFingerprint pin, long returnValue) {
            this.pin = pin;
            this.returnValue = returnValue;
        }
    }

    /** Serialises logins to this token across every user in the JVM, so that each PIN decision is taken once. */
    ReentrantLock lock() {
        return lock;
    }

    /** A {@link Token} starts relying on the login. Under the lock. */
    void hold() {
        holders++;
    }

    /** The login is gone (a fresh one is about to be attempted); whoever logs in next owns it. Under the lock. */
    void loginLost() {
        loggedInByUs = false;
    }

    /** This library's {@code C_Login} returned {@code CKR_OK}. Under the lock. */
    void loggedInByUs() {
        loggedInByUs = true;
    }

    /**
     * Drops one holder. Under the lock.
     *
     * @return true when it was the last holder of a login this library made, i.e. logging out is this library's to do
     */
    boolean release() {
        holders--;
        if (holders > 0) {
            return false;
        }
        // Once nobody here holds it, the login is not tracked any more: whoever finds it later cannot tell it from
        // another library's, so it is treated as one.
        boolean ours = loggedInByUs;
        loggedInByUs = false;
        return ours;
    }

    /**
     * A card's PIN verification for an always-authenticate key is global to the card, not to a session: a
     * {@code C_SignInit} on another session between one session's context login and its {@code C_Sign} cancels it
     * ({@code CKR_USER_NOT_LOGGED_IN}). Held around each init-login-sign, by every signer on the token. Separate from
     * {@link #lock()}, which may be held while a session is borrowed.
     */
    ReentrantLock contextSignatureLock() {
        return contextSignature;
    }

    Rejection rejection(long userType) {
        return userType == Cku.CKU_USER ? userRejection : contextRejection;
    }

    void rejected(long userType, Rejection r) {
        if (userType == Cku.CKU_USER) {
            userRejection = r;
        } else {
            contextRejection = r;
        }
    }

    void accepted(long userType) {
        rejected(userType, null);
    }
}
