package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys with {@code CKA_ALWAYS_AUTHENTICATE} (a YubiKey's slot 9c, signature keys on smart cards): a context-specific
 * login between every {@code C_SignInit} and {@code C_Sign}, through the p11fault module in front of SoftHSM2.
 */
class Pkcs11SignerAlwaysAuthenticateTest {
    private static final byte[] DATA = "every time".getBytes(StandardCharsets.UTF_8);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static FaultModule faults;
    private static TokenKey key;

    @BeforeAll
    static void tokens() {
        key = SoftHsmFixture.shared().createToken().key("always-auth").alwaysAuthenticate().create();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    private static Pkcs11Signer.Builder builder() {
        return Pkcs11Signer.builder().uri(Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(faults.modulePath().toString()).build());
    }

    private static PinCallback counting(AtomicInteger asked) {
        char[] pin = key.token().userPin();
        return () -> {
            asked.incrementAndGet();
            return pin.clone();
        };
    }

    /** A person at a terminal, as the CLI's context PIN prompt is: asked afresh, never handing out a PIN on its own. */
    private static PinCallback prompt(AtomicInteger asked) {
        PinCallback answers = counting(asked);
        return new PinCallback() {
            @Override
            public char[] pin() {
                return answers.pin();
            }

            @Override
            public boolean isReusable() {
                return false;
            }
        };
    }

    @Test
    void sign_fromTwoThreads_neverStartsASignatureBetweenAnothersContextLoginAndItsSign() throws Exception {
        try (Pkcs11Signer signer = builder().pinCallback(PinCallback.ofValue(key.token().userPin())).reusePin(true)
                .build()) {
            long signInitsBefore = faults.count("C_SignInit");
            faults.block("C_Login");
            CompletableFuture<byte[]> first;
            CompletableFuture<byte[]> second = new CompletableFuture<>();
            try {
                first = CompletableFuture.supplyAsync(() -> signer.sign(DATA));
                assertThat(faults.awaitBlocked("C_Login", 1, PATIENCE)).isTrue();
                Thread t = new Thread(() -> {
                    try {
                        second.complete(signer.sign(DATA));
                    } catch (RuntimeException e) {
                        second.completeExceptionally(e);
                    }
                }, "second-signer");
                t.start();
                awaitWaitingOnALockOrInTheModule(t);

                // The second signature waits for the first's C_SignInit - C_Login - C_Sign to end, before its own
                // C_SignInit: on a card, that C_SignInit would cancel the first one's PIN verification.
                assertThat(faults.count("C_SignInit") - signInitsBefore).isEqualTo(1);
                assertThat(LockSupport.getBlocker(t)).isNotNull();
            } finally {
                // Also on failure: close() waits for the signatures held in the module.
                faults.release("C_Login");
            }
            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, first.get(30, TimeUnit.SECONDS))).isTrue();
            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, second.get(30, TimeUnit.SECONDS))).isTrue();
            assertThat(faults.count("C_SignInit") - signInitsBefore).isEqualTo(2);
        }
    }

    /** Until {@code t} parks on a lock, or reaches C_Login in the module (where its state stays RUNNABLE). */
    private static void awaitWaitingOnALockOrInTheModule(Thread t) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Object blocker = LockSupport.getBlocker(t);
            if (t.getState() == Thread.State.WAITING && blocker != null
                    && blocker.getClass().getName().startsWith(ReentrantLock.class.getName())) {
                return;
            }
            if (faults.awaitBlocked("C_Login", 2, Duration.ofMillis(20))) {
                return;
            }
        }
        throw new AssertionError("The second signer neither waited on a lock nor reached C_Login: " + t.getState());
    }

    @Test
    void sign_whenTheTokenRejectsTheReusedUserPin_asksTheContextPinSource_andFromThenOnOnlyIt() {
        AtomicInteger userAsked = new AtomicInteger();
        AtomicInteger contextAsked = new AtomicInteger();
        try (Pkcs11Signer signer = builder().pinCallback(counting(userAsked)).reusePin(true)
                .contextPinCallback(prompt(contextAsked)).build()) {
            int userAskedAtBuild = userAsked.get();
            // A card with a separate signature PIN rejects the user PIN for the context-specific login.
            faults.inject("C_Login", Ckr.CKR_PIN_INCORRECT, 1);

            byte[] first = signer.sign(DATA);
            byte[] second = signer.sign(DATA);

            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, first)).isTrue();
            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, second)).isTrue();
            assertThat(userAsked.get() - userAskedAtBuild).isEqualTo(1);
            assertThat(contextAsked).hasValue(2);
        }
    }

    @Test
    void sign_withReusePinAndAContextPinSource_presentsTheUserPinFirst() {
        AtomicInteger userAsked = new AtomicInteger();
        AtomicInteger contextAsked = new AtomicInteger();
        try (Pkcs11Signer signer = builder().pinCallback(counting(userAsked)).reusePin(true)
                .contextPinCallback(counting(contextAsked)).build()) {
            int userAskedAtBuild = userAsked.get();

            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, signer.sign(DATA))).isTrue();

            assertThat(userAsked.get() - userAskedAtBuild).isEqualTo(1);
            assertThat(contextAsked).hasValue(0);
        }
    }
}
