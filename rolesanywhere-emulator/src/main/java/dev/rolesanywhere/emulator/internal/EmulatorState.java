package dev.rolesanywhere.emulator.internal;

import dev.rolesanywhere.emulator.EmulatedProfile;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Everything the request handlers share: configuration (fixed at start) and the few things that change. */
public final class EmulatorState {
    final String region;
    final String accountId;
    final Clock clock;
    final String basePath;
    final Map<String, X509Certificate> trustAnchors;
    final Map<String, EmulatedProfile> profiles;
    /** The emulator's own live set: revocations after start apply to the next request. */
    final Set<BigInteger> revokedSerials;
    final Duration credentialLifetime;
    final FaultPlan faults;
    final InMemoryRequestLog requestLog;
    final Map<String, IssuedSession> sessions = new ConcurrentHashMap<>();
    /** Counted down on close so delayed requests stop waiting. */
    final CountDownLatch closing = new CountDownLatch(1);

    public EmulatorState(String region, String accountId, Clock clock, String basePath,
            Map<String, X509Certificate> trustAnchors, Map<String, EmulatedProfile> profiles,
            Set<BigInteger> revokedSerials, Duration credentialLifetime, FaultPlan faults,
            InMemoryRequestLog requestLog) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.basePath = basePath;
        this.trustAnchors = Collections.unmodifiableMap(new LinkedHashMap<>(trustAnchors));
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
        this.revokedSerials = revokedSerials;
        this.credentialLifetime = credentialLifetime;
        this.faults = faults;
        this.requestLog = requestLog;
    }

    public void signalClosing() {
        closing.countDown();
    }

    /** How many credential sets were issued and are remembered for STS. */
    public int issuedSessionCount() {
        return sessions.size();
    }
}
