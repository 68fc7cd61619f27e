package dev.rolesanywhere.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells a provider's {@link CredentialsRefreshListener}s about refreshes; with none, does nothing at all. */
final class RefreshNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshNotifier.class);

    private final List<CredentialsRefreshListener> listeners;

    RefreshNotifier(List<CredentialsRefreshListener> listeners) {
        this.listeners = Collections.unmodifiableList(new ArrayList<>(listeners));
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    /** The instant to time a refresh from: {@link System#nanoTime()}, or 0 without listeners (nothing is timed). */
    long started() {
        if (listeners.isEmpty()) {
            return 0;
        }
        for (CredentialsRefreshListener listener : listeners) {
            try {
                listener.refreshStarted();
            } catch (RuntimeException e) {
                warn(listener, e);
            }
        }
        return System.nanoTime();
    }

    void succeeded(long startedNanos, Instant credentialsExpiration, Instant certificateExpiration) {
        if (!listeners.isEmpty()) {
            CredentialsRefresh refresh = new CredentialsRefresh(since(startedNanos), credentialsExpiration,
                    certificateExpiration, 0, null);
            for (CredentialsRefreshListener listener : listeners) {
                try {
                    listener.refreshSucceeded(refresh);
                } catch (RuntimeException e) {
                    warn(listener, e);
                }
            }
        }
    }

    void failed(long startedNanos, RuntimeException failure, int consecutiveFailures, Instant certificateExpiration) {
        if (!listeners.isEmpty()) {
            CredentialsRefresh refresh = new CredentialsRefresh(since(startedNanos), null, certificateExpiration,
                    consecutiveFailures, failure);
            for (CredentialsRefreshListener listener : listeners) {
                try {
                    listener.refreshFailed(refresh);
                } catch (RuntimeException e) {
                    warn(listener, e);
                }
            }
        }
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void warn(CredentialsRefreshListener listener, RuntimeException e) {
        LOG.warn("The credentials refresh listener {} threw {}; the refresh goes on regardless", listener,
                e.toString());
    }
}
