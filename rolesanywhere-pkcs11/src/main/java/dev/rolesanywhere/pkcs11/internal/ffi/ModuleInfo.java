package dev.rolesanywhere.pkcs11.internal.ffi;

/** {@code CK_INFO}: what the module says about itself. Blank padding is trimmed from the text fields. */
public final class ModuleInfo {
    private final Version cryptokiVersion;
    private final String manufacturerId;
    private final long flags;
    private final String libraryDescription;
    private final Version libraryVersion;

    public ModuleInfo(Version cryptokiVersion, String manufacturerId, long flags, String libraryDescription,
                      Version libraryVersion) {
        this.cryptokiVersion = cryptokiVersion;
        this.manufacturerId = manufacturerId;
        this.flags = flags;
        this.libraryDescription = libraryDescription;
        this.libraryVersion = libraryVersion;
    }

    public Version cryptokiVersion() {
        return cryptokiVersion;
    }

    public String manufacturerId() {
        return manufacturerId;
    }

    public long flags() {
        return flags;
    }

    public String libraryDescription() {
        return libraryDescription;
    }

    public Version libraryVersion() {
        return libraryVersion;
    }

    @Override
    public String toString() {
        return "ModuleInfo[" + libraryDescription + " " + libraryVersion + " by " + manufacturerId + ", Cryptoki "
                + cryptokiVersion + "]";
    }
}
