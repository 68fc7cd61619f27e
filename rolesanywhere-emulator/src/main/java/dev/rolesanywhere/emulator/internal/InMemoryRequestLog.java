package dev.rolesanywhere.emulator.internal;

import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RequestLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The request log, guarded by its own monitor so waiting tests wake when an entry arrives. */
public final class InMemoryRequestLog implements RequestLog {
    private final List<LoggedRequest> entries = new ArrayList<>();

    public synchronized void add(LoggedRequest entry) {
        entries.add(entry);
        notifyAll();
    }

    @Override
    public synchronized List<LoggedRequest> entries() {
        return new ArrayList<>(entries);
    }

    @Override
    public synchronized int count() {
        return entries.size();
    }

    @Override
    public synchronized Optional<LoggedRequest> last() {
        return entries.isEmpty() ? Optional.<LoggedRequest>empty() : Optional.of(entries.get(entries.size() - 1));
    }

    @Override
    public synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized boolean awaitCount(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries.size() < count) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            long millis = Math.max(1, remaining / 1_000_000);
            wait(millis);
        }
        return true;
    }
}
