package dev.rolesanywhere.testing;

import java.nio.file.Path;
import jnr.ffi.LibraryLoader;

/**
 * The fault-injection PKCS#11 module ({@code src/main/c/p11fault.c}, see {@link NativeFixtures}) in front of
 * the SoftHSM2 test tokens. Give {@link #modulePath()} to the code under test, then make chosen calls fail:
 *
 * <pre>{@code
 * FaultModule faults = FaultModule.overSoftHsm();
 * faults.inject("C_Sign", CKR_SESSION_HANDLE_INVALID, 1);   // next C_Sign fails once, later ones reach SoftHSM2
 * ... exercise the signer through faults.modulePath() ...
 * assertThat(faults.count("C_Login")).isEqualTo(1);
 * }</pre>
 *
 * <p>The real module is a private copy of {@code libsofthsm2.so} in the fixture's work directory: the dynamic
 * linker loads a copy at another path as a separate instance, so {@code C_Initialize}/{@code C_Finalize} through the
 * fault module never disturb code that loads SoftHSM2 directly in the same JVM. Both instances read the same
 * {@code SOFTHSM2_CONF}, so they see the same tokens.
 *
 * <p>The control functions are bound through jnr-ffi to the same {@code .so} path the code under test loads; the
 * dynamic linker returns one handle per path, so both see the same fault table. State is process-wide: call
 * {@link #reset()} in {@code @BeforeEach}/{@code @AfterEach}. Counts include every call since the last reset, from
 * any thread.
 */
public final class FaultModule {

    /** How the module's {@code C_Initialize} behaves. */
    public enum InitializeMode {
        /** Forward to the real module. */
        NORMAL(0),
        /** {@code CKR_CANT_LOCK} when the arguments carry {@code CKF_OS_LOCKING_OK}; forward when they are NULL. */
        CANT_LOCK_WITH_OS_LOCKING(1),
        /** Initialise the real module but answer {@code CKR_CRYPTOKI_ALREADY_INITIALIZED}. */
        ALREADY_INITIALIZED(2);

        private final int code;

        InitializeMode(int code) {
            this.code = code;
        }
    }

    /** The control functions p11fault.c exports. CK_ULONG is a C {@code unsigned long}: 64 bits on LP64 Linux. */
    public interface Control {
        int p11fault_set_module(String path);

        void p11fault_inject(String function, long rv, int times);

        void p11fault_inject_after(String function, long rv, int skip, int times);

        void p11fault_block(String function);

        void p11fault_release(String function);

        int p11fault_await_blocked(String function, int callers, long timeoutMillis);

        long p11fault_count(String function);

        void p11fault_reset();

        void p11fault_set_token_removed(int removed);

        void p11fault_set_initialize_mode(int mode);

        void p11fault_set_token_flags(long set, long clear);

        void p11fault_set_delay_us(long microseconds);

        void p11fault_set_zero_length_attribute(long type);

        void p11fault_set_strip_leading_zeros(int strip);
    }

    // a misspelt name ("C_sign") would never fire and the test would pass for the wrong reason
    private static final java.util.Set<String> FUNCTIONS = new java.util.HashSet<>(java.util.Arrays.asList(
            "C_Initialize", "C_Finalize", "C_GetInfo", "C_GetFunctionList", "C_GetSlotList", "C_GetSlotInfo",
            "C_GetTokenInfo", "C_GetMechanismList", "C_GetMechanismInfo", "C_InitToken", "C_InitPIN", "C_SetPIN",
            "C_OpenSession", "C_CloseSession", "C_CloseAllSessions", "C_GetSessionInfo", "C_GetOperationState",
            "C_SetOperationState", "C_Login", "C_Logout", "C_CreateObject", "C_CopyObject", "C_DestroyObject",
            "C_GetObjectSize", "C_GetAttributeValue", "C_SetAttributeValue", "C_FindObjectsInit", "C_FindObjects",
            "C_FindObjectsFinal", "C_EncryptInit", "C_Encrypt", "C_EncryptUpdate", "C_EncryptFinal", "C_DecryptInit",
            "C_Decrypt", "C_DecryptUpdate", "C_DecryptFinal", "C_DigestInit", "C_Digest", "C_DigestUpdate",
            "C_DigestKey", "C_DigestFinal", "C_SignInit", "C_Sign", "C_SignUpdate", "C_SignFinal",
            "C_SignRecoverInit", "C_SignRecover", "C_VerifyInit", "C_Verify", "C_VerifyUpdate", "C_VerifyFinal",
            "C_VerifyRecoverInit", "C_VerifyRecover", "C_DigestEncryptUpdate", "C_DecryptDigestUpdate",
            "C_SignEncryptUpdate", "C_DecryptVerifyUpdate", "C_GenerateKey", "C_GenerateKeyPair", "C_WrapKey",
            "C_UnwrapKey", "C_DeriveKey", "C_SeedRandom", "C_GenerateRandom", "C_GetFunctionStatus",
            "C_CancelFunction", "C_WaitForSlotEvent"));

