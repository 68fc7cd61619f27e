package dev.rolesanywhere.pkcs11.internal.ffi;

import com.kenai.jffi.MemoryIO;

import java.nio.charset.StandardCharsets;

/**
 * One block of zeroed native memory with a single owner (try-with-resources), and the CK_ULONG/pointer accessors that
 * depend on the {@link NativeAbi}. Sensitive blocks (PINs) are overwritten before they are freed.
 */
final class NativeMemory implements AutoCloseable {
    static final MemoryIO IO = MemoryIO.getInstance();

    private final long address;
    private final long size;
    private final boolean sensitive;
    private boolean closed;

    private NativeMemory(long size, boolean sensitive) {
        this.size = Math.max(size, 1);
        this.sensitive = sensitive;
        this.address = IO.allocateMemory(this.size, true);
        if (address == 0) {
            throw new OutOfMemoryError("Could not allocate " + this.size + " bytes of native memory");
        }
    }

    static NativeMemory allocate(long size) {
        return new NativeMemory(size, false);
    }

    /** Memory that will hold a secret: wiped before it is freed. */
    static NativeMemory allocateSensitive(long size) {
        return new NativeMemory(size, true);
    }

    long address() {
        return address;
    }

    long size() {
        return size;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sensitive) {
            IO.setMemory(address, size, (byte) 0);
        }
        IO.freeMemory(address);
    }

    static void putUlong(NativeAbi abi, long address, long value) {
        if (abi.ulongSize() == 8) {
            IO.putLong(address, value);
        } else {
            IO.putInt(address, (int) value);
        }
    }

    static long getUlong(NativeAbi abi, long address) {
        return abi.ulongSize() == 8 ? IO.getLong(address) : abi.widenUlong(IO.getInt(address));
    }

    static void putPointer(NativeAbi abi, long address, long pointer) {
        if (abi.pointerSize() == 8) {
            IO.putLong(address, pointer);
        } else {
            IO.putInt(address, (int) pointer);
        }
    }

    static long getPointer(NativeAbi abi, long address) {
        return abi.pointerSize() == 8 ? IO.getLong(address) : IO.getInt(address) & 0xFFFFFFFFL;
    }

    static byte[] getBytes(long address, int length) {
        byte[] bytes = new byte[length];
        if (length > 0) {
            IO.getByteArray(address, bytes, 0, length);
        }
        return bytes;
    }

    static void putBytes(long address, byte[] bytes) {
        if (bytes.length > 0) {
            IO.putByteArray(address, bytes, 0, bytes.length);
        }
    }

    /**
     * A fixed-width PKCS#11 text field: UTF-8 padded with blanks, not NUL-terminated. Some modules pad with NULs
     * anyway, so both are trimmed.
     */
    static String getPaddedText(long address, int length) {
        byte[] bytes = getBytes(address, length);
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == ' ' || bytes[end - 1] == 0)) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    static Version getVersion(long address) {
        return new Version(IO.getByte(address) & 0xFF, IO.getByte(address + 1) & 0xFF);
    }
}
