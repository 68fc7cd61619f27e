package dev.rolesanywhere.pkcs11.internal.ffi;

import java.nio.ByteBuffer;

/**
 * A per-thread native buffer for the signing hot path ({@code C_SignInit}, {@code C_Sign}), so that a signature costs
 * no malloc/free pair and no garbage beyond the returned array. A PKCS#11 session is used by one thread at a time, so
 * per-thread is per-session in practice. Direct buffers are freed by the garbage collector when the thread dies.
 * Only non-secret data (mechanism, string to sign, signature) ever goes here.
 */
final class ThreadScratch {
    private static final int INITIAL_CAPACITY = 2048;
    private static final ThreadLocal<ThreadScratch> LOCAL = ThreadLocal.withInitial(ThreadScratch::new);

    private ByteBuffer buffer;
    private long address;

    private ThreadScratch() {
        allocate(INITIAL_CAPACITY);
    }

    /**
     * The address of at least {@code size} bytes owned by the calling thread until its next call to this method.
     * Contents are not preserved across calls.
     */
    static long reserve(int size) {
        ThreadScratch scratch = LOCAL.get();
        if (scratch.buffer.capacity() < size) {
            scratch.allocate(Math.max(size, scratch.buffer.capacity() * 2));
        }
        return scratch.address;
    }

    private void allocate(int capacity) {
        buffer = ByteBuffer.allocateDirect(capacity);
        address = NativeMemory.IO.getDirectBufferAddress(buffer);
    }
}
