package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.pkcs11.Pkcs11KeyException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionPoolTest {

    /** Records what the pool asks of the token; handles are plain counters. */
    static final class RecordingSessions implements SessionPool.Sessions {
        final AtomicLong next = new AtomicLong(100);
        final Set<Long> open = ConcurrentHashMap.newKeySet();
        final Set<Long> broken = ConcurrentHashMap.newKeySet();
        final Set<Long> readWrite = ConcurrentHashMap.newKeySet();
        final List<Long> closed = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public long open(boolean rw) {
            long h = next.incrementAndGet();
            open.add(h);
            if (rw) {
                readWrite.add(h);
            }
            return h;
        }

        final List<Long> checked = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Handles whose value now names a session on another slot (reused by someone else). */
        final Set<Long> otherSlot = ConcurrentHashMap.newKeySet();

        @Override
        public boolean onThisSlot(long session) {
            checked.add(session);
            if (!open.contains(session) || broken.contains(session)) {
                throw new SessionLostException("C_GetSessionInfo", Ckr.CKR_SESSION_HANDLE_INVALID,
                        "CKR_SESSION_HANDLE_INVALID", "gone");
            }
            return !otherSlot.contains(session);
        }

        @Override
        public void closeQuietly(long session) {
            open.remove(session);
            closed.add(session);
        }
    }

    private final RecordingSessions sessions = new RecordingSessions();
    private final SlotGeneration slot = SlotGeneration.of("/test/" + java.util.UUID.randomUUID(), 0);
    private final AtomicLong nanos = new AtomicLong();

    /** A pool whose idle check waits {@link #IDLE_CHECK}, on the fake clock {@link #nanos}. */
    private SessionPool pool(int capacity, Duration borrowTimeout) {
        return new SessionPool(sessions, slot, capacity, borrowTimeout, IDLE_CHECK, nanos::get);
    }

    private static final Duration IDLE_CHECK = Duration.ofSeconds(5);

    @Test
    void borrow_afterRelease_reusesTheSameSession() {
        SessionPool pool = pool(2, Duration.ofSeconds(5));
        SessionLease first = pool.borrow();
        first.close();
        SessionLease second = pool.borrow();

        assertThat(second.handle()).isEqualTo(first.handle());
        assertThat(sessions.open).hasSize(1);
    }

    @Test
    void borrow_whenAllSessionsLent_failsAfterTimeoutNamingMaxSessions() {
        SessionPool pool = pool(2, Duration.ofMillis(50));
        pool.borrow();
        pool.borrow();

        assertThatThrownBy(pool::borrow)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("All 2 token sessions")
                .hasMessageContaining("maxSessions");
        assertThat(sessions.open).hasSize(2);
    }

    @Test
    void borrow_ofASessionIdleBelowTheThreshold_skipsTheHealthCheck() {
        SessionPool pool = pool(1, Duration.ofSeconds(5));
        SessionLease first = pool.borrow();
        first.close();
        nanos.addAndGet(IDLE_CHECK.toNanos() - 1);

        SessionLease again = pool.borrow();

        assertThat(again.handle()).isEqualTo(first.handle());
        assertThat(sessions.checked).isEmpty();
    }

    @Test
    void borrow_ofASessionIdlePastTheThreshold_checksIt() {
        SessionPool pool = pool(1, Duration.ofSeconds(5));
        SessionLease first = pool.borrow();
        first.close();
        nanos.addAndGet(IDLE_CHECK.toNanos());

        SessionLease again = pool.borrow();

        assertThat(again.handle()).isEqualTo(first.handle());
        assertThat(sessions.checked).containsExactly(first.handle());
    }

    @Test
    void borrow_afterAFailureWasReported_checksEveryIdleSessionOnce() {
        SessionPool pool = pool(3, Duration.ofSeconds(5));
        SessionLease a = pool.borrow();
        SessionLease b = pool.borrow();
        SessionLease failing = pool.borrow();
        a.close();
        b.close();
        failing.reportFailure(new IllegalStateException("CKR_FUNCTION_FAILED"));
        failing.close();

        SessionLease x = pool.borrow();
        SessionLease y = pool.borrow();
        SessionLease z = pool.borrow();
        x.close();
        y.close();
        z.close();
        pool.borrow().close();

        assertThat(sessions.checked).containsExactlyInAnyOrder(a.handle(), b.handle(), failing.handle());
        assertThat(sessions.closed).isEmpty();
    }

    @Test
    void borrow_whenTheHealthCheckFails_forgetsTheSessionWithoutClosingIt_andOpensAnother() {
        SessionPool pool = pool(1, Duration.ofSeconds(5));
        SessionLease lease = pool.borrow();
        lease.close();
        sessions.broken.add(lease.handle());
        nanos.addAndGet(IDLE_CHECK.toNanos());

        SessionLease fresh = pool.borrow();

        assertThat(fresh.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).isEmpty();
    }

    @Test
    void borrow_whenTheCheckedHandleNowNamesAnotherSlotsSession_neitherUsesNorClosesIt() {
        SessionPool pool = pool(1, Duration.ofSeconds(5));
        SessionLease lease = pool.borrow();
        lease.close();
        sessions.otherSlot.add(lease.handle());
        nanos.addAndGet(IDLE_CHECK.toNanos());

        SessionLease fresh = pool.borrow();

        assertThat(fresh.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).isEmpty();
    }

    @Test
    void reportFailure_ofASessionEndingError_makesEveryPoolOnTheSlotForgetItsOlderHandles() {
        SessionPool mine = pool(2, Duration.ofSeconds(5));
        SessionPool other = pool(2, Duration.ofSeconds(5));
        SessionLease otherIdle = other.borrow();
        SessionLease otherLent = other.borrow();
        SessionLease otherAnchor = other.borrowDedicated(false);
        otherIdle.close();
        SessionLease failing = mine.borrow();

        failing.reportFailure(new SessionLostException("C_SignInit", Ckr.CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED",
                "removed"));
        failing.close();
        SessionLease fresh = other.borrow();
        otherLent.close();
        assertThat(otherAnchor.stillOurs()).isFalse();
        otherAnchor.close();
        other.close();
        mine.close();

        // The old values may name other applications' sessions by now: not checked, not closed.
        assertThat(fresh.handle()).isNotIn(otherIdle.handle(), otherLent.handle(), failing.handle());
        assertThat(sessions.checked).isEmpty();
        assertThat(sessions.closed).doesNotContain(otherIdle.handle(), otherLent.handle(), otherAnchor.handle(),
                failing.handle());
        fresh.close();
        assertThat(sessions.closed).containsExactly(fresh.handle());
    }

    @Test
    void reportFailure_seenByTwoPools_endsTheGenerationOnce_soHandlesOpenedAfterItStayOurs() {
        SessionPool first = pool(1, Duration.ofSeconds(5));
        SessionPool second = pool(1, Duration.ofSeconds(5));
        SessionLease old1 = first.borrow();
        SessionLease old2 = second.borrow();
        old1.reportFailure(new SessionLostException("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID, "x", "gone"));
        old1.close();
        SessionLease renewed = first.borrow();

        old2.reportFailure(new SessionLostException("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID, "x", "gone"));
        old2.close();
        renewed.close();

        assertThat(first.borrow().handle()).isEqualTo(renewed.handle());
    }

    @Test
    void reportFailure_ofAnotherError_keepsTheSessionsButChecksThemFirst() {
        SessionPool pool = pool(1, Duration.ofSeconds(5));
        SessionLease lease = pool.borrow();
        lease.reportFailure(new Pkcs11KeyException("C_SignInit", Ckr.CKR_KEY_TYPE_INCONSISTENT, "x", "wrong key"));
        lease.close();

        SessionLease again = pool.borrow();

        assertThat(again.handle()).isEqualTo(lease.handle());
        assertThat(sessions.checked).containsExactly(lease.handle());
        assertThat(sessions.closed).isEmpty();
    }

    @Test
    void invalidateAll_closesIdleNow_andLentSessionsWhenReturned() {
        SessionPool pool = pool(3, Duration.ofSeconds(5));
        SessionLease idle = pool.borrow();
        SessionLease lent = pool.borrow();
        idle.close();

        pool.invalidateAll();
        assertThat(sessions.closed).containsExactly(idle.handle());

        lent.close();
        assertThat(sessions.closed).containsExactly(idle.handle(), lent.handle());
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void markBroken_closesTheSessionInsteadOfReturningIt_andFreesItsPermit() {
        SessionPool pool = pool(1, Duration.ofMillis(50));
        SessionLease lease = pool.borrow();
        lease.markBroken();
        lease.close();

        SessionLease next = pool.borrow();
        assertThat(next.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).containsExactly(lease.handle());
    }

    @Test
    void close_ofALeaseTwice_returnsItsSessionAndPermitOnce() {
        SessionPool pool = pool(1, Duration.ofMillis(50));
        SessionLease lease = pool.borrow();
        lease.close();
        lease.close();

        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(pool.borrow().handle()).isEqualTo(lease.handle());
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessageContaining("All 1");
    }

    @Test
    void borrowDedicated_opensAReadWriteSessionOutsideTheBound_andClosesItWithTheLease() {
        SessionPool pool = pool(1, Duration.ofMillis(50));
        SessionLease pooled = pool.borrow();

        SessionLease dedicated = pool.borrowDedicated(true);
        assertThat(sessions.readWrite).containsExactly(dedicated.handle());
        assertThat(sessions.readWrite).doesNotContain(pooled.handle());
        dedicated.close();

        assertThat(sessions.closed).containsExactly(dedicated.handle());
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void close_closesIdleSessions_andRefusesFurtherBorrows() {
        SessionPool pool = pool(2, Duration.ofSeconds(5));
        SessionLease lease = pool.borrow();
        lease.close();
        pool.close();

        assertThat(sessions.open).isEmpty();
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> pool.borrowDedicated(false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void close_whileSessionsAreLent_closesThemWhenTheirLeasesClose() {
        SessionPool pool = pool(2, Duration.ofSeconds(5));
        SessionLease pooled = pool.borrow();
        SessionLease dedicated = pool.borrowDedicated(false);
        pool.close();
        assertThat(sessions.closed).isEmpty();

        pooled.close();
        dedicated.close();

        assertThat(sessions.closed).containsExactlyInAnyOrder(pooled.handle(), dedicated.handle());
        assertThat(sessions.open).isEmpty();
    }

    @Test
    void borrow_underContention_neverLendsOneSessionTwiceNorExceedsCapacity() throws Exception {
        int capacity = 3;
        SessionPool pool = pool(capacity, Duration.ofSeconds(30));
        Set<Long> lent = ConcurrentHashMap.newKeySet();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger doubleLent = new AtomicInteger();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool8 = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool8.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        try (SessionLease lease = pool.borrow()) {
                            int now = concurrent.incrementAndGet();
                            maxConcurrent.accumulateAndGet(now, Math::max);
                            if (!lent.add(lease.handle())) {
                                doubleLent.incrementAndGet();
                            }
                            lent.remove(lease.handle());
                            concurrent.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool8.shutdownNow();
        }
        assertThat(doubleLent).hasValue(0);
        assertThat(maxConcurrent.get()).isLessThanOrEqualTo(capacity);
        assertThat(sessions.next.get() - 100).isLessThanOrEqualTo(capacity);
    }
}
