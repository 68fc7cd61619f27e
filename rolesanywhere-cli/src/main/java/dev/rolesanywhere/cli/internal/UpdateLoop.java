package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.RefreshSchedule;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.Sleeper;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps a profile in the shared credentials file fresh: writes credentials, waits until the {@link RefreshSchedule}
 * says to refresh them (from five minutes before they expire), repeats. Failures are reported and retried after the
 * schedule's pause, except those no retry can fix: a configuration error, and a key-source error on a token, since
 * repeating a rejected PIN would lock a smart card.
 */
public final class UpdateLoop {

    private final Supplier<SessionCredentials> fetcher;
    private final CredentialsFileWriter writer;
    private final String profile;
    private final boolean keyOnToken;
    private final RefreshSchedule schedule = RefreshSchedule.create();
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintStream log;

    public UpdateLoop(Supplier<SessionCredentials> fetcher, CredentialsFileWriter writer, String profile,
            boolean keyOnToken, Clock clock, Sleeper sleeper, PrintStream log) {
        this.fetcher = fetcher;
        this.writer = writer;
        this.profile = profile;
        this.keyOnToken = keyOnToken;
        this.clock = clock;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** Fetches and writes once; returns the expiry of what was written. */
    public Instant runOnce() {
        SessionCredentials credentials = fetcher.get();
        writer.update(profile, properties(credentials));
        return credentials.expiration();
    }

    /** Runs until interrupted, or until a failure that retrying cannot fix (rethrown). */
    public void run() throws InterruptedException {
        int failures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Instant next;
            try {
                Instant expiration = runOnce();
                failures = 0;
                next = schedule.refreshAt(expiration, clock.instant());
                log.println("Updated profile [" + profile + "] in " + writer.file() + "; credentials expire at "
                        + expiration.truncatedTo(ChronoUnit.SECONDS) + ", next refresh at "
                        + next.truncatedTo(ChronoUnit.SECONDS));
            } catch (ConfigurationException e) {
                throw e;
            } catch (KeySourceException e) {
                if (keyOnToken) {
                    throw e;
                }
                failures++;
                next = retryAt(e, failures);
            } catch (RuntimeException e) {
                failures++;
                next = retryAt(e, failures);
            }
            sleeper.sleepUntil(next, clock);
        }
        throw new InterruptedException();
    }

    private Instant retryAt(RuntimeException e, int failures) {
        Instant next = clock.instant().plus(schedule.retryDelay(failures));
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        log.println("Refresh failed (attempt " + failures + "): " + message.replaceAll("[\\r\\n]+", " ")
                + "; retrying at " + next.truncatedTo(ChronoUnit.SECONDS));
        return next;
    }

    static Map<String, String> properties(SessionCredentials credentials) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("aws_access_key_id", credentials.accessKeyId());
        properties.put("aws_secret_access_key", credentials.secretAccessKey());
        properties.put("aws_session_token", credentials.sessionToken());
        return properties;
    }
}
