package dev.rolesanywhere.pkcs11.internal.ffi;

import com.kenai.jffi.Platform;

/**
 * The two facts about the C ABI that shape every PKCS#11 structure: the width of {@code CK_ULONG} (C {@code unsigned
 * long}) and whether structures are packed. The PKCS#11 headers ask for {@code #pragma pack(1)} on Windows only; all
 * other platforms use natural alignment. This class is the single place that knows it.
 */
public final class NativeAbi {
    /** Linux, macOS and the BSDs on 64-bit CPUs: 64-bit CK_ULONG, natural alignment. */
    public static final NativeAbi LP64 = new NativeAbi("LP64", 8, 8, false);
    /** 32-bit Unix: 32-bit CK_ULONG and pointers, natural alignment. */
    public static final NativeAbi ILP32 = new NativeAbi("ILP32", 4, 4, false);
    /** 64-bit Windows: C {@code long} stays 32-bit, and PKCS#11 structures are packed to 1 byte. */
    public static final NativeAbi WINDOWS_64 = new NativeAbi("Windows x64", 4, 8, true);
    /** 32-bit Windows: 32-bit CK_ULONG and pointers, packed to 1 byte. */
    public static final NativeAbi WINDOWS_32 = new NativeAbi("Windows x86", 4, 4, true);

    private final String name;
    private final int ulongSize;
    private final int pointerSize;
    private final boolean packed;

    private NativeAbi(String name, int ulongSize, int pointerSize, boolean packed) {
        this.name = name;
        this.ulongSize = ulongSize;
        this.pointerSize = pointerSize;
        this.packed = packed;
    }

    /** The ABI of the running JVM. */
    public static NativeAbi current() {
        Platform platform = Platform.getPlatform();
        boolean windows = platform.getOS() == Platform.OS.WINDOWS;
        boolean wide = platform.addressSize() == 64;
        if (windows) {
            return wide ? WINDOWS_64 : WINDOWS_32;
        }
        return wide ? LP64 : ILP32;
    }

    /** Size in bytes of {@code CK_ULONG} and every type defined from it (handles, flags, CK_RV). */
    public int ulongSize() {
        return ulongSize;
    }

    public int pointerSize() {
        return pointerSize;
    }

    /** True when structures are laid out with {@code #pragma pack(1)}. */
    public boolean packed() {
        return packed;
    }

    /** The alignment a field of the given natural alignment gets inside a PKCS#11 structure. */
    int fieldAlignment(int naturalAlignment) {
        return packed ? 1 : naturalAlignment;
    }

    /** Masks a value to the CK_ULONG width, e.g. to read a CK_RV returned in a 64-bit register. */
    long toUlong(long value) {
        return ulongSize == 8 ? value : value & 0xFFFFFFFFL;
    }

    /**
     * Widens a CK_ULONG read from native memory to a Java long so that {@code CK_UNAVAILABLE_INFORMATION} reads as
     * {@code -1} whatever the width.
     */
    long widenUlong(long raw) {
        if (ulongSize == 8) {
            return raw;
        }
        long value = raw & 0xFFFFFFFFL;
        return value == 0xFFFFFFFFL ? Ck.CK_UNAVAILABLE_INFORMATION : value;
    }

    @Override
    public String toString() {
        return name + " (CK_ULONG " + ulongSize * 8 + "-bit, pointers " + pointerSize * 8 + "-bit, "
                + (packed ? "packed" : "natural alignment") + ")";
    }
}
