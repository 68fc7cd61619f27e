package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.PinIncorrectException;
import dev.rolesanywhere.pkcs11.PinLengthException;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the PIN for a {@code CKA_ALWAYS_AUTHENTICATE} key's context-specific login comes from: a first source (the
 * configured context PIN, or the user PIN presented again under {@code reusePin}) and an optional fallback asked
 * once the first is rejected, as the reference tool prompts when the reused PIN fails. Cards with a separate
 * signature PIN reject the user PIN every time, so after one rejection the first source is never presented again.
 * Thread-safe.
 */
public final class ContextLogin {
    private static final Logger LOG = LoggerFactory.getLogger(ContextLogin.class);

    private final PinCallback first;
    private final PinCallback fallback;
    private volatile boolean firstRejected;

    private ContextLogin(PinCallback first, PinCallback fallback) {
        this.first = first;
        this.fallback = fallback;
    }

    /**
     * @param first presented first; null when only {@code fallback} exists
     * @param fallback asked after {@code first} was rejected (or when there is no {@code first}); may be null
     * @return null when both are null: no context PIN is configured
     */
    public static ContextLogin of(PinCallback first, PinCallback fallback) {
        if (first == null && fallback == null) {
            return null;
        }
        return first == null ? new ContextLogin(fallback, null) : new ContextLogin(first, fallback);
    }

    /** {@code C_Login(CKU_CONTEXT_SPECIFIC)} on a session whose {@code C_SignInit} just succeeded. */
    void login(TokenLogin login, long session, String tokenName) {
        if (!firstRejected || fallback == null) {
            try {
                login.login(session, Cku.CKU_CONTEXT_SPECIFIC, first);
                return;
            } catch (PinIncorrectException | PinLengthException e) {
                if (fallback == null) {
                    throw e;
                }
                firstRejected = true;
                LOG.warn("{} rejected the PIN presented again for a key that asks for it before every signature "
                        + "({}); asking the context-specific PIN source from now on", tokenName,
                        e.returnValueName());
            }
        }
        login.login(session, Cku.CKU_CONTEXT_SPECIFIC, fallback);
    }
}
