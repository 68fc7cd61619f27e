package dev.rolesanywhere.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jnr.ffi.LibraryLoader;

/**
 * The p11fault module ({@code rolesanywhere-test-fixtures/src/main/c/p11fault.c}, built into {@code target/native} by this
 * module's build) as this JVM controls it: which real module it forwards to, the delay it adds to every PKCS#11 call,
 * and how many calls it saw. The code under test loads the same {@code .so} path, so it reaches the same instance.
 */
final class FaultModuleControl {
    /** The functions this library calls (see Cryptoki), plus the module's life cycle. */
    static final List<String> COUNTED = List.of("C_Initialize", "C_Finalize", "C_GetInfo", "C_GetSlotList",
            "C_GetSlotInfo", "C_GetTokenInfo", "C_GetMechanismList", "C_GetMechanismInfo", "C_OpenSession",
            "C_CloseSession", "C_GetSessionInfo", "C_Login", "C_Logout", "C_GetAttributeValue", "C_FindObjectsInit",
            "C_FindObjects", "C_FindObjectsFinal", "C_SignInit", "C_Sign");

    /** The exported control functions; CK_ULONG counts are C {@code unsigned long}. */
    public interface Native {
        int p11fault_set_module(String path);

        void p11fault_set_delay_us(long microseconds);

        long p11fault_count(String function);

        void p11fault_reset();
    }

    private final Path modulePath;
    private final Native control;

    private FaultModuleControl(Path modulePath, Native control) {
        this.modulePath = modulePath;
        this.control = control;
    }

    /** Loads {@code faultModule} and points it at {@code realModule}, before anything in this JVM initialises it. */
    static FaultModuleControl load(Path faultModule, Path realModule) {
        Native control = LibraryLoader.create(Native.class).load(faultModule.toString());
        if (control.p11fault_set_module(realModule.toString()) != 0) {
            throw new IllegalStateException(faultModule + " already forwards to another module than " + realModule);
        }
        return new FaultModuleControl(faultModule, control);
    }

    Path modulePath() {
        return modulePath;
    }

    /** Clears the counters and sets the per-call delay. */
    void reset(Duration delay) {
        control.p11fault_reset();
        control.p11fault_set_delay_us(delay.toNanos() / 1000);
    }

    /** Calls of each counted function since the last reset, those called at least once. */
    Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String function : COUNTED) {
            long n = control.p11fault_count(function);
            if (n > 0) {
                counts.put(function, n);
            }
        }
        return counts;
    }
}
