package dev.rolesanywhere.cli.internal.serve;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * IMDSv2 session tokens that need no table: each carries its own expiry and a nonce, authenticated with HMAC-SHA256
 * under a key made when the process starts. However many tokens clients ask for, nothing is stored, so no client can
 * fill a table and lock others out, and a token of an earlier run is worthless.
 */
final class ImdsTokens {

    static final int MAX_TTL_SECONDS = 21600;

    private static final String MAC = "HmacSHA256";
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 16;
    private static final int MAC_BYTES = 32;
    private static final int TOKEN_BYTES = 1 + Long.BYTES + NONCE_BYTES + MAC_BYTES;
    // Base64 of TOKEN_BYTES without padding; anything longer is refused before it is decoded.
    private static final int TOKEN_CHARS = (TOKEN_BYTES * 8 + 5) / 6;

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    ImdsTokens(Clock clock) {
        this.clock = clock;
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, MAC);
        Arrays.fill(secret, (byte) 0);
    }

    /** A new token valid for {@code ttlSeconds} from now. */
    String issue(int ttlSeconds) {
        ByteBuffer token = ByteBuffer.allocate(TOKEN_BYTES);
        token.put(VERSION).putLong(clock.instant().getEpochSecond() + ttlSeconds);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        token.put(nonce);
        token.put(mac(token.array(), TOKEN_BYTES - MAC_BYTES));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.array());
    }

    /** Whether {@code token} was issued by this process and has not expired. */
    boolean isValid(String token) {
        if (token == null || token.length() != TOKEN_CHARS) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length != TOKEN_BYTES || bytes[0] != VERSION) {
            return false;
        }
        byte[] expected = mac(bytes, TOKEN_BYTES - MAC_BYTES);
        byte[] given = Arrays.copyOfRange(bytes, TOKEN_BYTES - MAC_BYTES, TOKEN_BYTES);
        if (!MessageDigest.isEqual(expected, given)) {
            return false;
        }
        long expiresAt = ByteBuffer.wrap(bytes, 1, Long.BYTES).getLong();
        return clock.instant().getEpochSecond() < expiresAt;
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide HmacSHA256.
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }
}
