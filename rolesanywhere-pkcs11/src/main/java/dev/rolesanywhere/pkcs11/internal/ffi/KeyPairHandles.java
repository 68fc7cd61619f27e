package dev.rolesanywhere.pkcs11.internal.ffi;

/** The two object handles {@code C_GenerateKeyPair} returns. */
public final class KeyPairHandles {
    private final long publicKey;
    private final long privateKey;

    public KeyPairHandles(long publicKey, long privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    public long publicKey() {
        return publicKey;
    }

    public long privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "KeyPairHandles[public=" + publicKey + ", private=" + privateKey + "]";
    }
}
