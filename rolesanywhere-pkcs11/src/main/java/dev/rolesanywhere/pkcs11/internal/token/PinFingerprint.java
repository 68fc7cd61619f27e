package dev.rolesanywhere.pkcs11.internal.token;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Recognises a PIN the token rejected without keeping it: a salted, iterated SHA-256 of its UTF-8 bytes.
 *
 * <p>Why a fingerprint of the value rather than of the source (a file's modification time, say): a callback or an
 * environment variable has no modification time, and a rewritten file that still holds the same wrong PIN must stay
 * refused. Only PINs the token rejected are ever stored; the salt is random per fingerprint and the iterations make
 * guessing a short PIN from a heap dump or a marker file slow. The derivation is written here rather than taken from
 * JCE's PBKDF2 because that keeps a copy of the password until garbage collection; here every buffer holding PIN
 * bytes is wiped before the method returns.
 */
final class PinFingerprint {
    private static final int SALT_BYTES = 16;
    private static final int ITERATIONS = 20_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] salt;
    private final byte[] digest;

    private PinFingerprint(byte[] salt, byte[] digest) {
        this.salt = salt;
        this.digest = digest;
    }

    /** A fingerprint of {@code pin} under a fresh salt; {@code pin} is left to the caller to wipe. */
    static PinFingerprint of(char[] pin) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PinFingerprint(salt, derive(pin, salt));
    }

    /** A fingerprint read back from a marker file. */
    static PinFingerprint restore(byte[] salt, byte[] digest) {
        return new PinFingerprint(salt.clone(), digest.clone());
    }

    /** True when {@code pin} is the PIN this fingerprint was made of. */
    boolean matches(char[] pin) {
        return MessageDigest.isEqual(derive(pin, salt), digest);
    }

    byte[] salt() {
        return salt.clone();
    }

    byte[] digest() {
        return digest.clone();
    }

    private static byte[] derive(char[] pin, byte[] salt) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.ceil(pin.length * (double) encoder.maxBytesPerChar()));
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            if (encoder.encode(CharBuffer.wrap(pin), bytes, true).isError()) {
                throw new IllegalStateException("UTF-8 encoding with replacement cannot fail");
            }
            sha256.update(salt);
            sha256.update(bytes.array(), 0, bytes.position());
            byte[] d = sha256.digest();
            for (int i = 1; i < ITERATIONS; i++) {
                sha256.update(d);
                sha256.update(salt);
                byte[] next = sha256.digest();
                Arrays.fill(d, (byte) 0);
                d = next;
            }
            return d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        } finally {
            Arrays.fill(bytes.array(), (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "PinFingerprint[salted]";
    }
}
