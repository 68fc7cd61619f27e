package dev.rolesanywhere.pkcs11.internal.ffi;

/** {@code CK_SLOT_INFO}. */
public final class SlotInfo {
    private final String description;
    private final String manufacturerId;
    private final long flags;
    private final Version hardwareVersion;
    private final Version firmwareVersion;

    public SlotInfo(String description, String manufacturerId, long flags, Version hardwareVersion,
                    Version firmwareVersion) {
        this.description = description;
        this.manufacturerId = manufacturerId;
        this.flags = flags;
        this.hardwareVersion = hardwareVersion;
        this.firmwareVersion = firmwareVersion;
    }

    public String description() {
        return description;
    }

    public String manufacturerId() {
        return manufacturerId;
    }

    public long flags() {
        return flags;
    }

    public boolean tokenPresent() {
        return (flags & Ckf.CKF_TOKEN_PRESENT) != 0;
    }

    public Version hardwareVersion() {
        return hardwareVersion;
    }

    public Version firmwareVersion() {
        return firmwareVersion;
    }

    @Override
    public String toString() {
        return "SlotInfo[" + description + ", " + manufacturerId + ", flags=0x" + Long.toHexString(flags) + "]";
    }
}
