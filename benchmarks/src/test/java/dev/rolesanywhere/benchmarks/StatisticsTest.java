package dev.rolesanywhere.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
    @Test
    void median_ofAnOddCount_isTheMiddleValueWhateverTheOrder() {
        assertThat(Statistics.median(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
    }

    @Test
    void median_ofAnEvenCount_isTheMeanOfTheTwoMiddleValues() {
        assertThat(Statistics.median(List.of(4.0, 1.0, 10.0, 2.0))).isEqualTo(3.0);
    }

    @Test
    void percentile_interpolatesBetweenRanks_fromMinimumToMaximum() {
        List<Double> values = List.of(4.0, 1.0, 3.0, 2.0, 5.0);
        assertThat(Statistics.percentile(values, 0)).isEqualTo(1.0);
        assertThat(Statistics.percentile(values, 25)).isEqualTo(2.0);
        assertThat(Statistics.percentile(values, 75)).isEqualTo(4.0);
        assertThat(Statistics.percentile(values, 100)).isEqualTo(5.0);
        assertThat(Statistics.percentile(List.of(1.0, 2.0), 25)).isEqualTo(1.25);
    }

    @Test
    void median_ofNothing_isRefused() {
        assertThatThrownBy(() -> Statistics.median(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
