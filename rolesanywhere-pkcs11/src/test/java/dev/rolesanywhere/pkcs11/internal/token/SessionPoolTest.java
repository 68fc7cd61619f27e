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
        final List<Long> closed = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public long open() {
            long h = next.incrementAndGet();
            open.add(h);
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
        SessionPool.Lease first = pool.borrow();
        pool.release(first);
        SessionPool.Lease second = pool.borrow();

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
        SessionPool.Lease lease = pool.borrow();
        pool.release(lease);
        sessions.broken.add(lease.handle());

        SessionPool.Lease fresh = pool.borrow();

        assertThat(fresh.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).containsExactly(lease.handle());
    }

    @Test
    void invalidateAll_closesIdleNow_andLentSessionsWhenReturned() {
        SessionPool pool = new SessionPool(sessions, 3, Duration.ofSeconds(5));
        SessionPool.Lease idle = pool.borrow();
        SessionPool.Lease lent = pool.borrow();
        pool.release(idle);

        pool.invalidateAll();
        assertThat(sessions.closed).containsExactly(idle.handle());

        pool.release(lent);
        assertThat(sessions.closed).containsExactly(idle.handle(), lent.handle());
        assertThat(pool.idleCount()).isZero();
    }

    @Test
    void discard_closesTheSessionAndFreesItsPermit() {
        SessionPool pool = new SessionPool(sessions, 1, Duration.ofMillis(50));
        SessionPool.Lease lease = pool.borrow();
        pool.discard(lease);

        SessionPool.Lease next = pool.borrow();
        assertThat(next.handle()).isNotEqualTo(lease.handle());
        assertThat(sessions.closed).containsExactly(lease.handle());
    }

    @Test
    void close_closesIdleSessions_andRefusesFurtherBorrows() {
        SessionPool pool = new SessionPool(sessions, 2, Duration.ofSeconds(5));
        SessionPool.Lease lease = pool.borrow();
        pool.release(lease);
        pool.close();

        assertThat(sessions.open).isEmpty();
        assertThatThrownBy(pool::borrow).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
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
                        SessionPool.Lease lease = pool.borrow();
                        int now = concurrent.incrementAndGet();
                        maxConcurrent.accumulateAndGet(now, Math::max);
                        if (!lent.add(lease.handle())) {
                            doubleLent.incrementAndGet();
                        }
                        lent.remove(lease.handle());
                        concurrent.decrementAndGet();
                        pool.release(lease);
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
