package dev.rolesanywhere.pkcs11.internal.ffi;

/** {@code CK_SESSION_INFO}. */
public final class SessionInfo {
    private final long slotId;
    private final long state;
    private final long flags;
    private final long deviceError;

    public SessionInfo(long slotId, long state, long flags, long deviceError) {
        this.slotId = slotId;
        this.state = state;
        this.flags = flags;
        this.deviceError = deviceError;
    }

    public long slotId() {
        return slotId;
    }

    /** One of the {@link Cks} states. */
    public long state() {
        return state;
    }

    public long flags() {
        return flags;
    }

    public boolean readWrite() {
        return (flags & Ckf.CKF_RW_SESSION) != 0;
    }

    /** True when the session can use private objects (user logged in). */
    public boolean userLoggedIn() {
        return state == Cks.CKS_RO_USER_FUNCTIONS || state == Cks.CKS_RW_USER_FUNCTIONS;
    }

    public long deviceError() {
        return deviceError;
    }

    @Override
    public String toString() {
        return "SessionInfo[slot=" + slotId + ", state=" + state + ", flags=0x" + Long.toHexString(flags) + "]";
    }
}
