package dev.rolesanywhere.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {
    private static final Instant START = Instant.parse("2030-06-01T12:00:00Z");

    @Test
    void instant_staysPutUntilTheTestMovesIt() {
        MutableClock clock = new MutableClock(START);

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START);
        clock.advance(Duration.ofMinutes(5));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(300));
        clock.set(START.minusSeconds(1));
        assertThat(clock.millis()).isEqualTo(START.minusSeconds(1).toEpochMilli());
    }

    @Test
    void advanceOnEachRead_givesEachReadALaterTime() {
        MutableClock clock = new MutableClock(START).advanceOnEachRead(Duration.ofSeconds(1));

        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(1));
        clock.advance(Duration.ofSeconds(10));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(12));
    }

    @Test
    void defaultStart_isFixed() {
        assertThat(new MutableClock().instant()).isEqualTo(MutableClock.DEFAULT_START);
    }
}
