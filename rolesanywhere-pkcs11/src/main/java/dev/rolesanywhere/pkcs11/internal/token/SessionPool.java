package dev.rolesanywhere.pkcs11.internal.token;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Every session one {@link Token} opens, handed out as {@link SessionLease}s: a bounded set of read-only sessions
 * reused across operations, and dedicated sessions (the login anchor, read-write sessions for creating objects) that
 * are closed when their lease closes.
 *
 * <p>The bound comes from the token's own maximum and the caller's {@code maxSessions}: tokens fail
 * {@code C_OpenSession} with {@code CKR_SESSION_COUNT} when exceeded, and smart cards often allow very few. Opening is
 * serialised because some modules (tpm2-pkcs11 1.9.0) hand the same handle to two concurrent openers. Idle sessions
 * stay open on purpose: closing a token's last session logs the application out of it.
 *
 * <p>A pooled session is checked with {@code C_GetSessionInfo} before reuse only when it sat idle past the idle-check
 * threshold or a failure was reported since it was returned: on a network HSM every call is a round trip, and a
 * session that died meanwhile fails {@code C_SignInit}, which the signer recovers from. Handles from an ended
 * {@link SlotGeneration} are forgotten without a call: they may be someone else's sessions by now.
 */
public final class SessionPool implements AutoCloseable {

    /** A pooled session idle at least this long is checked before reuse. */
    public static final Duration DEFAULT_IDLE_CHECK_THRESHOLD = Duration.ofSeconds(5);

    /** The session operations the pool needs; backed by the PKCS#11 binding. */
    public interface Sessions {
        /** {@code C_OpenSession}, read-write when asked. */
        long open(boolean readWrite);

        /**
         * {@code C_GetSessionInfo}: true when the handle is a session on this pool's slot, false when the value now
         * names a session on another slot.
         *
         * @throws RuntimeException when the call fails
         */
        boolean onThisSlot(long session);

        /** Closes quietly: the session may already be gone. */
        void closeQuietly(long session);
    }

    /** An idle pooled session and what decides whether it is checked before reuse. */
    private static final class Idle {
        final long handle;
        final long slotGeneration;
        final long returnedAt;
        /** The pool's failure count when it was returned; -1 when its own last use failed. */
        final long failuresSeen;

        Idle(long handle, long slotGeneration, long returnedAt, long failuresSeen) {
            this.handle = handle;
            this.slotGeneration = slotGeneration;
            this.returnedAt = returnedAt;
            this.failuresSeen = failuresSeen;
        }
    }

    private final Sessions sessions;
    private final SlotGeneration slot;
    private final int capacity;
    private final Duration borrowTimeout;
    private final long idleCheckNanos;
    private final LongSupplier nanoTime;
    private final Semaphore permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Idle> idle = new ArrayDeque<>();
    /** Advanced by {@link #invalidateAll()}; sessions lent before are closed when they come back. */
    private long generation;
    private long failures;
    private boolean closed;

    /**
     * @param idleCheckThreshold idle time after which a pooled session is checked before reuse; zero checks always
     * @param nanoTime the clock for idle times ({@code System::nanoTime} outside tests)
     */
    SessionPool(Sessions sessions, SlotGeneration slot, int capacity, Duration borrowTimeout,
            Duration idleCheckThreshold, LongSupplier nanoTime) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.sessions = sessions;
        this.slot = slot;
        this.capacity = capacity;
        this.borrowTimeout = borrowTimeout;
        this.idleCheckNanos = idleCheckThreshold.toNanos();
        this.nanoTime = nanoTime;
        this.permits = new Semaphore(capacity, true);
    }

    /** How many pooled sessions may be lent at once; dedicated sessions do not count. */
    public int capacity() {
        return capacity;
    }

    /**
     * Lends a pooled (read-only) session, opening one when none is idle.
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
            return new SessionLease(this, sessions.open(readWrite), generation, slot.current(), false);
        } finally {
            lock.unlock();
        }
    }

    private SessionLease takeOrOpen() {
        while (true) {
            Idle candidate;
            long gen;
            boolean check;
            lock.lock();
            try {
                checkOpen();
                candidate = idle.pollFirst();
                gen = generation;
                if (candidate == null) {
                    // Read before opening: a removal seen meanwhile makes the new handle stale, never the reverse.
                    long slotGeneration = slot.current();
                    return new SessionLease(this, sessions.open(false), gen, slotGeneration, true);
                }
                check = candidate.failuresSeen != failures
                        || nanoTime.getAsLong() - candidate.returnedAt >= idleCheckNanos;
            } finally {
                lock.unlock();
            }
            if (slot.isStale(candidate.slotGeneration)) {
                continue;
            }
            if (!check || stillOurs(candidate.handle, candidate.slotGeneration)) {
                return new SessionLease(this, candidate.handle, gen, candidate.slotGeneration, true);
            }
        }
    }

    /**
     * The health check: {@code C_GetSessionInfo} succeeds and names this pool's slot. A session that fails it ends
     * its generation, so it is forgotten rather than closed, and so is every other handle opened with it.
     */
    private boolean stillOurs(long handle, long slotGeneration) {
        if (slot.isStale(slotGeneration)) {
            return false;
        }
        boolean ours;
        try {
            ours = sessions.onThisSlot(handle);
        } catch (RuntimeException e) {
            ours = false;
        }
        if (!ours) {
            slot.endGeneration(slotGeneration);
        }
        return ours;
    }

    /** {@link SessionLease#stillOurs()}. */
    boolean stillOurs(SessionLease lease) {
        return stillOurs(lease.handle(), lease.slotGeneration());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The signer is closed");
        }
    }

    /** True when the lease's handle is from an ended slot generation and must be neither used nor closed. */
    boolean isStale(SessionLease lease) {
        return slot.isStale(lease.slotGeneration());
    }

    /** Called by {@link SessionLease#reportFailure}: the next borrow checks every idle session. */
    void failed(SessionLease lease, RuntimeException failure) {
        if (SlotGeneration.endsSessions(failure)) {
            slot.endGeneration(lease.slotGeneration());
        }
        lock.lock();
        try {
            failures++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called once per lease, by {@link SessionLease#close()}. A stale handle is forgotten. A pooled session goes back
     * to the idle set unless it is broken, the pool is closed, or it dates from before {@link #invalidateAll()};
     * every other session is closed.
     */
    void giveBack(SessionLease lease) {
        boolean stale = isStale(lease);
        if (!lease.pooled()) {
            if (!stale) {
                sessions.closeQuietly(lease.handle());
            }
            return;
        }
        boolean keep = false;
        if (!stale && !lease.broken()) {
            lock.lock();
            try {
                keep = !closed && lease.generation() == generation;
                if (keep) {
                    idle.addFirst(new Idle(lease.handle(), lease.slotGeneration(), nanoTime.getAsLong(),
                            lease.failed() ? -1 : failures));
                }
            } finally {
                lock.unlock();
            }
        }
        if (!keep && !stale) {
            sessions.closeQuietly(lease.handle());
        }
        permits.release();
    }

    /**
     * Forgets every pooled session, idle or lent: after a device error or a lost login the token's sessions are
     * suspect. Idle ones are closed now (unless stale), lent ones when they come back.
     */
    public void invalidateAll() {
        Deque<Idle> toClose;
        lock.lock();
        try {
            generation++;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        for (Idle session : toClose) {
            if (!slot.isStale(session.slotGeneration)) {
                sessions.closeQuietly(session.handle);
            }
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