    private static volatile FaultModule overSoftHsm;
    private static final java.util.Map<Path, FaultModule> OVER_OTHER_MODULES = new java.util.HashMap<>();

    private final Path modulePath;
    private final Path realModule;
    private final Control control;

    private FaultModule(Path modulePath, Path realModule) {
        this.modulePath = modulePath;
        this.realModule = realModule;
        this.control = LibraryLoader.create(Control.class).load(modulePath.toString());
        if (control.p11fault_set_module(realModule.toString()) != 0) {
            throw new IllegalStateException("libp11fault.so already forwards to another module than " + realModule);
        }
    }

    /** The fault module forwarding to {@link SoftHsmFixture#shared()}'s SoftHSM2 (one per JVM). */
    public static FaultModule overSoftHsm() {
        if (overSoftHsm == null) {
            synchronized (FaultModule.class) {
                if (overSoftHsm == null) {
                    overSoftHsm = new FaultModule(NativeFixtures.file("libp11fault.so"), privateSoftHsmCopy());
                }
            }
        }
        return overSoftHsm;
    }

    /**
     * A fault module of its own forwarding to {@code realModule} (such as tpm2-pkcs11), one per real module per JVM.
     * Both are private copies in a scratch directory: a copy of libp11fault.so at another path is another instance
     * with its own fault table (the SoftHSM2 one is untouched), and the real module's copy keeps its state apart from
     * code that loads {@code realModule} directly. The real module reads its configuration from the environment, as
     * it would unshimmed.
     */
    public static synchronized FaultModule over(Path realModule) {
        Path real;
        try {
            real = realModule.toRealPath();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot find the module to put the fault module in front of", e);
        }
        FaultModule existing = OVER_OTHER_MODULES.get(real);
        if (existing != null) {
            return existing;
        }
        Path dir = ScratchDirectory.create("p11fault-");
        try {
            Path shim = java.nio.file.Files.copy(NativeFixtures.file("libp11fault.so"), dir.resolve("libp11fault.so"));
            Path copy = java.nio.file.Files.copy(real, dir.resolve(real.getFileName()));
            FaultModule module = new FaultModule(shim, copy);
            OVER_OTHER_MODULES.put(real, module);
            return module;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot copy the fault module and " + real + " to " + dir, e);
        }
    }

    private static Path privateSoftHsmCopy() {
        SoftHsmFixture softHsm = SoftHsmFixture.shared();
        try {
            Path dir = java.nio.file.Files.createDirectories(softHsm.workDirectory().resolve("fault-real"));
            Path copy = dir.resolve("libsofthsm2.so");
            if (!java.nio.file.Files.exists(copy)) {
                java.nio.file.Files.copy(softHsm.modulePath().toRealPath(), copy);
            }
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot copy SoftHSM2 for the fault module", e);
        }
    }

    /** The module the code under test loads. */
    public Path modulePath() {
        return modulePath;
    }

    /** The module every call is forwarded to. */
    public Path realModule() {
        return realModule;
    }

