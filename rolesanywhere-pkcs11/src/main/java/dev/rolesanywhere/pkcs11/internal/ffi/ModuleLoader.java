package dev.rolesanywhere.pkcs11.internal.ffi;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;
import dev.rolesanywhere.pkcs11.Pkcs11ModuleException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps a PKCS#11 module into the process and reads its function table: {@code dlopen} by absolute path, then
 * {@code C_GetFunctionList}, the one symbol the standard guarantees.
 */
final class ModuleLoader {
    /**
     * Loaded libraries stay mapped for the life of the JVM. Many modules start threads or register {@code atexit}
     * handlers (OpenSSL does, inside SoftHSM2) and crash the process if unmapped; jffi would unmap on garbage
     * collection without this reference.
     */
    private static final Set<Library> NEVER_UNLOADED = ConcurrentHashMap.newKeySet();

    private ModuleLoader() {
    }

    /** Loads the module at {@code canonicalPath} (already resolved and known to be a regular file). */
    static NativeFunctions load(String canonicalPath, NativeAbi abi) {
        Library library;
        try {
            library = Library.openLibrary(canonicalPath, Library.LAZY | Library.LOCAL);
        } catch (LinkageError e) {
            // jffi's own JNI stub is missing for this platform: no module can be loaded at all.
            throw new Pkcs11ModuleException(canonicalPath, "Cannot load PKCS#11 module " + canonicalPath
                    + ": the jffi native library is not available for " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + " (" + e + "). Use a platform jffi supports or add its "
                    + "native jar for this platform to the class path", e);
        }
        if (library == null) {
            throw new Pkcs11ModuleException(canonicalPath, "Cannot load PKCS#11 module " + canonicalPath + ": "
                    + Library.getLastError() + ". Check that the path names a PKCS#11 shared library built for this "
                    + "JVM's platform (" + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                    + ") and that the libraries it depends on are installed");
        }
        NEVER_UNLOADED.add(library);
        long getFunctionList = library.getSymbolAddress("C_GetFunctionList");
        if (getFunctionList == 0) {
            throw new Pkcs11ModuleException(canonicalPath, "The library " + canonicalPath + " does not export "
                    + "C_GetFunctionList, so it is not a PKCS#11 module. Check the configured module path (for "
                    + "SoftHSM2 it is usually /usr/lib/softhsm/libsofthsm2.so)");
        }
        CkLayouts layouts = CkLayouts.of(abi);
        Type rvType = abi.ulongSize() == 8 ? Type.UINT64 : Type.UINT32;
        CallContext context = CallContext.getCallContext(rvType, new Type[] {Type.POINTER},
                CallingConvention.DEFAULT, false);
        long listAddress;
        try (NativeMemory listPointer = NativeMemory.allocate(abi.pointerSize())) {
            long rv = abi.toUlong(Invoker.getInstance().invokeN1(context, getFunctionList, listPointer.address()));
            if (rv != Ckr.CKR_OK) {
                throw new Pkcs11ModuleException(canonicalPath, "C_GetFunctionList of " + canonicalPath
                        + " failed with " + Ckr.name(rv) + ". " + ReturnValues.advice(rv) + ".");
            }
            listAddress = NativeMemory.getPointer(abi, listPointer.address());
        }
        if (listAddress == 0) {
            throw new Pkcs11ModuleException(canonicalPath, "C_GetFunctionList of " + canonicalPath
                    + " returned no function list; the module is broken. Check its installation");
        }
        StructLayout list = layouts.functionList();
        Version version = NativeMemory.getVersion(listAddress + list.offset("version"));
        CryptokiFunction[] functions = CryptokiFunction.values();
        long[] addresses = new long[functions.length];
        for (int i = 0; i < functions.length; i++) {
            addresses[i] = NativeMemory.getPointer(abi, listAddress + list.offset(functions[i].name()));
        }
        return new NativeFunctions(canonicalPath, abi, library, version, addresses);
    }
}
