package dev.rolesanywhere.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delayAfter_withTheHighestJitter_doublesUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000), d -> { },
                bound -> bound - 1);

        assertThat(policy.delayAfter(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(policy.delayAfter(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delayAfter(5)).isEqualTo(Duration.ofMillis(1000));
        assertThat(policy.delayAfter(60)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void delayAfter_withTheLowestJitter_isZero() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5), d -> { }, bound -> 0);

        assertThat(policy.delayAfter(3)).isZero();
    }

    @Test
    void delayAfter_withTheRealRandomSource_staysWithinTheCeiling() {
        RetryPolicy policy = RetryPolicy.create(3, Duration.ofMillis(50), Duration.ofMillis(120));

        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delayAfter(1)).isBetween(Duration.ZERO, Duration.ofMillis(50));
            assertThat(policy.delayAfter(3)).isBetween(Duration.ZERO, Duration.ofMillis(120));
        }
    }

    @Test
    void pauseAfter_handsTheDelayToTheSleeperAndSkipsZero() throws InterruptedException {
        List<Duration> slept = new ArrayList<>();
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(15), slept::add,
                bound -> bound - 1);

        policy.pauseAfter(1);
        policy.pauseAfter(2);

        assertThat(slept).containsExactly(Duration.ofMillis(10), Duration.ofMillis(15));

        RetryPolicy noWait = new RetryPolicy(3, Duration.ZERO, Duration.ZERO, slept::add, bound -> bound - 1);
        noWait.pauseAfter(1);
        assertThat(slept).hasSize(2);
    }
}
