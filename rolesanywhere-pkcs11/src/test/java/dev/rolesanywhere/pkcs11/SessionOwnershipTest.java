package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.pkcs11.testing.WholeProcessSessions;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each user of a module undoes on close, counted by the p11fault module in front of SoftHSM2: every session it
 * opened is closed (and no other); by default nothing else, since another library in the process may rely on the
 * login and the initialised module; with exclusive module use, also the login it made and the module it initialised.
 */
class SessionOwnershipTest {
    private static final byte[] DATA = "owned".getBytes(StandardCharsets.UTF_8);

    private static FaultModule faults;
    private static TokenKey key;
    private static SoftHsmToken blankToken;

    @BeforeAll
    static void tokens() {
        key = SoftHsmFixture.shared().createToken().key("owned").type(TestKeyType.EC_P256).create();
        blankToken = SoftHsmFixture.shared().createToken();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    void uninitialisedModuleAndNoFaults() {
        // Each test sees the module initialised by its own code: C_Initialize and C_Finalize are counted.
        ModuleRegistry.global().finalizeUnused();
        faults.reset();
    }

    @AfterEach
    void noSessionLeftBehind() {
        faults.reset();
        WholeProcessSessions.closeAll(faults, key.token().slotId());
        WholeProcessSessions.closeAll(faults, blankToken.slotId());
        faults.reset();
    }

    private static Pkcs11Uri throughFaults(Pkcs11Uri uri) {
        return uri.toBuilder().modulePath(faults.modulePath().toString()).build();
    }

    private static Pkcs11Signer.Builder signer() {
        return Pkcs11Signer.builder().uri(throughFaults(Pkcs11Uri.parse(key.uri())))
                .pinCallback(PinCallback.ofValue(key.token().userPin()));
    }

    private static void assertEverySessionOpenedWasClosed() {
        assertThat(faults.count("C_OpenSession")).isPositive();
        assertThat(faults.count("C_CloseSession")).isEqualTo(faults.count("C_OpenSession"));
    }

    private static void assertLoginAndModuleLeftToTheProcess() {
        assertThat(faults.count("C_Initialize")).isEqualTo(1);
        assertThat(faults.count("C_Logout")).isZero();
        assertThat(faults.count("C_Finalize")).isZero();
    }

    private static void assertLoginAndModuleUndone() {
        assertThat(faults.count("C_Logout")).isEqualTo(1);
        assertThat(faults.count("C_Initialize")).isEqualTo(1);
        assertThat(faults.count("C_Finalize")).isEqualTo(1);
    }

    @Test
    void signer_byDefault_closesEverySessionItOpened_butLeavesTheLoginAndTheModuleInitialised() {
        try (Pkcs11Signer signer = signer().build()) {
            signer.sign(DATA);
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleLeftToTheProcess();
    }

    @Test
    void signer_withExclusiveModuleUse_alsoLogsOutAndFinalizesOnClose() {
        try (Pkcs11Signer signer = signer().exclusiveModuleUse(true).build()) {
            signer.sign(DATA);
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleUndone();
    }

    @Test
    void signer_fromASignerSpecWithExclusiveModuleUse_alsoLogsOutAndFinalizesOnClose() {
        SignerSpec spec = SignerSpec.builder().certificate(throughFaults(Pkcs11Uri.parse(key.uri())).toUriString(false))
                .pinCallback(PinCallback.ofValue(key.token().userPin())).exclusiveModuleUse(true).build();

        try (Signer signer = Signers.fromSpec(spec)) {
            signer.sign(DATA);
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleUndone();
    }

    @Test
    void signer_fromASignerSpecWithoutTheOptIn_leavesTheLoginAndTheModuleToTheProcess() {
        SignerSpec spec = SignerSpec.builder().certificate(throughFaults(Pkcs11Uri.parse(key.uri())).toUriString(false))
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build();

        try (Signer signer = Signers.fromSpec(spec)) {
            signer.sign(DATA);
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleLeftToTheProcess();
    }

    @Test
    void signer_afterASessionEndingFailure_forgetsTheOlderHandles_andClosesEverySessionOpenedSince() {
        Pkcs11Signer signer = signer().build();
        signer.sign(DATA);
        long openedBefore = faults.count("C_OpenSession");
        long closedBefore = faults.count("C_CloseSession");
        faults.inject("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID, 1);

        signer.sign(DATA);
        signer.close();

        assertThat(faults.count("C_Sign")).isEqualTo(3);
        // The handles of before the failure may name someone else's sessions by now: none of them is closed.
        assertThat(closedBefore).isZero();
        assertThat(faults.count("C_OpenSession")).isGreaterThan(openedBefore);
        assertThat(faults.count("C_CloseSession")).isEqualTo(faults.count("C_OpenSession") - openedBefore);
    }

    @Test
    void inventory_thatLoggedIn_closesEverySessionItOpenedOnClose() {
        try (TokenInventory inventory = TokenInventory.builder().uri(throughFaults(Pkcs11Uri.parse(key.token().uri())))
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
            assertThat(inventory.certificates()).hasSize(1);
            assertThat(inventory.privateKeys()).hasSize(1);
            assertThat(faults.count("C_Login")).isEqualTo(1);
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleLeftToTheProcess();
    }

    @Test
    void inventory_withExclusiveModuleUse_alsoLogsOutAndFinalizesOnClose() {
        try (TokenInventory inventory = TokenInventory.builder().uri(throughFaults(Pkcs11Uri.parse(key.token().uri())))
                .exclusiveModuleUse(true).pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
            assertThat(inventory.privateKeys()).hasSize(1);
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleUndone();
    }

    @Test
    void provisioner_closesItsReadWriteSessionsAfterEachStep_andTheRestOnClose() {
        try (TokenProvisioner provisioner = TokenProvisioner.builder().uri(throughFaults(Pkcs11Uri.parse(blankToken.uri())))
                .pinCallback(PinCallback.ofValue(blankToken.userPin())).build()) {
            long openAfterBuild = faults.count("C_OpenSession");
            long closedAfterBuild = faults.count("C_CloseSession");

            TokenProvisioner.GeneratedKey generated = provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256,
                    new byte[] {0x51}, "owned-rw");

            assertThat(faults.count("C_OpenSession") - openAfterBuild).isEqualTo(1);
            assertThat(faults.count("C_CloseSession") - closedAfterBuild).isEqualTo(1);
            assertThat(provisioner.certificateRequest(generated, "CN=owned")).isNotEmpty();
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleLeftToTheProcess();
    }

    @Test
    void provisioner_withExclusiveModuleUse_alsoLogsOutAndFinalizesOnClose() {
        try (TokenProvisioner provisioner = TokenProvisioner.builder().uri(throughFaults(Pkcs11Uri.parse(blankToken.uri())))
                .exclusiveModuleUse(true).pinCallback(PinCallback.ofValue(blankToken.userPin())).build()) {
            assertThat(provisioner.toString()).contains(blankToken.label());
        }

        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleUndone();
    }

    @Test
    void signer_whenNoTokenMatches_releasesTheModule_andFinalizesItOnlyWithExclusiveUse() {
        Pkcs11Uri noSuchToken = throughFaults(Pkcs11Uri.builder().token("no-such-token").build());

        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(noSuchToken).build())
                .isInstanceOf(KeySourceException.class).hasMessageContaining("no-such-token");
        assertThat(faults.count("C_Finalize")).isZero();
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(noSuchToken).exclusiveModuleUse(true).build())
                .isInstanceOf(KeySourceException.class).hasMessageContaining("no-such-token");

        assertThat(faults.count("C_OpenSession")).isZero();
        assertThat(faults.count("C_Initialize")).isEqualTo(1);
        assertThat(faults.count("C_Finalize")).isEqualTo(1);
    }

    @Test
    void signer_whenDiscoveryFailsAfterLogin_closesWhatItOpened() {
        Pkcs11Uri noSuchObject = throughFaults(Pkcs11Uri.parse(key.token().uri()).toBuilder().object("no-such-object").build());

        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(noSuchObject)
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build())
                .isInstanceOf(KeySourceException.class).hasMessageContaining("no-such-object");

        assertThat(faults.count("C_Login")).isEqualTo(1);
        assertEverySessionOpenedWasClosed();
        assertLoginAndModuleLeftToTheProcess();
    }

    @Test
    void signer_onATokenSomeoneElseLoggedIn_neverLogsThatLoginOut_evenWithExclusiveUse() {
        try (ModuleHandle other = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
            Cryptoki cryptoki = other.cryptoki();
            long session = cryptoki.openSession(key.token().slotId(), 0);
            char[] pin = key.token().userPin();
            try {
                cryptoki.login(session, Cku.CKU_USER, pin);
                try (Pkcs11Signer signer = signer().exclusiveModuleUse(true).build()) {
                    signer.sign(DATA);
                }

                assertThat(faults.count("C_Login")).isEqualTo(1);
                assertThat(faults.count("C_Logout")).isZero();
                assertThat(cryptoki.getSessionInfo(session).userLoggedIn()).isTrue();
            } finally {
                Arrays.fill(pin, '\0');
                cryptoki.logout(session);
                cryptoki.closeSession(session);
            }
        }
    }

    /**
     * Another library logs in between the signer's look at the login state and its {@code C_Login}, which then
     * answers {@code CKR_USER_ALREADY_LOGGED_IN}: the login is the other library's, even with exclusive use.
     */
    @Test
    void signer_whoseLoginFoundTheTokenAlreadyLoggedIn_neverLogsThatLoginOut() throws Exception {
        // Held so that the signer's close is not the module's last release, which would finalise it under the other.
        try (ModuleHandle held = ModuleRegistry.global().acquire(faults.modulePath().toString());
             ModuleHandle underneath = ModuleRegistry.global().acquire(faults.realModule().toString())) {
            faults.block("C_Login");
            CompletableFuture<Pkcs11Signer> building = CompletableFuture.supplyAsync(
                    () -> signer().exclusiveModuleUse(true).build());
            assertThat(faults.awaitBlocked("C_Login", 1, Duration.ofSeconds(30))).isTrue();
            // The other library's login goes to SoftHSM2 directly, past the fault module's gate.
            Cryptoki other = underneath.cryptoki();
            long session = other.openSession(key.token().slotId(), 0);
            char[] pin = key.token().userPin();
            try {
                other.login(session, Cku.CKU_USER, pin);
                faults.release("C_Login");
                try (Pkcs11Signer signer = building.get(30, TimeUnit.SECONDS)) {
                    signer.sign(DATA);
                }

                assertThat(faults.count("C_Login")).isEqualTo(1);
                assertThat(faults.count("C_Logout")).isZero();
                assertThat(other.getSessionInfo(session).userLoggedIn()).isTrue();
                assertThat(held.cryptoki().getSlotList(true)).contains(key.token().slotId());
            } finally {
                Arrays.fill(pin, '\0');
                faults.release("C_Login");
                other.logout(session);
                other.closeSession(session);
            }
        }
    }
}
