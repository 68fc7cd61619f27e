package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @RepeatedTest(20)
    void retryDelay_doublesFromOneSecond_staysInItsUpperHalf_andIsCappedAtThirtySeconds() {
        RefreshSchedule schedule = RefreshSchedule.create();
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (int failures = 1; failures <= ceilings.length; failures++) {
            long ceiling = ceilings[failures - 1];
            Duration delay = schedule.retryDelay(failures);
            assertThat(delay.toMillis()).as("after %d failures", failures).isBetween(ceiling / 2, ceiling);
        }
        assertThat(schedule.retryDelay(Integer.MAX_VALUE).toMillis()).isBetween(15_000L, 30_000L);
    }

    @RepeatedTest(20)
    void refreshAt_fallsBetweenThePrefetchTimeAndOneMinuteBeforeTheStaleTime() {
        Instant expiration = NOW.plus(Duration.ofHours(1));

        Instant at = RefreshSchedule.create().refreshAt(expiration, NOW);

        assertThat(at).isBetween(expiration.minus(Duration.ofMinutes(5)), expiration.minus(Duration.ofMinutes(2)));
    }

    @Test
    void refreshAt_ofCredentialsAboutToExpire_isNeverSoonerThanThirtySecondsFromNow() {
        assertThat(RefreshSchedule.create().refreshAt(NOW.plusSeconds(60), NOW)).isEqualTo(NOW.plusSeconds(30));
    }

    @Test
    void prefetchAt_ofShortLivedCredentials_isThirtySecondsAfterTheFetch_orTheStaleTimeIfSooner() {
        RefreshSchedule schedule = RefreshSchedule.create();

        assertThat(schedule.prefetchAt(NOW.plusSeconds(120), NOW)).isEqualTo(NOW.plusSeconds(30));
        assertThat(schedule.prefetchAt(NOW.plusSeconds(70), NOW)).isEqualTo(NOW.plusSeconds(10));
        assertThat(schedule.prefetchAt(NOW.plusSeconds(3600), NOW)).isEqualTo(NOW.plusSeconds(3300));
    }

    @Test
    void staleAtAndPrefetchAt_areTheLeadTimesBeforeExpiry() {
        RefreshSchedule schedule = RefreshSchedule.of(Duration.ofMinutes(2), Duration.ofMinutes(10));

        assertThat(schedule.staleAt(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(2)));
        assertThat(schedule.prefetchAt(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
        RefreshSchedule defaults = RefreshSchedule.of(null, null);
        assertThat(defaults.staleTime()).isEqualTo(RefreshSchedule.DEFAULT_STALE_TIME).isEqualTo(Duration.ofMinutes(1));
        assertThat(defaults.prefetchTime()).isEqualTo(RefreshSchedule.DEFAULT_PREFETCH_TIME)
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void of_withPrefetchNotLongerThanStale_explainsTheOrder() {
        assertThatThrownBy(() -> RefreshSchedule.of(Duration.ofMinutes(5), Duration.ofMinutes(5)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("prefetchTime (PT5M) must be longer than staleTime (PT5M)");
        assertThatThrownBy(() -> RefreshSchedule.of(Duration.ZERO, null))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("staleTime must be positive");
    }

    @Test
    void checkSessionDuration_withPrefetchLongerThanTheSession_explainsTheConflict() {
        RefreshSchedule schedule = RefreshSchedule.of(null, Duration.ofMinutes(20));

        assertThatThrownBy(() -> schedule.checkSessionDuration(Duration.ofMinutes(15)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("shorter than the session duration");
        schedule.checkSessionDuration(Duration.ofMinutes(21));
    }
}
