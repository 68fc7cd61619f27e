package dev.rolesanywhere.soak;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The soak's size, from system properties so a long run needs no code change. */
final class SoakSettings {
    final Duration duration;
    final int threads;
    final long seed;

    private SoakSettings(Duration duration, int threads, long seed) {
        this.duration = duration;
        this.threads = threads;
        this.seed = seed;
    }

    /** {@code soak.duration} (ISO-8601, default PT75S), {@code soak.threads} (16), {@code soak.seed} (random). */
    static SoakSettings fromSystemProperties() {
        String seed = System.getProperty("soak.seed", "").trim();
        return new SoakSettings(Duration.parse(System.getProperty("soak.duration", "PT75S").trim()),
                Integer.parseInt(System.getProperty("soak.threads", "16").trim()),
                seed.isEmpty() ? ThreadLocalRandom.current().nextLong() : Long.parseLong(seed));
    }

    @Override
    public String toString() {
        return "duration=" + duration + ", threads=" + threads + ", seed=" + seed
                + " (repeat with -Dsoak.seed=" + seed + ")";
    }
}
