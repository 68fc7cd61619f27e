package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
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
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One token in one slot, as one {@link ModuleContext} uses it: who it is, the sessions opened on it, and whether we
 * rely on its login. Only the context that opened it closes it.
 *
 * <p>PKCS#11 login state belongs to the application and the token, not to a session, so login happens once here and
 * every pooled session shares it.
 */
public final class Token {
    private static final Logger LOG = LoggerFactory.getLogger(Token.class);

    /** Used when neither the token nor the caller bounds the session count. */
    public static final int DEFAULT_MAX_SESSIONS = 8;
    private static final Duration BORROW_TIMEOUT = Duration.ofSeconds(60);

    private final Cryptoki cryptoki;
    private final long slotId;
    private final SlotInfo slotInfo;
    private final TokenInfo info;

    // What this object owns, and so undoes in close(); nothing else on the token is ours to close or log out.
    /** Every session this object opened, pooled or dedicated. */
    private final SessionPool sessions;
    /** The login state of the physical token, shared with every other user in the JVM; its lock guards logins. */
    private final LoginState loginState;
    private final TokenLogin login;
    /**
     * A dedicated session held open while logged in, so that discarding pooled sessions never logs the application
     * out; null when none is held. Guarded by the login lock.
     */
    private SessionLease anchor;
    /**
     * Whether this object counts as a holder of the token's login in its {@link LoginState}, which also records
     * whether this library performed that login. Guarded by the login lock.
     */
    private boolean holdsLogin;

    private Token(Cryptoki cryptoki, long slotId, SlotInfo slotInfo, TokenInfo info, ContextSettings settings) {
        this.cryptoki = cryptoki;
        this.slotId = slotId;
        this.slotInfo = slotInfo;
        this.info = info;
        this.sessions = new SessionPool(new TokenSessions(), SlotGeneration.of(cryptoki.modulePath(), slotId),
                capacity(info, settings.maxSessions()), BORROW_TIMEOUT, settings.idleSessionCheckThreshold(),
                System::nanoTime);
        this.loginState = LoginRegistry.of(cryptoki.modulePath(), slotId, info);
        this.login = new TokenLogin(cryptoki, loginState, settings.rejectedPinDirectory() == null ? null
                : RejectedPinMarker.of(settings.rejectedPinDirectory(), info, displayName()), displayName());
    }

    /** Reads the slot's and token's information now. */
    static Token open(Cryptoki cryptoki, long slotId, ContextSettings settings) {
        return new Token(cryptoki, slotId, cryptoki.getSlotInfo(slotId), cryptoki.getTokenInfo(slotId), settings);
    }

