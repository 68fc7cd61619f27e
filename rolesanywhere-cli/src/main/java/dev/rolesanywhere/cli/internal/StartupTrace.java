package dev.rolesanywhere.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Start-up phase marks for a short-lived command, printed on stderr when the JVM is started with
 * {@code -Drolesanywhere.startup.trace=true} (for example through {@code ROLESANYWHERE_OPTS}). Off, a mark is one
 * read of a constant: {@code credential_process} starts a JVM for every refresh, and this is how its start-up cost
 * is broken down into phases (see docs/benchmarks.md).
 *
 * <p>Each phase shows its wall time and, on Linux, the time the calling thread spent on a CPU and waiting for one
 * ({@code /proc/thread-self/schedstat}): on a busy machine the wall time mostly measures the other processes, the CPU
 * time much less so.
 */
public final class StartupTrace {

    /** The system property that turns the marks on. */
    public static final String PROPERTY = "rolesanywhere.startup.trace";

    private static final boolean ENABLED = Boolean.getBoolean(PROPERTY);
    private static final Path SCHEDSTAT = Paths.get("/proc/thread-self/schedstat");
    private static final List<Mark> MARKS = new ArrayList<>();
    private static final long WALL_MILLIS_AT_FIRST_MARK = ENABLED ? System.currentTimeMillis() : 0;

    private StartupTrace() {
    }

    /** Records that {@code phase} has just ended; call it from the thread whose phases are measured. */
    public static void mark(String phase) {
        if (ENABLED) {
            long nanos = System.nanoTime();
            long[] sched = schedstat();
            synchronized (MARKS) {
                MARKS.add(new Mark(phase, nanos, sched));
            }
        }
    }

    /**
     * Prints every phase: its wall time, the first one measured from the JVM's own start (read only now, so that the
     * management classes are not loaded while the phases are measured), then the thread's CPU and run-queue time.
     */
    public static void print(PrintStream err) {
        if (!ENABLED) {
            return;
        }
        synchronized (MARKS) {
            if (MARKS.isEmpty()) {
                return;
            }
            long startToFirstMark = WALL_MILLIS_AT_FIRST_MARK - ManagementFactory.getRuntimeMXBean().getStartTime();
            Mark first = MARKS.get(0);
            Mark previous = null;
            for (Mark mark : MARKS) {
                double wall = previous == null ? startToFirstMark : (mark.nanos - previous.nanos) / 1e6;
                double at = startToFirstMark + (mark.nanos - first.nanos) / 1e6;
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "startup %-16s %8.1f ms wall", mark.phase, wall));
                if (mark.sched != null && (previous == null || previous.sched != null)) {
                    long[] before = previous == null ? new long[2] : previous.sched;
                    line.append(String.format(Locale.ROOT, " %8.1f ms cpu %8.1f ms waiting",
                            (mark.sched[0] - before[0]) / 1e6, (mark.sched[1] - before[1]) / 1e6));
                }
                err.println(line.append(String.format(Locale.ROOT, "  (at %.1f ms)", at)));
                previous = mark;
            }
        }
    }

    /** The calling thread's nanoseconds on a CPU and waiting in a run queue, or null where the kernel has no such file. */
    private static long[] schedstat() {
        try {
            String[] fields = new String(Files.readAllBytes(SCHEDSTAT), StandardCharsets.US_ASCII).trim().split(" ", 3);
            return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final class Mark {
        final String phase;
        final long nanos;
        final long[] sched;

        Mark(String phase, long nanos, long[] sched) {
            this.phase = phase;
            this.nanos = nanos;
            this.sched = sched;
        }
    }
}
