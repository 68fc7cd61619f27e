package dev.rolesanywhere.core.keys;

import dev.rolesanywhere.core.SigningAlgorithm;
import java.nio.file.Path;

/** The key types IAM Roles Anywhere accepts that OpenSSL 3.0 can make, with their OpenSSL names. */
enum KeyType {
    RSA_2048(SigningAlgorithm.RSA_SHA256, null, 2048),
    RSA_3072(SigningAlgorithm.RSA_SHA256, null, 3072),
    RSA_4096(SigningAlgorithm.RSA_SHA256, null, 4096),
    EC_P256(SigningAlgorithm.ECDSA_SHA256, "prime256v1", 0),
    EC_P384(SigningAlgorithm.ECDSA_SHA256, "secp384r1", 0),
    EC_P521(SigningAlgorithm.ECDSA_SHA256, "secp521r1", 0);

    final SigningAlgorithm algorithm;
    final String curve;
    final int bits;

    KeyType(SigningAlgorithm algorithm, String curve, int bits) {
        this.algorithm = algorithm;
        this.curve = curve;
        this.bits = bits;
    }

    boolean isEc() {
        return curve != null;
    }

    Path generate(OpenSsl ssl) {
        return isEc() ? ssl.ecKey(curve) : ssl.rsaKey(bits);
    }
}
