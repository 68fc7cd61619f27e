package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.internal.ffi.Cku;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each user of a module undoes on close, counted by the p11fault module in front of SoftHSM2: every session it
 * opened is closed (and no other), the login it made is logged out, and the module it initialised is finalised.
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
    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private static Pkcs11Uri throughFaults(Pkcs11Uri uri) {
        return uri.toBuilder().modulePath(faults.modulePath().toString()).build();
    }

    private static void assertEverythingOpenedWasUndone() {
        assertThat(faults.count("C_OpenSession")).isPositive();
        assertThat(faults.count("C_CloseSession")).isEqualTo(faults.count("C_OpenSession"));
        assertThat(faults.count("C_Logout")).isEqualTo(1);
        assertThat(faults.count("C_Initialize")).isEqualTo(1);
        assertThat(faults.count("C_Finalize")).isEqualTo(1);
    }

    @Test
    void signer_afterRecoveringFromLostSessions_closesEverySessionItOpenedOnClose() {
        Pkcs11Signer signer = Pkcs11Signer.builder().uri(throughFaults(Pkcs11Uri.parse(key.uri())))
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build();
        signer.sign(DATA);
        faults.inject("C_Sign", Ckr.CKR_SESSION_HANDLE_INVALID, 1);
        signer.sign(DATA);
        assertThat(faults.count("C_Sign")).isEqualTo(3);

        signer.close();

        assertEverythingOpenedWasUndone();
    }

    @Test
    void inventory_thatLoggedIn_closesEverySessionItOpenedOnClose() {
        try (TokenInventory inventory = TokenInventory.builder().uri(throughFaults(Pkcs11Uri.parse(key.token().uri())))
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
            assertThat(inventory.certificates()).hasSize(1);
            assertThat(inventory.privateKeys()).hasSize(1);
            assertThat(faults.count("C_Login")).isEqualTo(1);
        }

        assertEverythingOpenedWasUndone();
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

        assertEverythingOpenedWasUndone();
    }

    @Test
    void signer_whenNoTokenMatches_releasesTheModuleItInitialised() {
        Pkcs11Uri noSuchToken = throughFaults(Pkcs11Uri.builder().token("no-such-token").build());

        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(noSuchToken).build())
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
        assertEverythingOpenedWasUndone();
    }

    @Test
    void signer_onATokenSomeoneElseLoggedIn_neverLogsThatLoginOut() {
        try (ModuleHandle other = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
            Cryptoki cryptoki = other.cryptoki();
            long session = cryptoki.openSession(key.token().slotId(), 0);
            char[] pin = key.token().userPin();
            try {
                cryptoki.login(session, Cku.CKU_USER, pin);
                try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(throughFaults(Pkcs11Uri.parse(key.uri())))
                        .pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
                    signer.sign(DATA);
                }

                assertThat(faults.count("C_Login")).isEqualTo(1);
                assertThat(faults.count("C_Logout")).isZero();
                assertThat(cryptoki.getSessionInfo(session).userLoggedIn()).isTrue();
            } finally {
                java.util.Arrays.fill(pin, '\0');
                cryptoki.logout(session);
                cryptoki.closeSession(session);
            }
        }
    }
}
