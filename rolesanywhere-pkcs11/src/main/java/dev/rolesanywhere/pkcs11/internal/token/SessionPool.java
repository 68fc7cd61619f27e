package dev.rolesanywhere.pkcs11.internal.token;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sessions one signer holds on one token: a bounded set, reused across signatures, checked before reuse.
 *
 * <p>The bound comes from the token's own maximum and the caller's {@code maxSessions}: tokens fail
 * {@code C_OpenSession} with {@code CKR_SESSION_COUNT} when exceeded, and smart cards often allow very few. Opening is
 * serialised because some modules (tpm2-pkcs11 1.9.0) hand the same handle to two concurrent openers. Idle sessions
 * stay open on purpose: closing a token's last session logs the application out of it.
 */
public final class SessionPool implements AutoCloseable {

    /** The three session operations the pool needs; backed by the PKCS#11 binding. */
    public interface Sessions {
        long open();

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

    public int capacity() {
        return capacity;
    }

    /** A session handle lent to one thread until {@link #release} or {@link #discard}. */
    public static final class Lease {
        private final long handle;
        private final long generation;

        Lease(long handle, long generation) {
            this.handle = handle;
            this.generation = generation;
        }

        public long handle() {
            return handle;
        }
    }

    /**
     * Borrows a healthy session, opening one when none is idle.
     *
     * @throws IllegalStateException when the pool is closed or every session stays busy past the borrow timeout
     */
    public Lease borrow() {
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

    private Lease takeOrOpen() {
        while (true) {
            Long candidate;
            long gen;
            lock.lock();
            try {
                if (closed) {
                    throw new IllegalStateException("The signer is closed");
                }
                candidate = idle.pollFirst();
                gen = generation;
                if (candidate == null) {
                    // Opening under the lock: see the class comment about concurrent openers.
                    return new Lease(sessions.open(), gen);
                }
            } finally {
                lock.unlock();
            }
            if (sessions.isHealthy(candidate)) {
                return new Lease(candidate, gen);
            }
            sessions.closeQuietly(candidate);
        }
    }

    /** Returns a session for reuse; sessions from before {@link #invalidateAll()} are closed instead. */
    public void release(Lease lease) {
        boolean keep;
        lock.lock();
        try {
            keep = !closed && lease.generation == generation;
            if (keep) {
                idle.addFirst(lease.handle);
            }
        } finally {
            lock.unlock();
        }
        if (!keep) {
            sessions.closeQuietly(lease.handle);
        }
        permits.release();
    }

    /** Closes a session that failed, without returning it to the pool. */
    public void discard(Lease lease) {
        sessions.closeQuietly(lease.handle);
        permits.release();
    }

    /**
     * Forgets every session, idle or lent: after a device error or a lost login the token's sessions are suspect.
     * Lent sessions are closed when they come back.
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
