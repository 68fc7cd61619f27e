package dev.rolesanywhere.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/** Random credential material shaped like the real thing, so clients' parsing and validation see realistic values. */
final class CredentialMinter {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();
    private static final char[] ROLE_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private CredentialMinter() {
    }

    /** {@code ASIA} and 16 base-32 characters: 20 in all, the temporary-credential prefix. */
    static String accessKeyId() {
        return "ASIA" + random(KEY_ID_ALPHABET, 16);
    }

    static String secretAccessKey() {
        return random(SECRET_ALPHABET, 40);
    }

    static String sessionToken() {
        byte[] bytes = new byte[240];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A stable {@code AROA…} id per role, as the service keeps one id per role. */
    static String roleId(String roleArn) {
        byte[] digest = SigV4.sha256(roleArn.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            out.append(ROLE_ID_ALPHABET[(digest[i] & 0xff) % ROLE_ID_ALPHABET.length]);
        }
        return out.toString();
    }

    private static String random(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
