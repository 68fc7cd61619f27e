package dev.rolesanywhere.pkcs11.internal.token;

/**
 * One session handle lent by a {@link SessionPool} to one thread, for one piece of work:
 *
 * <pre>{@code
 * try (SessionLease session = token.sessions().borrow()) {
 *     cryptoki.signInit(session.handle(), ...);
 *     ...
 * }
 * }</pre>
 *
 * <p>Closing gives the session back: a pooled session goes back to the idle set (and is checked with
 * {@code C_GetSessionInfo} before its next use, so a session the token lost meanwhile is found and closed then); a
 * dedicated one, or one {@linkplain #markBroken() marked broken}, is closed. Closing twice does nothing, so a handle
 * is never closed twice (modules reuse handle values). Not thread-safe: a lease belongs to the thread that borrowed it.
 */
public final class SessionLease implements AutoCloseable {
    private final SessionPool pool;
    private final long handle;
    /** The pool generation the handle was opened or last checked in; meaningless for dedicated leases. */
    private final long generation;
    private final boolean pooled;
    private boolean broken;
    private boolean closed;

    SessionLease(SessionPool pool, long handle, long generation, boolean pooled) {
        this.pool = pool;
        this.handle = handle;
        this.generation = generation;
        this.pooled = pooled;
    }

    /** The PKCS#11 session handle; valid until {@link #close()}. */
    public long handle() {
        return handle;
    }

    /**
     * The session must not be used again: it failed in a way the pool's health check cannot see (an operation left
     * active between {@code C_SignInit} and {@code C_Sign}), or it is known to be gone. {@link #close()} then closes it
     * instead of returning it.
     */
    public void markBroken() {
        broken = true;
    }

    long generation() {
        return generation;
    }

    boolean pooled() {
        return pooled;
    }

    boolean broken() {
        return broken;
    }

    /** Returns the session to its pool, or closes it when it is dedicated or broken. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.giveBack(this);
        }
    }
}
