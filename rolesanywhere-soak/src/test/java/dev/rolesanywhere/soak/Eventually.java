package dev.rolesanywhere.soak;

import dev.rolesanywhere.core.RolesAnywhereException;
import software.amazon.awssdk.core.exception.SdkClientException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Tries an action on a schedule until it succeeds or a bounded time passes. After the faults stop, the provider may
 * still be inside the back-off of its last failure (it answers with that failure until the next attempt is due), so
 * the first quiet call is allowed to fail for a while, never forever.
 */
final class Eventually {
    private Eventually() {
    }

    static <T> T get(Supplier<T> action, Duration timeout) throws Exception {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<T> result = new CompletableFuture<>();
        RuntimeException[] last = new RuntimeException[1];
        try {
            ScheduledFuture<?> task = poller.scheduleWithFixedDelay(() -> {
                try {
                    result.complete(action.get());
                } catch (RolesAnywhereException | SdkClientException e) {
                    // A failure worth retrying: the library's own, or the provider's SdkClientException wrapping it.
                    last[0] = e;
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                AssertionError failure = new AssertionError("Still failing after " + timeout);
                if (last[0] != null) {
                    failure.initCause(last[0]);
                }
                throw failure;
            } finally {
                task.cancel(false);
            }
        } finally {
            poller.shutdownNow();
        }
    }
}
