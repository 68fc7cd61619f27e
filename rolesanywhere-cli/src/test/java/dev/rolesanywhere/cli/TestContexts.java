package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** In-process command runs with captured output, a chosen environment, no terminal, and a chosen clock. */
public final class TestContexts {

    private TestContexts() {
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
