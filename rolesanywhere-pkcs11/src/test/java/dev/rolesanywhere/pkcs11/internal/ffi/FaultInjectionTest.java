package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.pkcs11.PinExpiredException;
import dev.rolesanywhere.pkcs11.PinIncorrectException;
import dev.rolesanywhere.pkcs11.PinLockedException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11PinException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.pkcs11.TokenUnavailableException;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Module behaviours SoftHSM2 never shows on its own (no OS locking, already initialised, PIN locked, token pulled
 * out), produced by the p11fault module in front of a real SoftHSM2.
 */
class FaultInjectionTest {
    private static FaultModule faults;
    private static String faultPath;
    private static SoftHsmToken token;
    private static TokenKey key;

    private ModuleRegistry registry;

    @BeforeAll
    static void createToken() throws Exception {
        faults = FaultModule.overSoftHsm();
        faultPath = faults.modulePath().toRealPath().toString();
        token = SoftHsmFixture.shared().createToken();
        key = token.key("fault-test").type(TestKeyType.EC_P256).create();
    }

    @BeforeEach
    void freshRegistry() {
        faults.reset();
        registry = new ModuleRegistry(NativeAbi.current());
    }

    @AfterEach
    void finalizeAndResetFaults() {
        // Handles close without C_Finalize; end this registry's use so the next test initialises afresh.
        registry.finalizeUnused();
        faults.reset();
    }

    @Test
    void normalModule_isInitializedOnce_andStaysInitializedAfterTheLastClose() {
        try (ModuleHandle a = registry.acquire(faultPath); ModuleHandle b = registry.acquire(faultPath)) {
            assertThat(a.initializedHere()).isTrue();
            assertThat(b.callsSerialized()).isFalse();
        }
        try (ModuleHandle again = registry.acquire(faultPath)) {
            assertThat(again.initializedHere()).isTrue();
        }
        assertThat(faults.count("C_Initialize")).isEqualTo(1);
        assertThat(faults.count("C_Finalize")).isZero();
    }

    @Test
    void exclusiveRelease_ofTheLastHandle_finalizesTheModuleThisRegistryInitialised() {
        ModuleHandle a = registry.acquire(faultPath);
        ModuleHandle b = registry.acquire(faultPath);

        a.release(true);
        assertThat(faults.count("C_Finalize")).isZero();
        b.release(true);

        assertThat(faults.count("C_Finalize")).isEqualTo(1);
        assertThat(registry.references(faultPath)).isZero();
    }

    @Test
    void acquireAndCloseFromManyThreads_neverUsesAFinalizedModule() throws Exception {
        int threads = 4;
        int rounds = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < rounds; i++) {
                        ModuleHandle handle = registry.acquire(faultPath);
                        try {
                            // Would fail with CKR_CRYPTOKI_NOT_INITIALIZED if another thread's close finalised
                            // the module while this handle was open.
                            if (handle.cryptoki().getTokenInfo(token.slotId()).label().equals(token.label())) {
                                ok++;
                            }
                        } finally {
                            handle.release(true);
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(rounds);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.references(faultPath)).isZero();
        assertThat(faults.count("C_Initialize")).isPositive().isEqualTo(faults.count("C_Finalize"));
    }

    @Test
    void cantLock_retriesWithoutArgumentsAndSerializesEveryCall() throws Exception {
        faults.initializeMode(FaultModule.InitializeMode.CANT_LOCK_WITH_OS_LOCKING);
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            assertThat(handle.initializedHere()).isTrue();
            assertThat(handle.callsSerialized()).isTrue();
            assertThat(faults.count("C_Initialize")).isEqualTo(2);
            Cryptoki cryptoki = handle.cryptoki();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> labels = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    labels.add(pool.submit(() -> cryptoki.getTokenInfo(token.slotId()).label()));
                }
                for (Future<String> label : labels) {
                    assertThat(label.get(30, TimeUnit.SECONDS)).isEqualTo(token.label());
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(registry.finalizeUnused()).isEqualTo(1);
        assertThat(faults.count("C_Finalize")).isEqualTo(1);
    }

    @Test
    void alreadyInitialized_isSharedAndNeverFinalized() {
        faults.initializeMode(FaultModule.InitializeMode.ALREADY_INITIALIZED);
        try {
            try (ModuleHandle handle = registry.acquire(faultPath)) {
                assertThat(handle.initializedHere()).isFalse();
                assertThat(handle.cryptoki().getTokenInfo(token.slotId()).label()).isEqualTo(token.label());
            }
            assertThat(faults.count("C_Finalize")).isZero();
        } finally {
            // The real module behind the fault module is still initialised; end that so later tests start clean.
            ModuleLoader.load(faultPath, NativeAbi.current()).call(CryptokiFunction.C_Finalize, 0);
        }
    }

