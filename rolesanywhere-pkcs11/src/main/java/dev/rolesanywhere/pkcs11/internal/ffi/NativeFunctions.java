package dev.rolesanywhere.pkcs11.internal.ffi;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.HeapInvocationBuffer;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

import java.util.concurrent.locks.ReentrantLock;

/**
 * The entry points of one module's {@code CK_FUNCTION_LIST}, called through jffi. jnr-ffi binds symbols by name, but a
 * PKCS#11 module is only guaranteed to export {@code C_GetFunctionList}; everything else must be called through the
 * pointers in the table, which is what jffi's {@link Invoker} does. One {@link CallContext} per entry point is built
 * once, so a call costs the native transition and nothing else.
 *
 * <p>When the module was initialised without OS locking, every call goes through one lock: PKCS#11 then allows the
 * module to assume a single caller at a time.
 */
@SuppressWarnings("EnumOrdinal") // ordinals index per-call arrays built from values() in this JVM; never stored
final class NativeFunctions {
    private static final Invoker INVOKER = Invoker.getInstance();

    private final String modulePath;
    private final NativeAbi abi;
    @SuppressWarnings("unused") // keeps the library mapped for as long as its function pointers may be called
    private final Library library;
    private final Version version;
    private final long[] addresses;
    private final CallContext[] contexts;
    private volatile ReentrantLock serialLock;

    NativeFunctions(String modulePath, NativeAbi abi, Library library, Version version, long[] addresses) {
        this.modulePath = modulePath;
        this.abi = abi;
        this.library = library;
        this.version = version;
        this.addresses = addresses.clone();
        CryptokiFunction[] functions = CryptokiFunction.values();
        this.contexts = new CallContext[functions.length];
        Type ulong = abi.ulongSize() == 8 ? Type.UINT64 : Type.UINT32;
        for (CryptokiFunction function : functions) {
            String kinds = function.parameters();
            if (kinds == null) {
                continue;
            }
            Type[] parameters = new Type[kinds.length()];
            for (int i = 0; i < parameters.length; i++) {
                char kind = kinds.charAt(i);
                parameters[i] = kind == 'P' ? Type.POINTER : kind == 'B' ? Type.UINT8 : ulong;
            }
            contexts[function.ordinal()] = CallContext.getCallContext(ulong, parameters, CallingConvention.DEFAULT,
                    false);
        }
    }

    String modulePath() {
        return modulePath;
    }

    NativeAbi abi() {
        return abi;
    }

    /** The {@code version} field of the function list: the Cryptoki version the table follows. */
    Version version() {
        return version;
    }

    boolean serialized() {
        return serialLock != null;
    }

    /** From now on, one call at a time: the module was initialised without OS locking. */
    void serialize() {
        serialLock = new ReentrantLock();
    }

    long call(CryptokiFunction f, long a) {
        long fn = address(f);
        ReentrantLock lock = serialLock;
        if (lock == null) {
            return abi.toUlong(INVOKER.invokeN1(contexts[f.ordinal()], fn, a));
        }
        lock.lock();
        try {
            return abi.toUlong(INVOKER.invokeN1(contexts[f.ordinal()], fn, a));
        } finally {
            lock.unlock();
        }
    }

    long call(CryptokiFunction f, long a, long b) {
        long fn = address(f);
        ReentrantLock lock = serialLock;
        if (lock == null) {
            return abi.toUlong(INVOKER.invokeN2(contexts[f.ordinal()], fn, a, b));
        }
        lock.lock();
        try {
            return abi.toUlong(INVOKER.invokeN2(contexts[f.ordinal()], fn, a, b));
        } finally {
            lock.unlock();
        }
    }

    long call(CryptokiFunction f, long a, long b, long c) {
        long fn = address(f);
        ReentrantLock lock = serialLock;
        if (lock == null) {
            return abi.toUlong(INVOKER.invokeN3(contexts[f.ordinal()], fn, a, b, c));
        }
        lock.lock();
        try {
            return abi.toUlong(INVOKER.invokeN3(contexts[f.ordinal()], fn, a, b, c));
        } finally {
            lock.unlock();
        }
    }

    long call(CryptokiFunction f, long a, long b, long c, long d) {
        long fn = address(f);
        ReentrantLock lock = serialLock;
        if (lock == null) {
            return abi.toUlong(INVOKER.invokeN4(contexts[f.ordinal()], fn, a, b, c, d));
        }
        lock.lock();
        try {
            return abi.toUlong(INVOKER.invokeN4(contexts[f.ordinal()], fn, a, b, c, d));
        } finally {
            lock.unlock();
        }
    }

    long call(CryptokiFunction f, long a, long b, long c, long d, long e) {
        long fn = address(f);
        ReentrantLock lock = serialLock;
        if (lock == null) {
            return abi.toUlong(INVOKER.invokeN5(contexts[f.ordinal()], fn, a, b, c, d, e));
        }
        lock.lock();
        try {
            return abi.toUlong(INVOKER.invokeN5(contexts[f.ordinal()], fn, a, b, c, d, e));
        } finally {
            lock.unlock();
        }
    }

    /** More than six arguments: jffi's fast paths stop at six, so the arguments go through a heap buffer. */
    long callWithBuffer(CryptokiFunction f, long... arguments) {
        long fn = address(f);
        CallContext context = contexts[f.ordinal()];
        HeapInvocationBuffer buffer = new HeapInvocationBuffer(context);
        String kinds = f.parameters();
        for (int i = 0; i < arguments.length; i++) {
            char kind = kinds.charAt(i);
            if (kind == 'P') {
                buffer.putAddress(arguments[i]);
            } else if (kind == 'B') {
                buffer.putByte((int) arguments[i]);
            } else if (abi.ulongSize() == 8) {
                buffer.putLong(arguments[i]);
            } else {
                buffer.putInt((int) arguments[i]);
            }
        }
        ReentrantLock lock = serialLock;
        if (lock == null) {
            return abi.toUlong(INVOKER.invokeLong(context, fn, buffer));
        }
        lock.lock();
        try {
            return abi.toUlong(INVOKER.invokeLong(context, fn, buffer));
        } finally {
            lock.unlock();
        }
    }

    private long address(CryptokiFunction f) {
        long fn = addresses[f.ordinal()];
        if (fn == 0 || contexts[f.ordinal()] == null) {
            throw ReturnValues.exception(f.name(), Ckr.CKR_FUNCTION_NOT_SUPPORTED,
                    "the module's function list has no entry for it");
        }
        return fn;
    }
}
