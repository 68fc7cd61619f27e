package dev.rolesanywhere.pkcs11.internal.token;

/**
 * One session handle lent by a {@link SessionPool} to one thread, for one piece of work:
 *
 * <pre>{@code
 * try (SessionLease session = token.sessions().borrow()) {
 *     try {
 *         cryptoki.signInit(session.handle(), ...);
 *         ...
 *     } catch (RuntimeException e) {
 *         session.reportFailure(e);
 *         throw e;
 *     }
 * }
 * }</pre>
 *
 * <p>Closing gives the session back: a pooled session goes back to the idle set; a dedicated one, or one
 * {@linkplain #markBroken() marked broken}, is closed. A handle whose slot generation ended (a failure showed the
 * slot's sessions may be gone, see {@link SlotGeneration}) is forgotten instead: its value may already name someone
 * else's session. Closing twice does nothing, so a handle is never closed twice. Not thread-safe: a lease belongs to
 * the thread that borrowed it.
 */
public final class SessionLease implements AutoCloseable {
    private final SessionPool pool;
    private final long handle;
    /** The pool generation the handle was lent in; meaningless for dedicated leases. */
    private final long generation;
    /** The slot generation the handle was opened in. */
    private final long slotGeneration;
    private final boolean pooled;
    private boolean broken;
    private boolean failed;
    private boolean closed;

    SessionLease(SessionPool pool, long handle, long generation, long slotGeneration, boolean pooled) {
        this.pool = pool;
        this.handle = handle;
        this.generation = generation;
        this.slotGeneration = slotGeneration;
        this.pooled = pooled;
    }

    /** The PKCS#11 session handle; valid until {@link #close()}. */
    public long handle() {
        return handle;
    }

    /**
     * The session must not be used again: it failed in a way the pool's health check cannot see (an operation left
     * active between {@code C_SignInit} and {@code C_Sign}). {@link #close()} then closes it instead of returning it.
     */
    public void markBroken() {
        broken = true;
    }

    /**
     * A call on this session failed with {@code failure}. When the failure shows the slot's sessions may be gone
     * ({@link SlotGeneration#endsSessions}), every handle of this generation, this one included, is forgotten without
     * {@code C_CloseSession}; otherwise the pool checks its idle sessions before their next use.
     */
    public void reportFailure(RuntimeException failure) {
        failed = true;
        pool.failed(this, failure);
    }

    /**
     * The health check for a session held across operations (the login anchor): false when its generation has ended
     * or {@code C_GetSessionInfo} fails or names another slot, and then {@link #close()} forgets it.
     */
    public boolean stillOurs() {
        return pool.stillOurs(this);
    }

    long generation() {
        return generation;
    }

    long slotGeneration() {
        return slotGeneration;
    }

    boolean pooled() {
        return pooled;
    }

    boolean broken() {
        return broken;
    }

    boolean failed() {
        return failed;
    }

    /** Returns the session to its pool, closes it when it is dedicated or broken, or forgets it when stale. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            pool.giveBack(this);
        }
    }
}
