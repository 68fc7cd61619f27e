package dev.rolesanywhere.soak;

import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.FaultModule;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Token faults at random, one per tick: fake lost sessions and device errors from the fault module, sessions really
 * closed and logins really ended behind the signer's back, and the token pulled out and put back.
 */
final class TokenChaos {
    enum Kind {
        /** The next C_Sign answers CKR_SESSION_HANDLE_INVALID (the session itself stays open in SoftHSM2). */
        SIGN_SESSION_INVALID,
        /** The next C_SignInit answers CKR_SESSION_CLOSED. */
        SIGN_INIT_SESSION_CLOSED,
        /** The next C_Sign answers CKR_DEVICE_ERROR. */
        SIGN_DEVICE_ERROR,
        /** The next C_Sign answers CKR_USER_NOT_LOGGED_IN. */
        SIGN_NOT_LOGGED_IN,
        /** C_CloseAllSessions on the slot, reaching SoftHSM2: every pooled session is really gone. */
        CLOSE_ALL_SESSIONS,
        /** C_Logout reaching SoftHSM2: the application's login on the token is really gone. */
        LOGOUT,
        /** Token removed for 100-400 ms, then re-inserted. */
        REMOVE_AND_REINSERT
    }

    private final FaultModule faults;
    private final long slotId;
    private final Random random;
    private final ScheduledExecutorService scheduler;
    private final AtomicBoolean removed = new AtomicBoolean();
    private final Map<Kind, AtomicInteger> counts = new EnumMap<>(Kind.class);
    private final Map<String, Long> armedAt = new java.util.HashMap<>();
    /**
     * Faults after which the signer may forget sessions without closing them, counted since (and including) the last
     * C_CloseAllSessions. An injected session-ending error, a lost login or the simulated removal leaves the sessions
     * of that time open in SoftHSM2; a real C_CloseAllSessions ends them, but a session opened by another thread while
     * the failure was being noticed carries the ended generation too, and stays open forgotten.
     */
    private final AtomicInteger forgettingSinceAllSessionsEnded = new AtomicInteger();

    TokenChaos(FaultModule faults, long slotId, long seed, ScheduledExecutorService scheduler) {
        this.faults = faults;
        this.slotId = slotId;
        this.random = new Random(seed);
        this.scheduler = scheduler;
        for (Kind k : Kind.values()) {
            counts.put(k, new AtomicInteger());
        }
    }

    /** One random fault; called from a single scheduler thread, so the seeded sequence is reproducible. */
    void tick() {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        if (removed.get()) {
            // While the token is out, the other faults would all meet CKR_DEVICE_REMOVED first.
            return;
        }
        switch (kind) {
            case SIGN_SESSION_INVALID:
                if (!arm("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID)) {
                    return;
                }
                break;
            case SIGN_INIT_SESSION_CLOSED:
                if (!arm("C_SignInit", Ckr.CKR_SESSION_CLOSED)) {
                    return;
                }
                break;
            case SIGN_DEVICE_ERROR:
                if (!arm("C_Sign", Ckr.CKR_DEVICE_ERROR)) {
                    return;
                }
                break;
            case SIGN_NOT_LOGGED_IN:
                if (!arm("C_Sign", Ckr.CKR_USER_NOT_LOGGED_IN)) {
                    return;
                }
                break;
            case CLOSE_ALL_SESSIONS:
                try (ModuleHandle module = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
                    module.cryptoki().closeAllSessions(slotId);
                }
                forgettingSinceAllSessionsEnded.set(1);
                counts.get(kind).incrementAndGet();
                return;
            case LOGOUT:
                logOut();
                break;
            case REMOVE_AND_REINSERT:
                removed.set(true);
                faults.tokenRemoved(true);
                scheduler.schedule(this::reinsert, 100 + random.nextInt(300), TimeUnit.MILLISECONDS);
                break;
            default:
                throw new IllegalStateException(kind.name());
        }
        counts.get(kind).incrementAndGet();
        forgettingSinceAllSessionsEnded.incrementAndGet();
    }

    /**
     * Faults since (and including) the last real C_CloseAllSessions that may each have left sessions of the signer
     * open and forgotten: a handle of an ended generation is never closed, as its value may be someone else's by now.
     */
    int forgettingFaultsSinceAllSessionsEnded() {
        return forgettingSinceAllSessionsEnded.get();
    }

    /**
     * Injected faults queue up in the module; while the provider serves cached credentials nothing signs, so
     * unconsumed faults would pile up and keep failing signatures long after the chaos ends. One armed fault per
     * function at a time.
     */
    private boolean arm(String function, long ckr) {
        Long armed = armedAt.get(function);
        if (armed != null && faults.count(function) <= armed) {
            return false;
        }
        armedAt.put(function, faults.count(function));
        faults.inject(function, ckr, 1);
        return true;
    }

    private void logOut() {
        try (ModuleHandle module = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
            long session = module.cryptoki().openSession(slotId, 0);
            try {
                module.cryptoki().logout(session);
            } catch (RuntimeException e) {
                // CKR_USER_NOT_LOGGED_IN: a previous fault already ended the login, which is just as good.
            } finally {
                module.cryptoki().closeSession(session);
            }
        }
    }

    void reinsert() {
        faults.tokenRemoved(false);
        removed.set(false);
    }

    Map<Kind, Integer> counts() {
        Map<Kind, Integer> out = new EnumMap<>(Kind.class);
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    int total() {
        int n = 0;
        for (AtomicInteger c : counts.values()) {
            n += c.get();
        }
        return n;
    }
}
