package dev.rolesanywhere.emulator;

import java.time.Duration;

/**
 * Faults to inject into the next CreateSession requests, for testing retries and timeouts. Queued faults apply in the
 * order they were added, one request each; when the queue is empty the random policy (if set) decides. Thread-safe.
 */
public interface EmulatorFaults {
    /** The next {@code count} requests get the given fault (any type but {@link FaultType#DELAY}). */
    EmulatorFaults failNext(int count, FaultType fault);

    /** The next {@code count} requests answer 429 {@code ThrottlingException}. */
    default EmulatorFaults throttleNext(int count) {
        return failNext(count, FaultType.THROTTLING);
    }

    /** The next {@code count} requests answer 500 {@code InternalServerException}. */
    default EmulatorFaults internalErrorNext(int count) {
        return failNext(count, FaultType.INTERNAL_ERROR);
    }

    /** The next {@code count} requests answer 503 {@code ServiceUnavailableException}. */
    default EmulatorFaults serviceUnavailableNext(int count) {
        return failNext(count, FaultType.SERVICE_UNAVAILABLE);
    }

    /** The next {@code count} requests see their connection closed without an answer. */
    default EmulatorFaults dropConnectionNext(int count) {
        return failNext(count, FaultType.DROP_CONNECTION);
    }

    /** The next {@code count} requests get a 201 with a truncated JSON body. */
    default EmulatorFaults malformedBodyNext(int count) {
        return failNext(count, FaultType.MALFORMED_BODY);
    }

    /** The next {@code count} requests get real credentials whose session token smuggles in another line. */
    default EmulatorFaults hostileCredentialsNext(int count) {
        return failNext(count, FaultType.HOSTILE_CREDENTIALS);
    }

    /** The next {@code count} requests wait {@code delay} (by real time, not the emulator clock) before handling. */
    EmulatorFaults delayNext(int count, Duration delay);

    /** Faults drawn at random for every request not covered by the queue; null to stop. */
    EmulatorFaults randomFaults(RandomFaults policy);

    /** How many queued faults are still to be applied. */
    int pending();

    /** Removes queued faults and the random policy. */
    void clear();
}
