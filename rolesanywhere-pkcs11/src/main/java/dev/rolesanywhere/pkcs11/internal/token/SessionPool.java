package dev.rolesanywhere.pkcs11.internal.token;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every session one {@link Token} opens, handed out as {@link SessionLease}s: a bounded set of read-only sessions
 * reused across operations and checked before reuse, and dedicated sessions (the login anchor, read-write sessions
 * for creating objects) that are closed when their lease closes.
 *
 * <p>The bound comes from the token's own maximum and the caller's {@code maxSessions}: tokens fail
 * {@code C_OpenSession} with {@code CKR_SESSION_COUNT} when exceeded, and smart cards often allow very few. Opening is
 * serialised because some modules (tpm2-pkcs11 1.9.0) hand the same handle to two concurrent openers. Idle sessions
 * stay open on purpose: closing a token's last session logs the application out of it.
 */
public final class SessionPool implements AutoCloseable {

    /** The session operations the pool needs; backed by the PKCS#11 binding. */
    public interface Sessions {
        /** {@code C_OpenSession}, read-write when asked. */
        long open(boolean readWrite);

        /** False when the handle is no longer usable (C_GetSessionInfo failed). */
        boolean isHealthy(long session);

        /** Closes quietly: the session may already be gone. */
        void closeQuietly(long session);
    }

    private final Sessions sessions;
    private final int capacity;
    private final Duration borrowTimeout;
    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Long> idle = new ArrayDeque<>();
    private long generation;
    private boolean closed;

    public SessionPool(Sessions sessions, int capacity, Duration borrowTimeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.sessions = sessions;
        this.capacity = capacity;
        this.borrowTimeout = borrowTimeout;
        this.permits = new Semaphore(capacity, true);
    }

    /** How many pooled sessions may be lent at once; dedicated sessions do not count. */
    public int capacity() {
        return capacity;
    }

    /**
     * Lends a healthy pooled (read-only) session, opening one when none is idle.
     *
     * @throws IllegalStateException when the pool is closed or every session stays busy past the borrow timeout
     */
    public SessionLease borrow() {
        try {
            if (!permits.tryAcquire(borrowTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("All " + capacity + " token sessions stayed busy for " + borrowTimeout
                        + "; raise maxSessions if the token allows more sessions");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a token session", e);
        }
        try {
            return takeOrOpen();
        } catch (RuntimeException | Error e) {
            permits.release();
            throw e;
        }
    }

    /**
     * Lends a session opened for this lease alone, outside the pooled set and its bound, and closed when the lease
     * closes: for the session that holds the login open, and for read-write work, which pooled sessions never do.
     *
     * @throws IllegalStateException when the pool is closed
     */
    public SessionLease borrowDedicated(boolean readWrite) {
        lock.lock();
        try {
            checkOpen();
            // Opening under the lock: see the class comment about concurrent openers.
            return new SessionLease(this, sessions.open(readWrite), generation, false);
        } finally {
            lock.unlock();
        }
    }

    private SessionLease takeOrOpen() {
        while (true) {
            Long candidate;
            long gen;
            lock.lock();
            try {
                checkOpen();
                candidate = idle.pollFirst();
                gen = generation;
                if (candidate == null) {
                    return new SessionLease(this, sessions.open(false), gen, true);
                }
            } finally {
                lock.unlock();
            }
            if (sessions.isHealthy(candidate)) {
                return new SessionLease(this, candidate, gen, true);
            }
            sessions.closeQuietly(candidate);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The signer is closed");
        }
    }

    /**
     * Called once per lease, by {@link SessionLease#close()}. A pooled session goes back to the idle set unless it is
     * broken, the pool is closed, or it dates from before {@link #invalidateAll()}; every other session is closed.
     */
    void giveBack(SessionLease lease) {
        if (!lease.pooled()) {
            sessions.closeQuietly(lease.handle());
            return;
        }
        boolean keep = false;
        if (!lease.broken()) {
            lock.lock();
            try {
                keep = !closed && lease.generation() == generation;
                if (keep) {
                    idle.addFirst(lease.handle());
                }
            } finally {
                lock.unlock();
            }
        }
        if (!keep) {
            sessions.closeQuietly(lease.handle());
        }
        permits.release();
    }

    /**
     * Forgets every pooled session, idle or lent: after a device error or a lost login the token's sessions are
     * suspect. Lent sessions are closed when they come back.
     */
    public void invalidateAll() {
        Deque<Long> toClose;
        lock.lock();
        try {
            generation++;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        for (Long handle : toClose) {
            sessions.closeQuietly(handle);
        }
    }

    /** Idle sessions right now; for tests and diagnostics. */
    public int idleCount() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the idle sessions and refuses further leases; sessions still lent are closed when they come back. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        invalidateAll();
    }
}
