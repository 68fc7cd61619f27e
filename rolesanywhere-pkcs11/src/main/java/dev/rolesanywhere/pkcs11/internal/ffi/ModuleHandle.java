package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's reference to a loaded, initialised module. Closing it releases the reference; the last release
 * finalises the module if this process initialised it. Closing twice is harmless.
 */
public final class ModuleHandle implements AutoCloseable {
    private final ModuleRegistry registry;
    private final ModuleRegistry.LoadedModule module;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModuleHandle(ModuleRegistry registry, ModuleRegistry.LoadedModule module) {
        this.registry = registry;
        this.module = module;
    }

    /** The module's functions. */
    public Cryptoki cryptoki() {
        if (closed.get()) {
            throw new IllegalStateException("Module handle for " + module.path() + " is closed");
        }
        return module.cryptoki();
    }

    /** Canonical path of the module file. */
    public String path() {
        return module.path();
    }

    /**
     * False when the module was already initialised in this process by someone else (another library, or
     * SunPKCS11): then it is shared and never finalised from here.
     */
    public boolean initializedHere() {
        return module.initializedHere();
    }

    /** True when the module could not lock for itself and this binding serialises every call into it. */
    public boolean callsSerialized() {
        return module.cryptoki().functions().serialized();
    }

    /** The Cryptoki version from the module's function list. */
    public Version functionListVersion() {
        return module.cryptoki().functions().version();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            registry.release(module);
        }
    }

    @Override
    public String toString() {
        return "ModuleHandle[" + module.path() + (closed.get() ? ", closed]" : "]");
    }
}
