package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Ck;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckf;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.SlotInfo;
import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token in one slot, as one signer uses it: who it is, the sessions held on it, and whether we logged in.
 *
 * <p>PKCS#11 login state belongs to the application and the token, not to a session, so login happens once here and
 * every pooled session shares it.
 */
public final class Token implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Token.class);

    /** Used when neither the token nor the caller bounds the session count. */
    public static final int DEFAULT_MAX_SESSIONS = 8;
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(60);

    private final Cryptoki cryptoki;
    private final long slotId;
    private final SlotInfo slotInfo;
    private final TokenInfo info;
    private final SessionPool pool;
    private final ReentrantLock loginLock = new ReentrantLock();
    /** Whether this object counts as a holder of the token's login in {@link LoginRegistry}. */
    private boolean holdsLogin;
    /** Held open while logged in, so that discarding pooled sessions never logs the application out. */
    private long anchorSession = NO_SESSION;
    private static final long NO_SESSION = -1;

    private Token(Cryptoki cryptoki, long slotId, SlotInfo slotInfo, TokenInfo info, Integer maxSessions) {
        this.cryptoki = cryptoki;
        this.slotId = slotId;
        this.slotInfo = slotInfo;
        this.info = info;
        this.pool = new SessionPool(new PooledSessions(), capacity(info, maxSessions), BORROW_TIMEOUT);
    }

    /** Reads the slot's and token's information now. */
    public static Token open(Cryptoki cryptoki, long slotId, Integer maxSessions) {
        return new Token(cryptoki, slotId, cryptoki.getSlotInfo(slotId), cryptoki.getTokenInfo(slotId), maxSessions);
    }

    static int capacity(TokenInfo info, Integer maxSessions) {
        long tokenMax = info.maxSessionCount();
        int bound = maxSessions != null ? maxSessions : DEFAULT_MAX_SESSIONS;
        if (tokenMax != Ck.CK_EFFECTIVELY_INFINITE && tokenMax != Ck.CK_UNAVAILABLE_INFORMATION && tokenMax > 0) {
            bound = (int) Math.min(bound, tokenMax);
        }
        if (isTpm(info)) {
            // tpm2-pkcs11 misbehaves under concurrent use of one token (shared handles, resource-manager races):
            // one session serialises every operation on it.
            bound = 1;
        }
        return Math.max(1, bound);
    }

    private static boolean isTpm(TokenInfo info) {
        String manufacturer = info.manufacturerId() == null ? "" : info.manufacturerId().toLowerCase(Locale.ROOT);
        String model = info.model() == null ? "" : info.model().toLowerCase(Locale.ROOT);
        return manufacturer.contains("tpm2") || model.contains("tpm");
    }

    public Cryptoki cryptoki() {
        return cryptoki;
    }

    public long slotId() {
        return slotId;
    }

    public SlotInfo slotInfo() {
        return slotInfo;
    }

    /** Token information as read when this object was made. */
    public TokenInfo info() {
        return info;
    }

    public SessionPool sessions() {
        return pool;
    }

    /** True when the token wants a login before its private objects can be used. */
    public boolean loginRequired() {
        return info.loginRequired();
    }

    /** A human name for messages: label, serial and slot. */
    public String displayName() {
        return "token '" + info.label() + "' (serial " + info.serialNumber() + ", slot " + slotId + ")";
    }

    /**
     * A URI naming this token (label, manufacturer, model, serial) and carrying the module and PIN-source attributes
     * of {@code base}, never a {@code pin-value}.
     */
    public Pkcs11Uri.Builder uriBuilder(Pkcs11Uri base) {
        Pkcs11Uri.Builder b = Pkcs11Uri.builder().token(info.label()).manufacturer(info.manufacturerId())
                .model(info.model()).serial(info.serialNumber());
        base.modulePath().ifPresent(b::modulePath);
        base.moduleName().ifPresent(b::moduleName);
        base.pinSource().ifPresent(b::pinSource);
        return b;
    }

    /** Runs {@code work} on a pooled session, discarding the session if the token reports it lost. */
    public <T> T withSession(LongFunction<T> work) {
        SessionPool.Lease lease = pool.borrow();
        try {
            T result = work.apply(lease.handle());
            pool.release(lease);
            return result;
        } catch (dev.rolesanywhere.pkcs11.SessionLostException | dev.rolesanywhere.pkcs11.TokenUnavailableException e) {
            pool.discard(lease);
            throw e;
        } catch (RuntimeException | Error e) {
            pool.release(lease);
            throw e;
        }
    }

    /** Whether the application is logged in as user on this token right now (any session tells). */
    public boolean isLoggedIn() {
        return withSession(session -> cryptoki.getSessionInfo(session).userLoggedIn());
    }

    /**
     * Logs in as user unless already logged in. Checks the PIN retry flags first and sends the PIN once.
     *
     * @param pin the PIN source; null only when the token has a protected authentication path
     * @throws dev.rolesanywhere.core.KeySourceException when a PIN is needed and none is configured
     */
    public void ensureLoggedIn(PinCallback pin) {
        loginLock.lock();
        try {
            withSession(session -> {
                if (cryptoki.getSessionInfo(session).userLoggedIn()) {
                    holdAnchor();
                    holdLogin();
                    return null;
                }
                // Fresh flags: the retry counters change with every attempt, including other processes' attempts.
                TokenInfo now = cryptoki.getTokenInfo(slotId);
                TokenLogin.checkRetryFlags(now, displayName());
                PinCallback source = now.protectedAuthenticationPath() ? null : pin;
                if (source == null && !now.protectedAuthenticationPath()) {
                    throw new dev.rolesanywhere.core.KeySourceException(displayName() + " requires a login and no "
                            + "PIN is configured. Set a PinCallback on the builder, or add pin-source=<file> to the "
                            + "pkcs11: URI");
                }
                TokenLogin.login(cryptoki, session, Cku.CKU_USER, source, displayName());
                LOG.debug("Logged in to {}", displayName());
                holdAnchor();
                holdLogin();
                LoginRegistry.loggedIn(loginKey());
                return null;
            });
        } finally {
            loginLock.unlock();
        }
    }

    /**
     * PKCS#11 logs an application out when its last session on the token closes. An extra idle session keeps the
     * login through pool churn (a discarded session, a pool closed during recovery). Skipped when the token allows
     * so few sessions that the anchor would starve the pool. Called under the login lock.
     */
    private void holdAnchor() {
        long tokenMax = info.maxSessionCount();
        boolean roomy = tokenMax == Ck.CK_EFFECTIVELY_INFINITE || tokenMax == Ck.CK_UNAVAILABLE_INFORMATION
                || tokenMax > pool.capacity();
        if (!roomy) {
            return;
        }
        if (anchorSession != NO_SESSION) {
            try {
                cryptoki.getSessionInfo(anchorSession);
                return;
            } catch (Pkcs11Exception e) {
                anchorSession = NO_SESSION;
            }
        }
        anchorSession = cryptoki.openSession(slotId, Ckf.CKF_SERIAL_SESSION);
    }

    private void releaseAnchor() {
        loginLock.lock();
        try {
            if (anchorSession != NO_SESSION) {
                new PooledSessions().closeQuietly(anchorSession);
                anchorSession = NO_SESSION;
            }
        } finally {
            loginLock.unlock();
        }
    }

    private String loginKey() {
        return LoginRegistry.key(cryptoki.modulePath(), slotId, info.serialNumber());
    }

    /** Called under the login lock. */
    private void holdLogin() {
        if (!holdsLogin) {
            LoginRegistry.hold(loginKey());
            holdsLogin = true;
        }
    }

    /** True when this was the last holder of a login this library made: the caller should log out. */
    private boolean releaseLogin() {
        loginLock.lock();
        try {
            if (!holdsLogin) {
                return false;
            }
            holdsLogin = false;
            return LoginRegistry.release(loginKey());
        } finally {
            loginLock.unlock();
        }
    }

    /** Same physical token as {@code info}: label, manufacturer, model and serial agree. */
    boolean sameTokenAs(TokenInfo other) {
        return info.label().equals(other.label()) && info.manufacturerId().equals(other.manufacturerId())
                && info.model().equals(other.model()) && info.serialNumber().equals(other.serialNumber());
    }

    /**
     * Closes the sessions without logging out: used in recovery, where a replacement object on the same token has
     * already taken up the login.
     */
    void abandon() {
        releaseLogin();
        pool.close();
        releaseAnchor();
    }

    /**
     * Closes every session this object holds, logging out first if it is the last user in this JVM of a login this
     * library made. Never throws.
     */
    @Override
    public void close() {
        if (releaseLogin()) {
            try {
                withSession(session -> {
                    cryptoki.logout(session);
                    return null;
                });
            } catch (RuntimeException e) {
                // Already logged out (sessions lost, token gone): nothing left to undo.
                LOG.debug("Logout from {} failed: {}", displayName(), e.toString());
            }
        }
        pool.close();
        releaseAnchor();
    }

    /** The pool's view of this token's sessions. */
    private final class PooledSessions implements SessionPool.Sessions {
        @Override
        public long open() {
            return cryptoki.openSession(slotId, Ckf.CKF_SERIAL_SESSION);
        }

        @Override
        public boolean isHealthy(long session) {
            try {
                return cryptoki.getSessionInfo(session).slotId() == slotId;
            } catch (Pkcs11Exception e) {
                return false;
            }
        }

        @Override
        public void closeQuietly(long session) {
            try {
                cryptoki.closeSession(session);
            } catch (Pkcs11Exception e) {
                LOG.debug("Closing session {} on {} failed: {}", session, displayName(), e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "Token[" + displayName() + "]";
    }
}
