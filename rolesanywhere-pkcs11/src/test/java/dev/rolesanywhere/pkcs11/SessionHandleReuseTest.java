package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.NativeFixtures;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Session handles after every session on the token ended (the token was pulled out and put back, or someone closed
 * all sessions), through the p11reuse module in front of SoftHSM2: like OpenSC it hands freed handle values out again,
 * lowest first, so an old handle of ours soon names another user's live session. Old handles must then be neither
 * used, nor taken for healthy, nor closed.
 */
class SessionHandleReuseTest {
    private static final byte[] DATA = "reused handles".getBytes(StandardCharsets.UTF_8);

    /** The control function p11reuse.c exports. */
    public interface Control {
        int p11reuse_set_module(String path);
    }

    private static Path module;
    private static TokenKey key;

    /** Another user of the module in this process, as SunPKCS11 would be; holds it initialised throughout. */
    private ModuleHandle otherUser;
    private final List<Long> otherSessions = new ArrayList<>();

    @BeforeAll
    static void moduleReusingHandles() throws Exception {
        key = SoftHsmFixture.shared().createToken().key("reused").type(TestKeyType.EC_P256).create();
        module = NativeFixtures.file("libp11reuse.so");
        // Its own SoftHSM2 instance, so that closing every session on the slot touches nothing another test holds.
        Path dir = Files.createDirectories(SoftHsmFixture.shared().workDirectory().resolve("reuse-real"));
        Path real = dir.resolve("libsofthsm2.so");
        if (!Files.exists(real)) {
            Files.copy(SoftHsmFixture.shared().modulePath().toRealPath(), real);
        }
        Control control = LibraryLoader.create(Control.class).load(module.toString());
        assertThat(control.p11reuse_set_module(real.toString())).isZero();
    }

    @BeforeEach
    void otherUser() {
        otherUser = ModuleRegistry.global().acquire(module.toString());
    }

    @AfterEach
    void closeEverything() {
        otherUser.cryptoki().closeAllSessions(key.token().slotId());
        otherUser.close();
    }

    private static Pkcs11Signer signer() {
        return Pkcs11Signer.builder().uri(Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(module.toString()).build())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build();
    }

    /** What pulling the token out does to this process: every session on it ends, and with them the login. */
    private void removeAndReinsertTheToken() {
        otherUser.cryptoki().closeAllSessions(key.token().slotId());
    }

    /** The other user opens sessions: they get the lowest free handle values, i.e. ours from before the removal. */
    private void otherUserOpensSessions(int count) {
        for (int i = 0; i < count; i++) {
            otherSessions.add(otherUser.cryptoki().openSession(key.token().slotId(), 0));
        }
    }

    private void assertOtherUsersSessionsAreAllAlive() {
        Cryptoki cryptoki = otherUser.cryptoki();
        for (long session : otherSessions) {
            assertThat(cryptoki.getSessionInfo(session).slotId()).as("the other user's session %d", session)
                    .isEqualTo(key.token().slotId());
        }
    }

    private static void assertVerifies(byte[] signature) {
        assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, signature)).isTrue();
    }

    @Test
    void signers_whoseHandleValuesWentToAnotherUserAfterARemoval_neitherUseNorCloseThatUsersSessions() {
        Pkcs11Signer first = signer();
        Pkcs11Signer second = signer();
        assertVerifies(first.sign(DATA));
        assertVerifies(second.sign(DATA));

        removeAndReinsertTheToken();
        otherUserOpensSessions(16);
        // The first signer meets the removal on a handle value that is now the other user's session; the second one,
        // idle meanwhile, learns of it from the slot's shared generation and opens fresh sessions without a look.
        assertVerifies(first.sign(DATA));
        assertVerifies(second.sign(DATA));
        first.close();
        second.close();

        assertOtherUsersSessionsAreAllAlive();
    }

    @Test
    void signer_recoveringFromARemoval_neverClosesTheHandleValuesItsNewSessionsReceived() {
        Pkcs11Signer signer = signer();
        assertVerifies(signer.sign(DATA));

        removeAndReinsertTheToken();
        // Recovery opens new sessions, which get the freed values, the old login anchor's among them.
        assertVerifies(signer.sign(DATA));
        otherUserOpensSessions(4);
        assertVerifies(signer.sign(DATA));
        signer.close();

        assertOtherUsersSessionsAreAllAlive();
    }
}
