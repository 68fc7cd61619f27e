package dev.rolesanywhere.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;

class CredentialsCacheTest {

    @RepeatedTest(20)
    void retryDelay_doublesFromOneSecond_staysInItsUpperHalf_andIsCappedAtThirtySeconds() {
        long[] ceilings = {1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (int failures = 1; failures <= ceilings.length; failures++) {
            long ceiling = ceilings[failures - 1];
            Duration delay = CredentialsCache.retryDelay(failures);
            assertThat(delay.toMillis()).as("after %d failures", failures).isBetween(ceiling / 2, ceiling);
        }
        assertThat(CredentialsCache.retryDelay(Integer.MAX_VALUE).toMillis()).isBetween(15_000L, 30_000L);
    }
}