    /** The next {@code times} calls of {@code function} (e.g. {@code "C_Sign"}) return {@code ckr} unforwarded. */
    public void inject(String function, long ckr, int times) {
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive; use injectAlways for a permanent fault");
        }
        control.p11fault_inject(checkName(function), ckr, times);
    }

    /** After {@code skip} forwarded calls of {@code function}, the next {@code times} return {@code ckr}. */
    public void injectAfter(String function, long ckr, int skip, int times) {
        if (skip < 0 || times <= 0) {
            throw new IllegalArgumentException("skip must be >= 0 and times positive");
        }
        control.p11fault_inject_after(checkName(function), ckr, skip, times);
    }

    /**
     * From now on, callers of {@code function} wait inside the module (before reaching SoftHSM2) until
     * {@link #release(String)} or {@link #reset()}: lines up concurrent calls deterministically, without sleeps.
     */
    public void block(String function) {
        control.p11fault_block(checkName(function));
    }

    /** Lets every held caller of {@code function} continue and stops holding new ones. */
    public void release(String function) {
        control.p11fault_release(checkName(function));
    }

    /**
     * Waits (in native code, on a condition variable) until at least {@code callers} calls of {@code function} are
     * held by {@link #block(String)}, or {@code timeout} passes.
     *
     * @return true if that many callers are held
     */
    public boolean awaitBlocked(String function, int callers, java.time.Duration timeout) {
        return control.p11fault_await_blocked(checkName(function), callers, timeout.toMillis()) >= callers;
    }

    /** Every call of {@code function} returns {@code ckr} until {@link #reset()}. */
    public void injectAlways(String function, long ckr) {
        control.p11fault_inject(checkName(function), ckr, -1);
    }

    /** Calls of {@code function} seen since the last reset, faulted or forwarded. */
    public long count(String function) {
        return control.p11fault_count(checkName(function));
    }

    private static String checkName(String function) {
        if (!FUNCTIONS.contains(function)) {
            throw new IllegalArgumentException("'" + function + "' is not a PKCS#11 v2.40 function name "
                    + "(spelling is case-sensitive, e.g. C_Sign, C_GetTokenInfo)");
        }
        return function;
    }

    /**
     * Token-removed mode: slot and token calls report {@code CKR_TOKEN_NOT_PRESENT}, session calls
     * {@code CKR_DEVICE_REMOVED}, {@code C_GetSlotList(TRUE)} lists no slot and {@code C_GetSlotInfo} clears
     * {@code CKF_TOKEN_PRESENT}.
     */
    public void tokenRemoved(boolean removed) {
        control.p11fault_set_token_removed(removed ? 1 : 0);
    }

    /**
     * {@code C_GetTokenInfo} reports {@code set} added to and {@code clear} removed from the real token's flags (e.g.
     * {@code CKF_USER_PIN_FINAL_TRY}, which SoftHSM2 never sets); {@code (0, 0)} or {@link #reset()} ends it.
     */
    public void tokenFlags(long set, long clear) {
        control.p11fault_set_token_flags(set, clear);
    }

    public void initializeMode(InitializeMode mode) {
        control.p11fault_set_initialize_mode(mode.code);
    }

    /**
     * Every PKCS#11 call takes {@code delay} longer (slept outside the module's locks, so concurrent calls overlap), as
     * each call is a round trip to a network HSM. Cleared by {@link #reset()} (back to {@code P11FAULT_DELAY_US}).
     */
    public void delayEveryCall(java.time.Duration delay) {
        control.p11fault_set_delay_us(delay.toNanos() / 1000);
    }

    /**
     * {@code C_GetAttributeValue} reports {@code ulValueLen} 0 with {@code CKR_OK} for attribute {@code type}, as old
     * tpm2-pkcs11 and corePKCS11 do for attributes they do not implement. Up to 8 types; cleared by {@link #reset()}.
     */
    public void reportZeroLength(long type) {
        control.p11fault_set_zero_length_attribute(type);
    }

    /**
     * {@code C_Sign} returns signatures without their leading zero bytes, as modules that treat an RSA signature as an
     * integer do. Cleared by {@link #reset()}.
     */
    public void stripLeadingZerosFromSignatures(boolean strip) {
        control.p11fault_set_strip_leading_zeros(strip ? 1 : 0);
    }

    /** Clears faults, counters, token-removed, token-flag and initialise modes, device imitations, and releases held callers. */
    public void reset() {
        control.p11fault_reset();
        control.p11fault_set_token_flags(0, 0);
    }

    /** Environment for a child process (e.g. pkcs11-tool) loading {@link #modulePath()} over SoftHSM2. */
    public java.util.Map<String, String> childEnvironment() {
        java.util.Map<String, String> env = new java.util.HashMap<>(SoftHsmFixture.shared().environment());
        env.put("P11FAULT_MODULE", realModule.toString());
        return env;
    }
}
