package dev.rolesanywhere.cli.internal;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-up phase marks for a short-lived command, printed on stderr when the JVM is started with
 * {@code -Drolesanywhere.startup.trace=true} (for example through {@code ROLESANYWHERE_OPTS}). Off, a mark is one
 * read of a constant: {@code credential_process} starts a JVM for every refresh, and this is how its start-up cost
 * is broken down into phases (see docs/benchmarks.md).
 */
public final class StartupTrace {

    /** The system property that turns the marks on. */
    public static final String PROPERTY = "rolesanywhere.startup.trace";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
    private static final List<String> PHASES = ENABLED ? new ArrayList<>() : null;
    private static final List<Long> NANOS = ENABLED ? new ArrayList<>() : null;
    private static final long WALL_MILLIS_AT_FIRST_MARK = ENABLED ? System.currentTimeMillis() : 0;
    private static final long NANOS_AT_FIRST_MARK = ENABLED ? System.nanoTime() : 0;

    private StartupTrace() {
    }

    /** Records that {@code phase} has just ended. */
    public static void mark(String phase) {
        if (ENABLED) {
            synchronized (PHASES) {
                PHASES.add(phase);
                NANOS.add(System.nanoTime());
            }
        }
    }

    /**
     * Prints every phase with its duration, the first one measured from the JVM's own start (read only now, so that
     * the management classes are not loaded while the phases are measured).
     */
    public static void print(PrintStream err) {
        if (!ENABLED) {
            return;
        }
        double startToFirstMark = WALL_MILLIS_AT_FIRST_MARK - ManagementFactory.getRuntimeMXBean().getStartTime();
        double previous = -startToFirstMark;
        synchronized (PHASES) {
            for (int i = 0; i < PHASES.size(); i++) {
                double at = (NANOS.get(i) - NANOS_AT_FIRST_MARK) / 1e6;
                err.println(String.format(Locale.ROOT, "startup %-16s %8.1f ms  (at %8.1f ms)", PHASES.get(i),
                        at - previous, at + startToFirstMark));
                previous = at;
            }
        }
    }
}
