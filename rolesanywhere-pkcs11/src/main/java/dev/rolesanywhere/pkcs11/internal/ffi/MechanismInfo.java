package dev.rolesanywhere.pkcs11.internal.ffi;

/** {@code CK_MECHANISM_INFO}: key sizes (bits or bytes, depending on the mechanism) and capability flags. */
public final class MechanismInfo {
    private final long minKeySize;
    private final long maxKeySize;
    private final long flags;

    public MechanismInfo(long minKeySize, long maxKeySize, long flags) {
        this.minKeySize = minKeySize;
        this.maxKeySize = maxKeySize;
        this.flags = flags;
    }

    public long minKeySize() {
        return minKeySize;
    }

    public long maxKeySize() {
        return maxKeySize;
    }

    public long flags() {
        return flags;
    }

    public boolean canSign() {
        return (flags & Ckf.CKF_SIGN) != 0;
    }

    public boolean canGenerateKeyPair() {
        return (flags & Ckf.CKF_GENERATE_KEY_PAIR) != 0;
    }

    @Override
    public String toString() {
        return "MechanismInfo[" + minKeySize + ".." + maxKeySize + ", flags=0x" + Long.toHexString(flags) + "]";
    }
}
