package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/** In-process command runs with captured output, a chosen environment, no terminal, and a clock the test moves. */
public final class TestContexts {

    private TestContexts() {
    }

    /** A clock that stands still until told to move. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void set(Instant instant) {
            now = instant;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Captured stdout and stderr of one in-process run. */
    public static final class Captured {
        public final ByteArrayOutputStream out = new ByteArrayOutputStream();
        public final ByteArrayOutputStream err = new ByteArrayOutputStream();
        public final CliContext context;

        Captured(Map<String, String> env, Clock clock, Path home) {
            context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env, () -> null, clock, home);
        }

        public String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        public String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    public static Captured capture(Map<String, String> env, Clock clock, Path home) {
        return new Captured(env, clock, home);
    }

    public static Captured capture(Path home) {
        return new Captured(Map.of(), Clock.systemUTC(), home);
    }
}
