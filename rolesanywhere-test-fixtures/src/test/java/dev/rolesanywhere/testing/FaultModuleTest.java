package dev.rolesanywhere.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.FaultModule.InitializeMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault module forwards to SoftHSM2 and answers chosen calls with chosen errors. */
class FaultModuleTest {
    private static final long CKR_CANT_LOCK = 0x0A;
    private static final long CKR_DEVICE_ERROR = 0x30;
    private static final long CKR_TOKEN_NOT_PRESENT = 0xE0;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    private static SoftHsmToken token;
    private static FaultModule faults;
    private MinimalCryptoki p11;

    @BeforeAll
    static void createTokenFirst() {
        token = SoftHsmFixture.shared().createToken();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    void initialise() {
        faults.reset();
        p11 = new MinimalCryptoki(faults.modulePath());
    }

    @AfterEach
    void finalizeModule() {
        faults.reset();
        p11.finalizeModule();
    }

    @Test
    void pkcs11Tool_listsTheSoftHsmTokensThroughTheFaultModule() {
        String out = ProcessRunner.command("pkcs11-tool", "--module", faults.modulePath().toString(), "-L")
                .environment(faults.childEnvironment()).run().check().output();
        assertThat(out).contains("token label        : " + token.label());
    }

    @Test
    void forwardedCalls_areCounted() {
        assertThat(p11.initialize()).isZero();
        long[] slots = p11.slotCount(true);
        assertThat(slots[0]).isZero();
        assertThat(slots[1]).isPositive();
        assertThat(faults.count("C_GetSlotList")).isEqualTo(1);
        assertThat(faults.count("C_Login")).isZero();
    }

    @Test
    void injectedFault_answersTheChosenNumberOfCallsThenForwards() {
        assertThat(p11.initialize()).isZero();
        faults.inject("C_GetSlotList", CKR_DEVICE_ERROR, 2);
        assertThat(p11.slotCount(true)[0]).isEqualTo(CKR_DEVICE_ERROR);
        assertThat(p11.slotCount(true)[0]).isEqualTo(CKR_DEVICE_ERROR);
        assertThat(p11.slotCount(true)[0]).isZero();
        assertThat(faults.count("C_GetSlotList")).isEqualTo(3);
    }

    @Test
    void permanentFault_lastsUntilReset() {
        assertThat(p11.initialize()).isZero();
        faults.injectAlways("C_GetTokenInfo", CKR_DEVICE_ERROR);
        assertThat(p11.tokenInfo(token.slotId())).isEqualTo(CKR_DEVICE_ERROR);
        assertThat(p11.tokenInfo(token.slotId())).isEqualTo(CKR_DEVICE_ERROR);
        faults.reset();
        assertThat(p11.tokenInfo(token.slotId())).isZero();
    }

    @Test
    void tokenRemoved_hidesTheTokenUntilReinserted() {
        assertThat(p11.initialize()).isZero();
        faults.tokenRemoved(true);
        assertThat(p11.slotCount(true)).containsExactly(0L, 0L);
        assertThat(p11.tokenInfo(token.slotId())).isEqualTo(CKR_TOKEN_NOT_PRESENT);
        faults.tokenRemoved(false);
        assertThat(p11.tokenInfo(token.slotId())).isZero();
    }

    @Test
    void injectAfter_forwardsTheFirstCallsThenFails() {
        assertThat(p11.initialize()).isZero();
        faults.injectAfter("C_GetSlotList", CKR_DEVICE_ERROR, 2, 1);
        assertThat(p11.slotCount(true)[0]).isZero();
        assertThat(p11.slotCount(true)[0]).isZero();
        assertThat(p11.slotCount(true)[0]).isEqualTo(CKR_DEVICE_ERROR);
        assertThat(p11.slotCount(true)[0]).isZero();
    }

    @Test
    void block_holdsCallersInsideTheModuleUntilReleased() throws Exception {
        assertThat(p11.initialize()).isZero();
        faults.block("C_GetSlotList");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.Future<long[]> first = pool.submit(() -> p11.slotCount(true));
            java.util.concurrent.Future<long[]> second = pool.submit(() -> p11.slotCount(true));
            assertThat(faults.awaitBlocked("C_GetSlotList", 2, java.time.Duration.ofSeconds(30))).isTrue();
            assertThat(first.isDone()).isFalse();
            assertThat(second.isDone()).isFalse();
            faults.release("C_GetSlotList");
            assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS)[0]).isZero();
            assertThat(second.get(30, java.util.concurrent.TimeUnit.SECONDS)[0]).isZero();
            assertThat(faults.count("C_GetSlotList")).isEqualTo(2);
        } finally {
            faults.reset();
            pool.shutdown();
        }
    }

    @Test
    void awaitBlocked_givesUpAfterItsTimeout() {
        faults.block("C_Sign");
        assertThat(faults.awaitBlocked("C_Sign", 1, java.time.Duration.ofMillis(50))).isFalse();
    }

    @Test
    void misspeltFunctionName_isRejectedInsteadOfNeverFiring() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> faults.inject("C_sign", CKR_DEVICE_ERROR, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'C_sign'");
    }

    @Test
    void cantLockMode_refusesOsLockingButAcceptsNullArguments() {
        faults.initializeMode(InitializeMode.CANT_LOCK_WITH_OS_LOCKING);
        assertThat(p11.initialize(MinimalCryptoki.CKF_OS_LOCKING_OK)).isEqualTo(CKR_CANT_LOCK);
        assertThat(p11.initialize()).isZero();
        assertThat(faults.count("C_Initialize")).isEqualTo(2);
    }

    @Test
    void alreadyInitializedMode_initialisesTheRealModuleButReportsItWasAlready() {
        faults.initializeMode(InitializeMode.ALREADY_INITIALIZED);
        assertThat(p11.initialize()).isEqualTo(CKR_CRYPTOKI_ALREADY_INITIALIZED);
        assertThat(p11.slotCount(true)[0]).isZero();
    }
}
