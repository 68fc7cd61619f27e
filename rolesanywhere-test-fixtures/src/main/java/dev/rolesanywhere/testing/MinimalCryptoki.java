package dev.rolesanywhere.testing;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallContextCache;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.MemoryIO;
import com.kenai.jffi.Type;
import java.nio.file.Path;

/**
 * Just enough raw PKCS#11 (through jffi, LP64 Linux) for the fixtures' self-tests to call a module in this process
 * without depending on the binding under test. Not for use by other tests: they use the real binding.
 */
public final class MinimalCryptoki {
    public static final long CKR_OK = 0x0;
    public static final long CKF_OS_LOCKING_OK = 0x2;

    // CK_FUNCTION_LIST: CK_VERSION padded to 8 bytes, then one pointer per function in specification order
    private static final int C_INITIALIZE = 0;
    private static final int C_FINALIZE = 1;
    private static final int C_GET_SLOT_LIST = 4;
    private static final int C_GET_TOKEN_INFO = 6;
    private static final int TOKEN_INFO_SIZE = 208; // sizeof(CK_TOKEN_INFO) with 8-byte CK_ULONG

    private static final MemoryIO MEMORY = MemoryIO.getInstance();
    private static final Invoker INVOKER = Invoker.getInstance();

    private final long functionList;

    public MinimalCryptoki(Path module) {
        Library lib = Library.getCachedInstance(module.toString(), Library.NOW | Library.LOCAL);
        if (lib == null) {
            throw new IllegalStateException("Cannot load " + module + ": " + Library.getLastError());
        }
        long getFunctionList = lib.getSymbolAddress("C_GetFunctionList");
        long out = MEMORY.allocateMemory(8, true);
        try {
            long rv = INVOKER.invokeN1(context(1), getFunctionList, out);
            if (rv != CKR_OK) {
                throw new IllegalStateException("C_GetFunctionList returned 0x" + Long.toHexString(rv));
            }
            functionList = MEMORY.getAddress(out);
        } finally {
            MEMORY.freeMemory(out);
        }
    }

    /** {@code C_Initialize(NULL)}. */
    public long initialize() {
        return INVOKER.invokeN1(context(1), function(C_INITIALIZE), 0L);
    }

    /** {@code C_Initialize} with a {@code CK_C_INITIALIZE_ARGS} holding only {@code flags}. */
    public long initialize(long flags) {
        long args = MEMORY.allocateMemory(48, true); // 4 mutex callbacks, flags, pReserved
        try {
            MEMORY.putLong(args + 32, flags);
            return INVOKER.invokeN1(context(1), function(C_INITIALIZE), args);
        } finally {
            MEMORY.freeMemory(args);
        }
    }

    public long finalizeModule() {
        return INVOKER.invokeN1(context(1), function(C_FINALIZE), 0L);
    }

    /** {@code C_GetSlotList(tokenPresent, NULL, &count)}: returns {rv, count}. */
    public long[] slotCount(boolean tokenPresent) {
        long count = MEMORY.allocateMemory(8, true);
        try {
            long rv = INVOKER.invokeN3(context(3), function(C_GET_SLOT_LIST), tokenPresent ? 1 : 0, 0L, count);
            return new long[] {rv, MEMORY.getLong(count)};
        } finally {
            MEMORY.freeMemory(count);
        }
    }

    /** {@code C_GetTokenInfo(slot, &info)}: the return value only. */
    public long tokenInfo(long slotId) {
        long info = MEMORY.allocateMemory(TOKEN_INFO_SIZE, true);
        try {
            return INVOKER.invokeN2(context(2), function(C_GET_TOKEN_INFO), slotId, info);
        } finally {
            MEMORY.freeMemory(info);
        }
    }

    private long function(int index) {
        return MEMORY.getAddress(functionList + 8 + 8L * index);
    }

    private static CallContext context(int parameters) {
        Type[] types = new Type[parameters];
        java.util.Arrays.fill(types, Type.UINT64);
        return CallContextCache.getInstance().getCallContext(Type.UINT64, types, CallingConvention.DEFAULT);
    }
}