    @Test
    void initializeFailure_isTypedAndLeavesNothingRegistered() {
        faults.inject("C_Initialize", Ckr.CKR_GENERAL_ERROR, 1);
        assertThatThrownBy(() -> registry.acquire(faultPath))
                .isInstanceOf(Pkcs11Exception.class)
                .hasMessageStartingWith("C_Initialize failed with CKR_GENERAL_ERROR (0x5): module " + faultPath
                        + " could not start");
        assertThat(registry.references(faultPath)).isZero();
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            assertThat(handle.initializedHere()).isTrue();
        }
    }

    @Test
    void wrongPin_isReportedOnceAndNeverRetried() {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            Cryptoki cryptoki = handle.cryptoki();
            long session = cryptoki.openSession(token.slotId(), 0);
            faults.inject("C_Login", Ckr.CKR_PIN_INCORRECT, 1);
            char[] pin = token.userPin();
            assertThatThrownBy(() -> cryptoki.login(session, Cku.CKU_USER, pin))
                    .isInstanceOf(PinIncorrectException.class);
            assertThat(faults.count("C_Login")).isEqualTo(1);
            Arrays.fill(pin, '\0');
        }
    }

    @Test
    void pinThatIsNotValidUtf16_isRejectedWithoutCallingTheToken() {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            Cryptoki cryptoki = handle.cryptoki();
            long session = cryptoki.openSession(token.slotId(), 0);
            char[] broken = {'1', '2', '\uD800', '4'};
            assertThatThrownBy(() -> cryptoki.login(session, Cku.CKU_USER, broken))
                    .isInstanceOf(Pkcs11PinException.class)
                    .hasMessageContaining("C_Login was not called")
                    .hasMessageContaining("unpaired UTF-16 surrogate");
            assertThat(faults.count("C_Login")).isZero();
        }
    }

    @Test
    void lockedAndExpiredPins_haveTheirOwnTypes() {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            Cryptoki cryptoki = handle.cryptoki();
            long session = cryptoki.openSession(token.slotId(), 0);
            char[] pin = token.userPin();
            faults.inject("C_Login", Ckr.CKR_PIN_LOCKED, 1);
            assertThatThrownBy(() -> cryptoki.login(session, Cku.CKU_USER, pin))
                    .isInstanceOf(PinLockedException.class).hasMessageContaining("security officer");
            faults.inject("C_Login", Ckr.CKR_PIN_EXPIRED, 1);
            assertThatThrownBy(() -> cryptoki.login(session, Cku.CKU_USER, pin))
                    .isInstanceOf(PinExpiredException.class);
            cryptoki.login(session, Cku.CKU_USER, pin);
            assertThat(cryptoki.getSessionInfo(session).userLoggedIn()).isTrue();
            Arrays.fill(pin, '\0');
        }
    }

    @Test
    void removedToken_surfacesAsTokenUnavailable() {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            Cryptoki cryptoki = handle.cryptoki();
            long session = cryptoki.openSession(token.slotId(), 0);
            faults.tokenRemoved(true);
            assertThatThrownBy(() -> cryptoki.getTokenInfo(token.slotId()))
                    .isInstanceOf(TokenUnavailableException.class).hasMessageContaining("CKR_TOKEN_NOT_PRESENT");
            assertThatThrownBy(() -> cryptoki.getSessionInfo(session))
                    .isInstanceOf(TokenUnavailableException.class).hasMessageContaining("CKR_DEVICE_REMOVED");
            assertThat(cryptoki.getSlotList(true)).isEmpty();
        }
    }

    @Test
    void sessionLostDuringSign_isSessionLost() {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            Cryptoki cryptoki = handle.cryptoki();
            long session = cryptoki.openSession(token.slotId(), 0);
            faults.inject("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID, 1);
            assertThatThrownBy(() -> cryptoki.sign(session, "x".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SessionLostException.class)
                    .hasMessageStartingWith("C_Sign failed with CKR_SESSION_HANDLE_INVALID (0xB3)");
        }
    }

    @Test
    void vendorCode_isNamedRelativeToVendorDefined() {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            faults.inject("C_GetInfo", 0x80000123L, 1);
            assertThatThrownBy(() -> handle.cryptoki().getInfo())
                    .isInstanceOf(Pkcs11Exception.class)
                    .satisfies(e -> {
                        Pkcs11Exception p = (Pkcs11Exception) e;
                        assertThat(p.returnValue()).isEqualTo(0x80000123L);
                        assertThat(p.returnValueName()).isEqualTo("CKR_VENDOR_DEFINED+0x123");
                        assertThat(p.function()).isEqualTo("C_GetInfo");
                    });
        }
    }

    @Test
    void signatureLargerThanTheFirstBuffer_takesExactlyTwoSignCalls() throws Exception {
        try (ModuleHandle handle = registry.acquire(faultPath)) {
            JffiCryptoki tiny = new JffiCryptoki(((JffiCryptoki) handle.cryptoki()).functions(), 8);
            long session = tiny.openSession(token.slotId(), 0);
            char[] pin = token.userPin();
            tiny.login(session, Cku.CKU_USER, pin);
            Arrays.fill(pin, '\0');
            tiny.findObjectsInit(session, Arrays.asList(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY),
                    Attribute.of(Cka.CKA_ID, key.id())));
            long privateKey = tiny.findObjects(session, 1)[0];
            tiny.findObjectsFinal(session);
            faults.reset();
            tiny.signInit(session, Mechanism.of(Ckm.CKM_ECDSA), privateKey);
            byte[] signature = tiny.sign(session, new byte[32]);
            assertThat(signature).hasSize(64);
            assertThat(faults.count("C_Sign")).isEqualTo(2);
        }
    }
}
