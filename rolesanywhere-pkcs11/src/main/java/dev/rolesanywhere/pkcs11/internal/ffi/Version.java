package dev.rolesanywhere.pkcs11.internal.ffi;

/** A {@code CK_VERSION}: major and minor, each an unsigned byte. */
public final class Version {
    private final int major;
    private final int minor;

    public Version(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version && ((Version) o).major == major && ((Version) o).minor == minor;
    }

    @Override
    public int hashCode() {
        return major * 256 + minor;
    }

    /** {@code 2.40} style: PKCS#11 writes the minor version as a decimal number of hundredths. */
    @Override
    public String toString() {
        return major + "." + (minor < 10 ? "0" + minor : String.valueOf(minor));
    }
}
