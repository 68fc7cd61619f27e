package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One holder's reference to a loaded, initialised module. Closing it releases the reference and leaves the module
 * initialised; {@link #release(boolean)} lets a holder that owns every use of the module finalise it on the last
 * release. Releasing twice is harmless.
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

    /** Releases the reference; the module stays initialised. */
    @Override
    public void close() {
        release(false);
    }

    /**
     * Releases the reference; when it was the last and {@code finalizeIfLast}, finalises the module if this process
     * initialised it.
     */
    public void release(boolean finalizeIfLast) {
        if (closed.compareAndSet(false, true)) {
            registry.release(module, finalizeIfLast);
        }
    }

    @Override
    public String toString() {
        return "ModuleHandle[" + module.path() + (closed.get() ? ", closed]" : "]");
    }
}
