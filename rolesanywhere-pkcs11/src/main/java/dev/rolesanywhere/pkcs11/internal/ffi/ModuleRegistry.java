package dev.rolesanywhere.pkcs11.internal.ffi;

import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11ModuleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * One loaded module per canonical path per JVM, shared by reference-counted {@link ModuleHandle}s.
 *
 * <p>PKCS#11 allows one {@code C_Initialize} per process and module, and {@code C_Finalize} ends every other user's
 * sessions. Another library in the JVM (SunPKCS11, say) that loads the module after us hears
 * {@code CKR_CRYPTOKI_ALREADY_INITIALIZED} and relies on it staying initialised, and nothing tells us it is there. So
 * the module is initialised on the first acquire and, by default, never finalised: it stays loaded and initialised,
 * and the next acquire reuses it. Only a holder that owns every use of the module in the process (exclusive module
 * use) finalises it, on the last release and only if this registry did the initialising. A module found already
 * initialised ({@code CKR_CRYPTOKI_ALREADY_INITIALIZED}) is used as is and never finalised here.
 */
public final class ModuleRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModuleRegistry.class);
    private static final ModuleRegistry GLOBAL = new ModuleRegistry(NativeAbi.current());

    private final NativeAbi abi;
    private final Map<String, LoadedModule> modules = new HashMap<>();

    ModuleRegistry(NativeAbi abi) {
        this.abi = abi;
    }

    /** The registry of this JVM. */
    public static ModuleRegistry global() {
        return GLOBAL;
    }

    /**
     * A handle on the module at {@code modulePath}, loading and initialising it if no handle is open.
     *
     * @throws Pkcs11ModuleException when the path does not name a loadable PKCS#11 module
     * @throws Pkcs11Exception when the module's {@code C_Initialize} fails
     */
    public ModuleHandle acquire(String modulePath) {
        String canonical = canonicalPath(modulePath);
        synchronized (this) {
            LoadedModule module = modules.get(canonical);
            if (module == null) {
                module = open(canonical);
                modules.put(canonical, module);
            }
            module.references++;
            return new ModuleHandle(this, module);
        }
    }

    /** Open handles on the module at this canonical path; 0 when not loaded. For tests and diagnostics. */
    synchronized int references(String canonicalPath) {
        LoadedModule module = modules.get(canonicalPath);
        return module == null ? 0 : module.references;
    }

    /**
     * Drops one reference. The last one finalises the module only when {@code finalizeIfLast} and this registry
     * initialised it; otherwise the module stays initialised for whoever else in the process uses it.
     */
    synchronized void release(LoadedModule module, boolean finalizeIfLast) {
        module.references--;
        if (module.references > 0) {
            return;
        }
        if (!module.initializedHere) {
            modules.remove(module.path);
            LOG.debug("Released shared PKCS#11 module {}; it was initialised elsewhere, so it stays initialised",
                    module.path);
            return;
        }
        if (!finalizeIfLast) {
            LOG.debug("Released PKCS#11 module {}; it stays initialised, as other code in this process may use it",
                    module.path);
            return;
        }
        finalizeModule(module);
    }

    /**
     * Finalises every module this registry initialised that no handle references any more, so that the next acquire
     * initialises it afresh (SoftHSM2, for one, reads its token directory only in {@code C_Initialize}). For a process
     * that owns every use of its modules, and for test fixtures.
     *
     * @return how many modules were finalised
     */
    public synchronized int finalizeUnused() {
        int finalized = 0;
        for (LoadedModule module : new ArrayList<>(modules.values())) {
            if (module.references == 0 && module.initializedHere) {
                finalizeModule(module);
                finalized++;
            }
        }
        return finalized;
    }

    private void finalizeModule(LoadedModule module) {
        modules.remove(module.path);
        long rv = module.cryptoki.functions().call(CryptokiFunction.C_Finalize, 0);
        if (rv != Ckr.CKR_OK) {
            // close() must not throw; the module is unusable from here either way.
            LOG.warn("C_Finalize of PKCS#11 module {} returned {}", module.path, Ckr.name(rv));
        } else {
            LOG.debug("Finalised PKCS#11 module {}", module.path);
        }
    }

    private LoadedModule open(String canonical) {
        NativeFunctions functions = ModuleLoader.load(canonical, abi);
        boolean initializedHere = initialize(functions);
        LOG.debug("Loaded PKCS#11 module {} (Cryptoki {}, initialised here: {}, calls serialised: {})", canonical,
                functions.version(), initializedHere, functions.serialized());
        return new LoadedModule(canonical, new JffiCryptoki(functions), initializedHere);
    }

    /** {@code C_Initialize} with OS locking; true when this call initialised the module. */
    private boolean initialize(NativeFunctions functions) {
        CkLayouts layouts = CkLayouts.of(abi);
        StructLayout args = layouts.initializeArgs();
        long rv;
        try (NativeMemory memory = NativeMemory.allocate(args.size())) {
            NativeMemory.putUlong(abi, memory.address() + args.offset("flags"), Ckf.CKF_OS_LOCKING_OK);
            rv = functions.call(CryptokiFunction.C_Initialize, memory.address());
        }
        if (rv == Ckr.CKR_CANT_LOCK) {
            // The module cannot lock with OS primitives; without arguments it may assume one caller at a time,
            // which the binding then guarantees by serialising every call.
            rv = functions.call(CryptokiFunction.C_Initialize, 0);
            if (rv == Ckr.CKR_OK) {
                functions.serialize();
                LOG.info("PKCS#11 module {} cannot use OS locking; calls into it are serialised",
                        functions.modulePath());
            }
        }
        if (rv == Ckr.CKR_OK) {
            return true;
        }
        if (rv == Ckr.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            return false;
        }
        throw ReturnValues.exception("C_Initialize", rv, "module " + functions.modulePath() + " could not start");
    }

    private static String canonicalPath(String modulePath) {
        if (modulePath == null || modulePath.trim().isEmpty()) {
            throw new Pkcs11ModuleException(String.valueOf(modulePath), "No PKCS#11 module path given. Configure the "
                    + "absolute path of the module's shared library (for SoftHSM2 usually "
                    + "/usr/lib/softhsm/libsofthsm2.so)");
        }
        Path path;
        try {
            path = Paths.get(modulePath);
        } catch (InvalidPathException e) {
            throw new Pkcs11ModuleException(modulePath, "PKCS#11 module path '" + modulePath + "' is not a valid "
                    + "file path: " + e.getReason() + ". Configure the absolute path of the module's shared library",
                    e);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (NoSuchFileException e) {
            throw new Pkcs11ModuleException(modulePath, "PKCS#11 module " + modulePath + " does not exist. Install "
                    + "the module or correct the path (for SoftHSM2 usually /usr/lib/softhsm/libsofthsm2.so)", e);
        } catch (IOException | SecurityException e) {
            throw new Pkcs11ModuleException(modulePath, "PKCS#11 module path " + modulePath + " cannot be resolved: "
                    + e.getMessage() + ". Check the path and its directories' permissions", e);
        }
        if (!Files.isRegularFile(real)) {
            throw new Pkcs11ModuleException(modulePath, "PKCS#11 module path " + modulePath + " is not a file"
                    + (Files.isDirectory(real) ? " but a directory" : "") + ". Configure the path of the module's "
                    + "shared library itself");
        }
        if (!Files.isReadable(real)) {
            throw new Pkcs11ModuleException(modulePath, "PKCS#11 module " + real + " is not readable by this "
                    + "process. Fix its permissions");
        }
        return real.toString();
    }

    /** What the registry holds per module; mutated only under the registry's lock. */
    static final class LoadedModule {
        private final String path;
        private final JffiCryptoki cryptoki;
        private final boolean initializedHere;
        private int references;

        LoadedModule(String path, JffiCryptoki cryptoki, boolean initializedHere) {
            this.path = path;
            this.cryptoki = cryptoki;
            this.initializedHere = initializedHere;
        }

        String path() {
            return path;
        }

        JffiCryptoki cryptoki() {
            return cryptoki;
        }

        boolean initializedHere() {
            return initializedHere;
        }
    }
}
