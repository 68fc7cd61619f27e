package dev.rolesanywhere.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every CreateSession attempt the emulator received, in arrival order. Thread-safe. */
public interface RequestLog {
    /** A snapshot of the entries so far. */
    List<LoggedRequest> entries();

    /** How many attempts were received. */
    int count();

    /** The most recent attempt. */
    Optional<LoggedRequest> last();

    /** Forgets every entry. */
    void clear();

    /**
     * Waits until at least {@code count} attempts have been answered, for tests that start requests in the
     * background; wakes as soon as the count is reached rather than polling.
     *
     * @return whether the count was reached within the timeout
     */
    boolean awaitCount(int count, Duration timeout) throws InterruptedException;
}
