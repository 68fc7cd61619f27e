package dev.rolesanywhere.emulator.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One private Bouncy Castle provider instance for the emulator. It is deliberately not added to
 * {@link java.security.Security}: code under test must not start working only because the emulator is on the class path.
 */
public final class EmulatorBouncyCastle {
    private static final Provider PROVIDER = new BouncyCastleProvider();

    private EmulatorBouncyCastle() {
    }

    public static Provider provider() {
        return PROVIDER;
    }
}
