package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

        @Override
        public boolean isHealthy(long session) {
            return open.contains(session) && !broken.contains(session);
        }

        @Override
        public void closeQuietly(long session) {
            open.remove(session);
            closed.add(session);
        }
    }

    private final RecordingSessions sessions = new RecordingSessions();

    @Test
    void borrow_afterRelease_reusesTheSameSession() {
        SessionPool pool = new SessionPool(sessions, 2, Duration.ofSeconds(5));
        SessionLease first = pool.borrow();
        first.close();
        SessionLease second = pool.borrow();

        assertThat(second.handle()).isEqualTo(first.handle());
        assertThat(sessions.open).hasSize(1);
    }

    @Test
    void borrow_whenAllSessionsLent_failsAfterTimeoutNamingMaxSessions() {
        SessionPool pool = new SessionPool(sessions, 2, Duration.ofMillis(50));
        pool.borrow();
        pool.borrow();

        assertThatThrownBy(pool::borrow)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("All 2 token sessions")
                .hasMessageContaining("maxSessions");
        assertThat(sessions.open).hasSize(2);
    }

    @Test
    void borrow_whenIdleSessionIsBroken_closesItAndOpensAnother() {
        SessionPool pool = new SessionPool(sessions, 1, Duration.ofSeconds(5));
        SessionLease lease = pool.borrow();
        lease.close();
        sessions.broken.add(lease.handle());

        SessionLease fresh = pool.borrow();

        assertThat(fresh.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).containsExactly(lease.handle());
    }

    @Test
    void invalidateAll_closesIdleNow_andLentSessionsWhenReturned() {
        SessionPool pool = new SessionPool(sessions, 3, Duration.ofSeconds(5));
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
        SessionPool pool = new SessionPool(sessions, 1, Duration.ofMillis(50));
        SessionLease lease = pool.borrow();
        lease.markBroken();
        lease.close();

        SessionLease next = pool.borrow();
        assertThat(next.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).containsExactly(lease.handle());
    }

    @Test
    void close_ofALeaseTwice_returnsItsSessionAndPermitOnce() {
        SessionPool pool = new SessionPool(sessions, 1, Duration.ofMillis(50));
        SessionLease lease = pool.borrow();
        lease.close();
        lease.close();

        assertThat(pool.idleCount()).isEqualTo(1);
        assertThat(pool.borrow().handle()).isEqualTo(lease.handle());
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessageContaining("All 1");
    }

    @Test
    void borrowDedicated_opensAReadWriteSessionOutsideTheBound_andClosesItWithTheLease() {
        SessionPool pool = new SessionPool(sessions, 1, Duration.ofMillis(50));
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
        SessionPool pool = new SessionPool(sessions, 2, Duration.ofSeconds(5));
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
        SessionPool pool = new SessionPool(sessions, 2, Duration.ofSeconds(5));
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
        SessionPool pool = new SessionPool(sessions, capacity, Duration.ofSeconds(30));
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
