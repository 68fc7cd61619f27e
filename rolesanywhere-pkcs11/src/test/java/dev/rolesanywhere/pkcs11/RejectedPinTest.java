package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckf;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.pkcs11.testing.WholeProcessSessions;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One PIN decision per physical token, shared by every signer in the JVM and counted through the p11fault module: a
 * PIN the token rejected is presented once, whatever number of signers hold the same stale PIN source, and again only
 * once the source returns another PIN. Every test uses a token of its own, since this JVM remembers rejected PINs.
 */
class RejectedPinTest {
    private static final byte[] DATA = "one decision".getBytes(StandardCharsets.UTF_8);
    private static final char[] WRONG = "99999999".toCharArray();

    @TempDir
    Path temp;

    private FaultModule faults;
    private TokenKey key;
    private final List<Pkcs11Signer> signers = new ArrayList<>();

    @BeforeEach
    void freshToken() {
        key = SoftHsmFixture.shared().createToken().key("pin-decisions").type(TestKeyType.EC_P256).create();
        faults = FaultModule.overSoftHsm();
        faults.reset();
    }

    @AfterEach
    void closeSigners() {
        signers.forEach(Pkcs11Signer::close);
        faults.reset();
        WholeProcessSessions.closeAll(faults, key.token().slotId());
        faults.reset();
    }

    private Path pinFile(char[] pin) throws IOException {
        Path file = temp.resolve("pin");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, (new String(pin) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private Pkcs11Signer signer(PinCallback pin) {
        Pkcs11Signer s = Pkcs11Signer.builder().uri(Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(faults.modulePath().toString())
                .build()).pinCallback(pin).build();
        signers.add(s);
        return s;
    }

    private static void assertVerifies(TokenKey k, byte[] signature) {
        assertThat(Signatures.verifiesInJca(k.publicKey(), DATA, signature)).isTrue();
    }

    @Test
    void build_ofThreeSignersWithOneWrongPinFile_presentsThatPinOnce_andTheCorrectedFileLogsIn() throws Exception {
        PinCallback file = PinCallback.ofFile(pinFile(WRONG));

        assertThatThrownBy(() -> signer(file)).isInstanceOf(PinIncorrectException.class);
        assertThatThrownBy(() -> signer(file)).isInstanceOf(PinIncorrectException.class)
                .hasMessageContaining("not presented again");
        assertThatThrownBy(() -> signer(file)).isInstanceOf(PinIncorrectException.class)
                .hasMessageContaining("not presented again").hasMessageNotContaining(new String(WRONG));
        assertThat(faults.count("C_Login")).isEqualTo(1);

        pinFile(key.token().userPin());
        assertVerifies(key, signer(file).sign(DATA));

        assertThat(faults.count("C_Login")).isEqualTo(2);
    }

    @Test
    void sign_onThreeSignersWhenTheLoginIsLostAndThePinFileWentWrong_presentsTheWrongPinOnce() throws Exception {
        PinCallback file = PinCallback.ofFile(pinFile(key.token().userPin()));
        Pkcs11Signer first = signer(file);
        Pkcs11Signer second = signer(file);
        Pkcs11Signer third = signer(file);
        assertThat(faults.count("C_Login")).isEqualTo(1);
        pinFile(WRONG);
        WholeProcessSessions.logOut(faults, key.token().slotId());

        for (Pkcs11Signer s : new Pkcs11Signer[] {first, second, third, first, second, third}) {
            assertThatThrownBy(() -> s.sign(DATA)).isInstanceOf(PinIncorrectException.class);
        }
        assertThat(faults.count("C_Login")).isEqualTo(2);

        pinFile(key.token().userPin());
        assertVerifies(key, third.sign(DATA));
        assertVerifies(key, first.sign(DATA));
        assertVerifies(key, second.sign(DATA));
        assertThat(faults.count("C_Login")).isEqualTo(3);
    }

    @Test
    void build_withACallbackThatReturnsADifferentPinNextTime_presentsTheNewPin() {
        AtomicReference<char[]> current = new AtomicReference<>(WRONG);
        PinCallback callback = () -> current.get().clone();

        assertThatThrownBy(() -> signer(callback)).isInstanceOf(PinIncorrectException.class);
        assertThatThrownBy(() -> signer(callback)).isInstanceOf(PinIncorrectException.class)
                .hasMessageContaining("not presented again");
        assertThat(faults.count("C_Login")).isEqualTo(1);
        current.set(key.token().userPin());

        assertVerifies(key, signer(callback).sign(DATA));
        assertThat(faults.count("C_Login")).isEqualTo(2);
    }

    @Test
    void sign_whileTheTokenReportsFinalTry_failsWithoutLogin_andLogsInOnceAPersonClearedIt() {
        Pkcs11Signer signer = signer(PinCallback.ofValue(key.token().userPin()));
        WholeProcessSessions.logOut(faults, key.token().slotId());
        faults.tokenFlags(Ckf.CKF_USER_PIN_FINAL_TRY, 0);

        assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinFinalTryException.class)
                .hasMessageContaining("no login was attempted")
                .hasMessageNotContaining("retry");
        assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinFinalTryException.class);
        assertThat(faults.count("C_Login")).isEqualTo(1);

        // Someone verified the PIN by hand: the counter is reset, and this very signer logs in again.
        faults.tokenFlags(0, 0);
        assertVerifies(key, signer.sign(DATA));
        assertThat(faults.count("C_Login")).isEqualTo(2);
    }

    @Test
    void inventory_whileTheTokenReportsFinalTry_refusesWithoutLogin_andListsKeysOnceAPersonClearedIt() {
        faults.tokenFlags(Ckf.CKF_USER_PIN_FINAL_TRY, 0);
        try (TokenInventory inventory = TokenInventory.builder().uri(Pkcs11Uri.parse(key.token().uri()).toBuilder()
                .modulePath(faults.modulePath().toString()).build())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
            assertThatThrownBy(inventory::privateKeys).isInstanceOf(PinFinalTryException.class)
                    .hasMessageNotContaining("retry");

            faults.tokenFlags(0, 0);

            assertThat(inventory.privateKeys()).hasSize(1);
            assertThat(faults.count("C_Login")).isEqualTo(1);
        }
    }

    @Test
    void sign_afterTheTokenAnsweredPinLocked_presentsTheSamePinAgainOnceTheOfficerUnlockedIt() {
        Pkcs11Signer signer = signer(PinCallback.ofValue(key.token().userPin()));
        WholeProcessSessions.logOut(faults, key.token().slotId());
        faults.inject("C_Login", Ckr.CKR_PIN_LOCKED, 1);

        assertThatThrownBy(() -> signer.sign(DATA)).isInstanceOf(PinLockedException.class)
                .hasMessageContaining("security officer");

        // A locked PIN says nothing against the PIN itself: once unlocked, the same (right) PIN is presented again.
        assertVerifies(key, signer.sign(DATA));
        assertThat(faults.count("C_Login")).isEqualTo(3);
    }
}
