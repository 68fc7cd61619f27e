package dev.rolesanywhere.pkcs11.internal.token;

import java.util.concurrent.locks.ReentrantLock;

/**
 * What this JVM knows about the login to one physical token (see {@link LoginRegistry}): the lock every login takes,
 * who relies on the login, whether this library made it, and the PIN the token last rejected.
 *
 * <p>Fields other than the rejection are guarded by {@link #lock()}; the rejection is also read by per-signature
 * context logins, which do not take the lock.
 */
final class LoginState {
    private final ReentrantLock lock = new ReentrantLock();
    private int holders;
    private boolean loggedInByUs;
    private volatile Rejection rejection;

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

    Rejection rejection() {
        return rejection;
    }

    void rejected(Rejection r) {
        rejection = r;
    }

    void accepted() {
        rejection = null;
    }
}
