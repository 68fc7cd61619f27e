package dev.rolesanywhere.pkcs11.internal.ffi;

/**
 * {@code CK_TOKEN_INFO}. Text fields have their blank padding trimmed; counts that the token does not report read as
 * {@link Ck#CK_UNAVAILABLE_INFORMATION}.
 */
public final class TokenInfo {
    private final String label;
    private final String manufacturerId;
    private final String model;
    private final String serialNumber;
    private final long flags;
    private final long maxSessionCount;
    private final long sessionCount;
    private final long maxRwSessionCount;
    private final long rwSessionCount;
    private final long maxPinLength;
    private final long minPinLength;
    private final Version hardwareVersion;
    private final Version firmwareVersion;
    private final String utcTime;

    public TokenInfo(String label, String manufacturerId, String model, String serialNumber, long flags,
                     long maxSessionCount, long sessionCount, long maxRwSessionCount, long rwSessionCount,
                     long maxPinLength, long minPinLength, Version hardwareVersion, Version firmwareVersion,
                     String utcTime) {
        this.label = label;
        this.manufacturerId = manufacturerId;
        this.model = model;
        this.serialNumber = serialNumber;
        this.flags = flags;
        this.maxSessionCount = maxSessionCount;
        this.sessionCount = sessionCount;
        this.maxRwSessionCount = maxRwSessionCount;
        this.rwSessionCount = rwSessionCount;
        this.maxPinLength = maxPinLength;
        this.minPinLength = minPinLength;
        this.hardwareVersion = hardwareVersion;
        this.firmwareVersion = firmwareVersion;
        this.utcTime = utcTime;
    }

    public String label() {
        return label;
    }

    public String manufacturerId() {
        return manufacturerId;
    }

    public String model() {
        return model;
    }

    public String serialNumber() {
        return serialNumber;
    }

    public long flags() {
        return flags;
    }

    public long maxSessionCount() {
        return maxSessionCount;
    }

    public long sessionCount() {
        return sessionCount;
    }

    public long maxRwSessionCount() {
        return maxRwSessionCount;
    }

    public long rwSessionCount() {
        return rwSessionCount;
    }

    public long maxPinLength() {
        return maxPinLength;
    }

    public long minPinLength() {
        return minPinLength;
    }

    public Version hardwareVersion() {
        return hardwareVersion;
    }

    public Version firmwareVersion() {
        return firmwareVersion;
    }

    /** The token clock as {@code YYYYMMDDhhmmssxx} when {@link Ckf#CKF_CLOCK_ON_TOKEN} is set, else blank. */
    public String utcTime() {
        return utcTime;
    }

    public boolean initialized() {
        return has(Ckf.CKF_TOKEN_INITIALIZED);
    }

    public boolean loginRequired() {
        return has(Ckf.CKF_LOGIN_REQUIRED);
    }

    public boolean userPinInitialized() {
        return has(Ckf.CKF_USER_PIN_INITIALIZED);
    }

    /** The PIN is entered on a PIN pad or biometric reader, so {@code C_Login} takes no PIN. */
    public boolean protectedAuthenticationPath() {
        return has(Ckf.CKF_PROTECTED_AUTHENTICATION_PATH);
    }

    public boolean userPinLocked() {
        return has(Ckf.CKF_USER_PIN_LOCKED);
    }

    public boolean userPinFinalTry() {
        return has(Ckf.CKF_USER_PIN_FINAL_TRY);
    }

    public boolean userPinCountLow() {
        return has(Ckf.CKF_USER_PIN_COUNT_LOW);
    }

    private boolean has(long flag) {
        return (flags & flag) != 0;
    }

    @Override
    public String toString() {
        return "TokenInfo[label=" + label + ", manufacturer=" + manufacturerId + ", model=" + model + ", serial="
                + serialNumber + ", flags=0x" + Long.toHexString(flags) + "]";
    }
}