    static int capacity(TokenInfo info, Integer maxSessions) {
        long tokenMax = info.maxSessionCount();
        int bound = maxSessions != null ? maxSessions : DEFAULT_MAX_SESSIONS;
        if (tokenMax != Ck.CK_EFFECTIVELY_INFINITE && tokenMax != Ck.CK_UNAVAILABLE_INFORMATION && tokenMax > 0) {
            bound = (int) Math.min(bound, tokenMax);
        }
        return Math.max(1, bound);
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

    /** Where every session on this token comes from: {@code try (SessionLease s = token.sessions().borrow())}. */
    public SessionPool sessions() {
        return sessions;
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

    /**
     * A URI naming one object on this token: the token's identity, the object's label, id and type, and the module and
     * PIN-source attributes of {@code base}.
     *
     * @param type null to leave the type out
     */
    public Pkcs11Uri objectUri(Pkcs11Uri base, String label, byte[] id, Pkcs11Uri.ObjectType type) {
        Pkcs11Uri.Builder b = uriBuilder(base);
        if (label != null) {
            b.object(label);
        }
        if (id != null && id.length > 0) {
            b.id(id);
        }
        if (type != null) {
            b.type(type);
        }
        return b.build();
    }

    /**
     * Logs in as user unless already logged in. Under the physical token's login lock, so that every signer,
     * inventory and provisioner in the JVM takes one decision at a time: re-reads the PIN retry flags, then presents
     * the PIN once, unless the token already rejected that very PIN (see {@link TokenLogin}).
     *
     * @param pin the PIN source; null only when the token has a protected authentication path
     * @throws KeySourceException when a PIN is needed and none is configured
     */
    public void ensureLoggedIn(PinCallback pin) {
        ReentrantLock lock = loginState.lock();
        lock.lock();
        try (SessionLease session = sessions.borrow()) {
            try {
                if (cryptoki.getSessionInfo(session.handle()).userLoggedIn()) {
                    holdAnchor();
                    holdLogin();
                    return;
                }
                loginState.loginLost();
                // Fresh flags: the retry counters change with every attempt, including other processes' attempts.
                TokenInfo now = cryptoki.getTokenInfo(slotId);
                TokenLogin.checkRetryFlags(now, displayName());
                PinCallback source = now.protectedAuthenticationPath() ? null : pin;
                if (source == null && !now.protectedAuthenticationPath()) {
                    throw new KeySourceException(displayName() + " requires a login and no PIN is configured. Set a "
                            + "PinCallback on the builder, or add pin-source=<file> to the pkcs11: URI");
                }
                boolean made = login.login(session.handle(), Cku.CKU_USER, source);
                LOG.debug("Logged in to {}{}", displayName(),
                        made ? "" : " (someone else in this process had already)");
                holdAnchor();
                holdLogin();
                if (made) {
                    loginState.loggedInByUs();
                }
            } catch (RuntimeException e) {
                session.reportFailure(e);
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The PIN rules of this token, for the per-signature login of {@code CKA_ALWAYS_AUTHENTICATE} keys. */
    /** See {@link LoginState#contextSignatureLock()}: shared by every signer in the JVM on this physical token. */
    ReentrantLock contextSignatureLock() {
        return loginState.contextSignatureLock();
    }

    TokenLogin login() {
        return login;
    }

    /**
     * PKCS#11 logs an application out when its last session on the token closes. An extra idle session keeps the
     * login through pool churn (a discarded session, a pool closed during recovery). Skipped when the token allows
     * so few sessions that the anchor would starve the pool. Called under the login lock.
     */
    private void holdAnchor() {
        long tokenMax = info.maxSessionCount();
        boolean roomy = tokenMax == Ck.CK_EFFECTIVELY_INFINITE || tokenMax == Ck.CK_UNAVAILABLE_INFORMATION
                || tokenMax > sessions.capacity();
        if (!roomy) {
            return;
        }
        if (anchor != null) {
            if (anchor.stillOurs()) {
                return;
            }
            // Forgotten, not closed: its slot generation has ended, so the value may be someone else's session.
            anchor.close();
            anchor = null;
        }
        anchor = sessions.borrowDedicated(false);
    }

    /** Called under the login lock. */
    private void holdLogin() {
        if (!holdsLogin) {
            loginState.hold();
            holdsLogin = true;
        }
    }

    /** Same physical token as {@code info}: label, manufacturer, model and serial agree. */
    boolean sameTokenAs(TokenInfo other) {
        return info.label().equals(other.label()) && info.manufacturerId().equals(other.manufacturerId())
                && info.model().equals(other.model()) && info.serialNumber().equals(other.serialNumber());
    }

    /**
     * Closes every session this object opened (and forgets those whose slot generation ended), logging out first if
     * {@code logOut} allows it and this was the last holder in this JVM of a login this library made. Never throws.
     *
     * @param logOut true only when the caller owns every use of the module in the process (exclusive module use): a
     *     login this library made may otherwise be relied on by another library, and login state is per application
     */
    void close(boolean logOut) {
        ReentrantLock lock = loginState.lock();
        lock.lock();
        try {
            boolean lastOfOurLogin = holdsLogin && loginState.release();
            holdsLogin = false;
            if (logOut && lastOfOurLogin) {
                logOut();
            }
            sessions.close();
            if (anchor != null) {
                anchor.close();
                anchor = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void logOut() {
        try (SessionLease session = sessions.borrow()) {
            try {
                cryptoki.logout(session.handle());
            } catch (RuntimeException e) {
                session.reportFailure(e);
                // Already logged out (sessions lost, token gone): nothing left to undo.
                LOG.debug("Logout from {} failed: {}", displayName(), e.toString());
            }
        } catch (RuntimeException e) {
            LOG.debug("No session to log out of {}: {}", displayName(), e.toString());
        }
    }

    /** The pool's view of this token's sessions. */
    private final class TokenSessions implements SessionPool.Sessions {
        @Override
        public long open(boolean readWrite) {
            return cryptoki.openSession(slotId, readWrite ? Ckf.CKF_RW_SESSION : Ckf.CKF_SERIAL_SESSION);
        }

        @Override
        public boolean onThisSlot(long session) {
            return cryptoki.getSessionInfo(session).slotId() == slotId;
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
