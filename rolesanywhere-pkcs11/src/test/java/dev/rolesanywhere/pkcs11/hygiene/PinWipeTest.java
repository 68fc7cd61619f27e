package dev.rolesanywhere.pkcs11.hygiene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.PinIncorrectException;
import dev.rolesanywhere.pkcs11.Pkcs11Signer;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every PIN array the signer is handed is all zeros once the login it was needed for is over: the first login, a
 * login again after the token forgot it, and a login the token refused.
 */
class PinWipeTest {
    private static final byte[] DATA = "wipe".getBytes(StandardCharsets.UTF_8);

    private static TokenKey key;
    private static TokenKey refused;

    @BeforeAll
    static void tokens() {
        key = SoftHsmFixture.shared().createToken().key("wiped").type(TestKeyType.EC_P256).create();
        refused = SoftHsmFixture.shared().createToken().key("refused").type(TestKeyType.EC_P256).create();
    }

    @AfterEach
    void endEverySession() {
        // A logout behind the signer's back makes it forget (not close) its old sessions: end them, and the login.
        try (ModuleHandle module = ModuleRegistry.global().acquire(key.token().modulePath().toString())) {
            module.cryptoki().closeAllSessions(key.token().slotId());
        }
    }

    /** Hands out fresh copies of a PIN and remembers each array, so the test can look at it afterwards. */
    private static final class RecordingPin implements PinCallback {
        private final char[] pin;
        final List<char[]> handedOut = new CopyOnWriteArrayList<>();

        RecordingPin(char[] pin) {
            this.pin = pin;
        }

        @Override
        public char[] pin() {
            char[] copy = pin.clone();
            handedOut.add(copy);
            return copy;
        }
    }

    private static void assertWiped(List<char[]> arrays) {
        for (char[] a : arrays) {
            assertThat(a).as("PIN array after login").isNotEmpty().containsOnly('\0');
        }
    }

    @Test
    void build_afterLogin_hasZeroedThePinArrayItWasGiven() throws Exception {
        RecordingPin pin = new RecordingPin(key.token().userPin());
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(key.uri()).pinCallback(pin).build()) {
            assertThat(pin.handedOut).hasSize(1);
            assertWiped(pin.handedOut);
            // It did log in with that PIN before wiping it: the token signs.
            assertThat(verifies(signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void sign_afterTheTokenForgotTheLogin_logsInAgainAndZeroesTheNewArrayToo() throws Exception {
        RecordingPin pin = new RecordingPin(key.token().userPin());
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(key.uri()).pinCallback(pin).build()) {
            logOutBehindTheSignersBack();

            assertThat(verifies(signer.sign(DATA))).isTrue();

            assertThat(pin.handedOut).hasSize(2);
            assertWiped(pin.handedOut);
        }
    }

    @Test
    void build_withAPinTheTokenRefuses_zeroesThatArrayAsWell() {
        char[] wrong = "000000000".toCharArray();
        RecordingPin pin = new RecordingPin(wrong);

        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(refused.uri()).pinCallback(pin).build())
                .isInstanceOf(PinIncorrectException.class);

        assertThat(pin.handedOut).hasSize(1);
        assertWiped(pin.handedOut);
    }

    @Test
    void build_withAPinTheTokenRejectedBefore_readsItOnlyToCompare_andZeroesThatArrayToo() {
        RecordingPin pin = new RecordingPin("00000000".toCharArray());

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Pkcs11Signer.builder().uri(refused.uri()).pinCallback(pin).build())
                    .isInstanceOf(PinIncorrectException.class);
        }

        assertThat(pin.handedOut).hasSize(2);
        assertWiped(pin.handedOut);
    }

    private static boolean verifies(byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(key.publicKey());
        verifier.update(DATA);
        return verifier.verify(signature);
    }

    /** Login state belongs to the application and token, so a logout on another session ends the signer's login. */
    private static void logOutBehindTheSignersBack() {
        try (ModuleHandle module = ModuleRegistry.global().acquire(Pkcs11Uri.parse(key.uri()).modulePath().get())) {
            Cryptoki c = module.cryptoki();
            long session = c.openSession(key.token().slotId(), 0);
            try {
                c.logout(session);
            } finally {
                c.closeSession(session);
            }
        }
    }
}
